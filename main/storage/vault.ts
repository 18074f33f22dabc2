import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { VaultStatus as VaultStatusSchema } from '../../shared/ipc/contract';
import type { StorageProblem } from './storage-problem';
import { PassphraseGate, type Sleeper } from './passphrase-gate';
import { DEFAULT_SCRYPT, KEY_BYTES, SALT_BYTES, type ScryptParams, deriveKey, seal, unseal } from './vault-crypto';
import { AAD, SecretMap, type VaultFile, readVaultFile, writeVaultFile } from './vault-file';
import { errnoCode } from '../base/errno';
import { Emitter } from '../../shared/base/event';

export type VaultStatus = z.infer<typeof VaultStatusSchema>;
export type OsKeyringState = VaultStatus['osKeyring'];

/**
 * What the vault needs of the OS keyring. In the app, Electron's safeStorage behind it (main/app);
 * the CLI and the bridge pass none. `backend()` says 'basic_text' for Linux's plain-text fallback
 * (safeStorage.getSelectedStorageBackend() === 'basic_text'), which is never trusted.
 */
export interface OsEncryption {
  isEncryptionAvailable(): boolean;
  backend(): OsKeyringState;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export interface VaultOptions {
  file: string;
  os?: OsEncryption;
  /** scrypt cost for new wraps (tests use a cheap one); what was used is recorded in the file. */
  scrypt?: ScryptParams;
  /** How the gate waits after wrong passphrases (tests record the delays instead). */
  sleep?: Sleeper;
  /** The KDF (tests count how many run at once). */
  deriveKey?: typeof deriveKey;
}

const MIN_PASSPHRASE = 8;
const MAX_PASSPHRASE = 1024;

interface Open {
  key: Buffer;
  secrets: Map<string, string>;
  file: VaultFile;
}

/**
 * Secrets (passwords, key passphrases, saved keyboard-interactive answers), encrypted at rest and
 * never written anywhere else. A random data key encrypts them; the passphrase (scrypt) and, in
 * the app with a real OS keyring, safeStorage each wrap that key. With a keyring the vault opens
 * by itself; the passphrase still opens it anywhere (the CLI, another machine's keyring).
 * Nothing here logs, and no error message carries a secret.
 */
export class Vault {
  readonly #path: string;
  readonly #os: OsEncryption | undefined;
  readonly #scrypt: ScryptParams;
  readonly #derive: typeof deriveKey;
  /** One passphrase derivation at a time, slower after wrong ones. */
  readonly #gate: PassphraseGate;
  #open: Open | undefined;
  /** After lock(), the keyring must not silently reopen the vault. */
  #isLockedByUser = false;
  /** The keyring wrap the OS keyring failed to open, so it is not asked again. */
  #refusedKeyringWrap: string | undefined;
  /** Bumped by lock(), so an unlock that finishes after it does not undo it. */
  #generation = 0;
  readonly #changed = new Emitter<void>();
  /** Set up, unlocked, locked, or what it holds changed: windows show its state and contents again. */
  readonly onDidChange = this.#changed.event;

  constructor(options: VaultOptions) {
    this.#path = options.file;
    this.#os = options.os;
    this.#scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.#derive = options.deriveKey ?? deriveKey;
    this.#gate = new PassphraseGate(options.sleep);
  }

  get path(): string {
    return this.#path;
  }

