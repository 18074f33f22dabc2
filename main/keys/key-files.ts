import { constants, mkdirSync } from 'node:fs';
import { type FileHandle, lstat, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { KeyFileInfo } from '../../shared/model/ssh-keys';
import { errnoCode } from '../base/errno';
import { encodeOpensshKeyFile, isEncrypted, openPrivateSection, readOpensshKeyFile } from './openssh-private-key';
import { bitsOf, fingerprintOf, parsePublicKeyLine, type PublicKey, publicKeyLine, typeNameOf } from './public-key';
import { writeFileAtomicSync } from '../base/atomic-file';
import type { GeneratedKey } from './key-generator';

/** A key file is small (an RSA 16384 private key is about 12 KiB); anything bigger is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** A folder with more entries than this is listed in part (the first ones by name). */
const MAX_ENTRIES = 2000;

export type ListedKey = Omit<KeyFileInfo, 'usedBy'>;

/**
 * The keys in ~/.ssh, as `ssh-keygen -l` would describe them: each private key with its .pub,
 * a private key in OpenSSH's format alone (its header holds the public key), a .pub alone.
 * Files that are not keys (config, known_hosts, a huge or binary file, a FIFO) are skipped
 * without being read past 64 KiB. Private key material is read only to see whether it is
 * encrypted and never leaves this module.
 */
export async function listKeyFiles(sshDir: string): Promise<ListedKey[]> {
  let names: string[];
  try {
    names = (await readdir(sshDir)).sort().slice(0, MAX_ENTRIES);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw new AppError('KEY_UNREADABLE', `${sshDir} cannot be read (${errnoCode(error) ?? 'error'}).`);
  }
  const privateKeys = new Map<string, ListedKey>();
  for (const name of names.filter((candidate) => !candidate.endsWith('.pub'))) {
    const listed = await describePrivate(sshDir, name);
    if (listed) privateKeys.set(name, listed);
  }
  const keys: ListedKey[] = [];
  for (const name of names) {
    // A .pub is listed with its private key, or alone when there is none.
    const listed = name.endsWith('.pub') ? (privateKeys.has(name.slice(0, -4)) ? undefined : await describePublicAlone(sshDir, name)) : privateKeys.get(name);
    if (listed) keys.push(listed);
  }
  return keys;
}

async function describePrivate(sshDir: string, name: string): Promise<ListedKey | undefined> {
  const privatePath = join(sshDir, name);
  const text = await readSmallText(privatePath);
  if (text === undefined || !/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text.trimStart())) return undefined;
  const openssh = readOpensshKeyFile(text);
  const publicPath = `${privatePath}.pub`;
  const publicText = await readSmallText(publicPath);
  const fromPub = publicText === undefined ? undefined : parsePublicKeyLine(publicText);
  const publicKey = fromPub ?? (openssh ? { algorithm: algorithmOf(openssh.publicBlob), blob: openssh.publicBlob, comment: '' } : undefined);
  if (!publicKey || publicKey.algorithm === '') return undefined;
  return {
    ...describe(publicKey, name),
    privatePath,
    ...(fromPub ? { publicPath } : {}),
    isEncrypted: openssh ? isEncrypted(openssh) : /ENCRYPTED/.test(text.slice(0, 200)),
    canChangePassphrase: openssh !== undefined,
  };
}

async function describePublicAlone(sshDir: string, name: string): Promise<ListedKey | undefined> {
  const publicPath = join(sshDir, name);
  const text = await readSmallText(publicPath);
  const publicKey = text === undefined ? undefined : parsePublicKeyLine(text);
  if (!publicKey) return undefined;
  return { ...describe(publicKey, name), publicPath, canChangePassphrase: false };
}

function describe(key: PublicKey, name: string): Omit<ListedKey, 'canChangePassphrase'> {
  const bits = bitsOf(key.algorithm, key.blob);
  return {
    name,
    algorithm: key.algorithm,
    type: typeNameOf(key.algorithm),
    ...(bits === undefined ? {} : { bits }),
    fingerprint: fingerprintOf(key.blob),
    comment: key.comment,
    publicKey: publicKeyLine(key),
  };
}

function algorithmOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= 64 && 4 + length <= blob.length ? blob.subarray(4, 4 + length).toString('latin1') : '';
}

/** The text of a regular file of at most 64 KiB; undefined for anything else, never blocking on a FIFO. */
export async function readSmallText(path: string): Promise<string | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_KEY_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(Math.min(info.size, MAX_KEY_FILE_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_KEY_FILE_BYTES) return undefined;
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes a new key pair: the private key 0600, the public key 0644, each through a temp file
 * linked to its name (so nothing half-written is ever at the name, and an existing file is
 * never replaced: KEY_FILE_EXISTS names it).
 */
export async function writeKeyPair(sshDir: string, name: string, key: GeneratedKey, passphrase: string): Promise<void> {
  const privatePath = join(sshDir, name);
  const publicPath = `${privatePath}.pub`;
  for (const path of [privatePath, publicPath]) await refuseExisting(path);
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  const line = `${publicKeyLine({ algorithm: key.algorithm, blob: key.publicBlob, comment: key.section.comment })}\n`;
  writeNew(privatePath, await encodeOpensshKeyFile(key.publicBlob, key.section, passphrase), 0o600);
  try {
    writeNew(publicPath, line, 0o644);
  } catch (error) {
    // Only when the .pub appeared between the check and the write: the private key just written goes.
    await unlink(privatePath);
    throw error;
  }
}

/**
 * Changes (or removes, with an empty `next`) the passphrase of a private key in OpenSSH's
 * format: the same key and comment, sealed again with a fresh salt, written atomically with
 * the file's mode kept.
 */
export async function changeKeyPassphrase(sshDir: string, name: string, current: string, next: string): Promise<void> {
  const path = join(sshDir, name);
  const text = await readSmallText(path);
  const file = text === undefined ? undefined : readOpensshKeyFile(text);
  if (!file) {
    throw new AppError('KEY_UNREADABLE', `~/.ssh/${name} is not a private key in OpenSSH's format; Jumpgate changes the passphrase of those only.`);
  }
  const section = await openPrivateSection(file, current, `~/.ssh/${name}`);
  const mode = (await stat(path)).mode & 0o777;
  writeFileAtomicSync(path, await encodeOpensshKeyFile(file.publicBlob, section, next), { mode });
}

/** Anything at the name counts, a dangling link included (it is never written through). */
async function refuseExisting(path: string): Promise<void> {
  try {
    await lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw writeFailure(path, error);
  }
  throw existsError(path);
}

function writeNew(path: string, data: string, mode: number): void {
  try {
    writeFileAtomicSync(path, data, { mode, exclusive: true });
  } catch (error) {
    if (AppError.is(error)) throw error;
    throw errnoCode(error) === 'EEXIST' ? existsError(path) : writeFailure(path, error);
  }
}

function existsError(path: string): AppError {
  return new AppError('KEY_FILE_EXISTS', `${path} exists already; choose another name (nothing was overwritten).`, { details: { file: path } });
}

function writeFailure(path: string, error: unknown): AppError {
  return new AppError('STORAGE_WRITE_FAILED', `${path} could not be written (${errnoCode(error) ?? 'error'}).`, { details: { file: path } });
}