  /** The vault file exists but cannot be used (broken, newer format); read from the file each time. */
  get problems(): StorageProblem[] {
    const read = readVaultFile(this.#path);
    if (read.kind !== 'unusable') return [];
    return [
      {
        file: this.#path,
        message: `${basename(this.#path)} cannot be opened: ${read.reason}. It was left untouched; saved secrets are unavailable until it is restored or moved away.`,
      },
    ];
  }

  status(): VaultStatus {
    const osKeyring = this.#osKeyring();
    if (!this.#open) {
      const read = readVaultFile(this.#path);
      if (read.kind === 'missing') return { state: 'uninitialized', protection: osKeyring === 'available' ? 'os-keyring' : 'passphrase', osKeyring };
      if (read.kind === 'unusable') return { state: 'locked', protection: 'passphrase', osKeyring };
      if (!this.#openWithKeyring(read.file, osKeyring)) return { state: 'locked', protection: protectionOf(read.file, osKeyring), osKeyring };
    }
    return { state: 'unlocked', protection: protectionOf(this.#open!.file, osKeyring), osKeyring };
  }

  async setup(passphrase: string): Promise<VaultStatus> {
    checkNewPassphrase(passphrase);
    if (readVaultFile(this.#path).kind !== 'missing') throw this.#alreadySetUp();
    const generation = this.#generation;
    const key = randomBytes(KEY_BYTES);
    const file: VaultFile = {
      format: 'jumpgate-vault',
      version: 1,
      passphrase: await this.#gate.run(async () => ({ value: await this.#wrapWithPassphrase(key, passphrase) })),
      secrets: seal(key, Buffer.from('{}'), AAD.secrets),
    };
    const osWrap = this.#osKeyring() === 'available' ? this.#wrapWithKeyring(key) : undefined;
    if (osWrap) file.osKeyring = osWrap;
    try {
      mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
      writeVaultFile(this.#path, file, { exclusive: true });
    } catch (error) {
      key.fill(0);
      if (errnoCode(error) === 'EEXIST') throw this.#alreadySetUp();
      throw this.#writeFailed(error);
    }
    if (generation === this.#generation) this.#setOpen({ key, secrets: new Map(), file });
    else key.fill(0);
    this.#changed.fire();
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    const generation = this.#generation;
    const { file, key } = await this.#checkPassphrase(passphrase);
    if (!key) throw new AppError('VAULT_WRONG_PASSPHRASE', 'That is not the vault passphrase. The vault stays locked.');
    const secrets = openSecrets(key, file);
    if (!secrets) {
      key.fill(0);
      throw this.#corrupt('its secrets do not decrypt (the file was altered or damaged)');
    }
    if (generation !== this.#generation) {
      key.fill(0);
      return this.status();
    }
    this.#setOpen({ key, secrets, file: this.#addKeyringWrap(file, key) });
    this.#changed.fire();
    return this.status();
  }

  lock(): VaultStatus {
    this.#generation++;
    this.#isLockedByUser = true;
    const wasOpen = this.#open !== undefined;
    this.#open?.key.fill(0);
    this.#open = undefined;
    if (wasOpen) this.#changed.fire();
    return this.status();
  }

  /** Re-wraps the data key under `next`; the secrets are not touched, the write is atomic. */
  async changePassphrase(current: string, next: string): Promise<VaultStatus> {
    checkNewPassphrase(next);
    const { key } = await this.#checkPassphrase(current);
    if (!key) throw new AppError('VAULT_WRONG_PASSPHRASE', 'The current passphrase is not correct, so the passphrase was not changed.');
    try {
      const passphrase = await this.#gate.run(async () => ({ value: await this.#wrapWithPassphrase(key, next) }));
      // Re-read: a secret saved while scrypt ran must not be lost to this write.
      const latest = readVaultFile(this.#path);
      if (latest.kind !== 'ok' || !openSecrets(key, latest.file)) {
        throw new AppError('STORAGE_WRITE_FAILED', 'The vault changed while its passphrase was being changed, so nothing was changed. Try again.');
      }
      const updated: VaultFile = { ...latest.file, passphrase };
      this.#write(updated);
      if (this.#open) this.#open.file = updated;
    } finally {
      key.fill(0);
    }
    return this.status();
  }

  /** The names of what the vault holds (names only: the secrets stay inside). */
  secretNames(): string[] {
    return [...this.#current(false).secrets.keys()].sort();
  }

  getSecret(name: string): string | undefined {
    return this.#current(false).secrets.get(name);
  }

  setSecret(name: string, value: string): void {
    checkSecretName(name);
    if (typeof value !== 'string') throw new AppError('INVALID_ARGUMENT', 'A secret must be text.');
    const current = this.#current(true);
    this.#saveSecrets(current, new Map(current.secrets).set(name, value));
  }

  deleteSecret(name: string): void {
    const current = this.#current(true);
    if (!current.secrets.has(name)) return;
    const secrets = new Map(current.secrets);
    secrets.delete(name);
    this.#saveSecrets(current, secrets);
  }

  /** Deletes every secret whose name starts with `prefix` (e.g. all of a removed profile's); returns how many. */
  deleteSecrets(prefix: string): number {
    checkSecretName(prefix);
    const current = this.#current(true);
    const secrets = new Map([...current.secrets].filter(([name]) => !name.startsWith(prefix)));
    const count = current.secrets.size - secrets.size;
    if (count > 0) this.#saveSecrets(current, secrets);
    return count;
  }

  /**
   * The open vault as it is on disk now (another process may have saved a secret or changed the
   * passphrase). When the file on disk is not ours any more, reads fall back to memory and
   * writes refuse, so a replaced or damaged file is never overwritten.
   */
  #current(isForWrite: boolean): Open {
    if (!this.#open) this.status();
    const open = this.#open;
    if (!open) throw new AppError('VAULT_LOCKED', 'The vault is locked, so saved secrets cannot be used.', { hint: { kind: 'unlock-vault' } });
    const read = readVaultFile(this.#path);
    if (read.kind === 'missing') return open;
    const secrets = read.kind === 'ok' ? openSecrets(open.key, read.file) : undefined;
    if (read.kind === 'ok' && secrets) {
      open.file = read.file;
      open.secrets = secrets;
    } else if (isForWrite) {
      throw this.#corrupt('the file was replaced or damaged since it was unlocked; lock and unlock it again');
    }
    return open;
  }

  #saveSecrets(open: Open, secrets: Map<string, string>): void {
    const file: VaultFile = { ...open.file, secrets: seal(open.key, Buffer.from(JSON.stringify(Object.fromEntries(secrets)), 'utf8'), AAD.secrets) };
    this.#write(file);
    open.file = file;
    open.secrets = secrets;
    this.#changed.fire();
  }

  #setOpen(open: Open): void {
    this.#open?.key.fill(0);
    this.#open = open;
    this.#isLockedByUser = false;
  }

  #readUsable(): VaultFile {
    const read = readVaultFile(this.#path);
    if (read.kind === 'missing') throw new AppError('VAULT_NOT_SET_UP', 'There is no vault yet. Set one up with a passphrase first.');
    if (read.kind === 'unusable') throw this.#corrupt(read.reason);
    return read.file;
  }

  /** The vault file as it is now and its data key, or no key when `passphrase` is wrong; through the gate. */
  #checkPassphrase(passphrase: string): Promise<{ file: VaultFile; key: Buffer | undefined }> {
    return this.#gate.run(async () => {
      const file = this.#readUsable();
      const key = await this.#unwrapWithPassphrase(file, passphrase);
      return { value: { file, key }, isRight: key !== undefined };
    });
  }

  async #wrapWithPassphrase(key: Buffer, passphrase: string): Promise<VaultFile['passphrase']> {
    const salt = randomBytes(SALT_BYTES);
    const wrapping = await this.#derive(passphrase, salt, this.#scrypt);
    try {
      return { kdf: 'scrypt', ...this.#scrypt, salt: salt.toString('base64'), key: seal(wrapping, key, AAD.passphraseKey) };
    } finally {
      wrapping.fill(0);
    }
  }

  async #unwrapWithPassphrase(file: VaultFile, passphrase: string): Promise<Buffer | undefined> {
    const { N, r, p, salt } = file.passphrase;
    const wrapping = await this.#derive(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
    try {
      const key = unseal(wrapping, file.passphrase.key, AAD.passphraseKey);
      return key?.length === KEY_BYTES ? key : undefined;
    } finally {
      wrapping.fill(0);
    }
  }

  #osKeyring(): OsKeyringState {
    if (!this.#os) return 'unavailable';
    try {
      const backend = this.#os.backend();
      if (backend !== 'available') return backend;
      return this.#os.isEncryptionAvailable() ? 'available' : 'unavailable';
    } catch {
      return 'unavailable';
    }
  }

  #wrapWithKeyring(key: Buffer): VaultFile['osKeyring'] {
    try {
      return { key: this.#os!.encryptString(key.toString('base64')).toString('base64') };
    } catch {
      return undefined; // The passphrase alone still protects the vault.
    }
  }

  #openWithKeyring(file: VaultFile, osKeyring: OsKeyringState): boolean {
    if (this.#isLockedByUser || osKeyring !== 'available' || !file.osKeyring) return false;
    // One refusal is enough: asking again on every status() could prompt the user each time.
    if (this.#refusedKeyringWrap === file.osKeyring.key) return false;
    try {
      const key = Buffer.from(this.#os!.decryptString(Buffer.from(file.osKeyring.key, 'base64')), 'base64');
      const secrets = key.length === KEY_BYTES ? openSecrets(key, file) : undefined;
      if (secrets) {
        this.#setOpen({ key, secrets, file });
        return true;
      }
    } catch {
      // A reset or different keyring: the passphrase still opens the vault.
    }
    this.#refusedKeyringWrap = file.osKeyring.key;
    return false;
  }

  /**
   * After a passphrase unlock where a keyring is available: a vault made without one (the CLI)
   * gains a keyring wrap, and one whose wrap this keyring refused gets a fresh wrap.
   */
  #addKeyringWrap(file: VaultFile, key: Buffer): VaultFile {
    if (this.#osKeyring() !== 'available') return file;
    if (file.osKeyring && this.#refusedKeyringWrap !== file.osKeyring.key) return file;
    const osKeyring = this.#wrapWithKeyring(key);
    if (!osKeyring) return file;
    try {
      const updated = { ...file, osKeyring };
      this.#write(updated);
      return updated;
    } catch {
      return file;
    }
  }

  #write(file: VaultFile): void {
    try {
      writeVaultFile(this.#path, file);
    } catch (error) {
      throw this.#writeFailed(error);
    }
  }

  #alreadySetUp(): AppError {
    return new AppError('VAULT_ALREADY_SET_UP', `A vault already exists (${this.#path}). Unlock it, or move that file away to start a new, empty one.`);
  }

  #corrupt(reason: string): AppError {
    return new AppError('STORAGE_CORRUPT', `The vault (${this.#path}) cannot be opened: ${reason}. It was left untouched.`);
  }

  #writeFailed(error: unknown): AppError {
    if (AppError.is(error)) return error;
    const code = (error as { code?: unknown }).code;
    return new AppError(
      'STORAGE_WRITE_FAILED',
      `Could not save the vault (${typeof code === 'string' ? code : 'write error'}). Check the disk and the folder's permissions.`,
      {
        cause: error,
      },
    );
  }
}

function protectionOf(file: VaultFile, osKeyring: OsKeyringState): VaultStatus['protection'] {
  return file.osKeyring && osKeyring === 'available' ? 'os-keyring' : 'passphrase';
}

function openSecrets(key: Buffer, file: VaultFile): Map<string, string> | undefined {
  const plain = unseal(key, file.secrets, AAD.secrets);
  if (!plain) return undefined;
  try {
    const parsed = SecretMap.safeParse(JSON.parse(plain.toString('utf8')));
    return parsed.success ? new Map(Object.entries(parsed.data)) : undefined;
  } catch {
    return undefined;
  } finally {
    plain.fill(0);
  }
}

function checkNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE || passphrase.length > MAX_PASSPHRASE) {
    throw new AppError('INVALID_ARGUMENT', `A vault passphrase must be ${MIN_PASSPHRASE} to ${MAX_PASSPHRASE} characters long.`);
  }
}

function checkSecretName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 512) {
    throw new AppError('INVALID_ARGUMENT', 'A secret needs a name of 1 to 512 characters.');
  }
}
