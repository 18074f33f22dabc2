import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../../shared/errors';
import type { ProfileId } from '../../../../shared/model/profile';
import { secretNames } from '../../../../main/storage/secret-names';
import { type OsEncryption, type OsKeyringState, Vault } from '../../../../main/storage/vault';
import { DEFAULT_SCRYPT, deriveKey } from '../../../../main/storage/vault-crypto';
import { pollUntil } from '../../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

// Cheap scrypt for most tests; one test below runs the real cost.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const SECRET = 'hunter2-the-real-password';

/** A stand-in for safeStorage: reversible, tagged, and counting what it was asked to do. */
function fakeOs(backend: OsKeyringState): OsEncryption & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => backend !== 'unavailable',
    backend: () => backend,
    encryptString: (text) => {
      calls.push('encrypt');
      return Buffer.from(`os:${Buffer.from(text).reverse().toString('hex')}`);
    },
    decryptString: (data) => {
      calls.push('decrypt');
      const text = data.toString();
      if (!text.startsWith('os:')) throw new Error('not ours');
      return Buffer.from(text.slice(3), 'hex').reverse().toString();
    },
  };
}

const code = (expected: string) => expect.objectContaining({ code: expected }) as AppError;

describe('Vault', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('vault');
    file = join(dir.path, 'vault.json');
  });
  afterEach(() => dir.dispose());

  const vault = (os?: OsEncryption) => new Vault({ file, os, scrypt: FAST });

  it('says when it changes (set up, unlocked, locked, what it holds) and lists the names it holds, not the secrets', async () => {
    const v = vault();
    let changes = 0;
    v.onDidChange(() => changes++);
    await v.setup(PASS);
    expect(changes).toBe(1);
    v.setSecret('ssh-password:deploy@build:22', SECRET);
    v.setSecret('key-passphrase:~/.ssh/id_ed25519', 'another');
    expect(changes).toBe(3);
    expect(v.secretNames()).toEqual(['key-passphrase:~/.ssh/id_ed25519', 'ssh-password:deploy@build:22']);
    v.deleteSecret('ssh-password:deploy@build:22');
    v.deleteSecret('ssh-password:deploy@build:22');
    expect(changes).toBe(4);
    v.lock();
    v.lock();
    expect(changes).toBe(5);
    expect(() => v.secretNames()).toThrowError(code('VAULT_LOCKED'));
    await v.unlock(PASS);
    expect(changes).toBe(6);
  });

  it('round trip: setup, set, lock, unlock, get, in a second process too', async () => {
    const first = vault();
    expect(first.status()).toEqual({ state: 'uninitialized', protection: 'passphrase', osKeyring: 'unavailable' });
    expect(await first.setup(PASS)).toEqual({ state: 'unlocked', protection: 'passphrase', osKeyring: 'unavailable' });
    first.setSecret('profile/abc/password', SECRET);
    first.setSecret('profile/abc/kbd/0', 'ünïcode ✓');
    expect(first.lock().state).toBe('locked');
    expect(() => first.getSecret('profile/abc/password')).toThrowError(code('VAULT_LOCKED'));
    expect(() => first.setSecret('x', 'y')).toThrowError(code('VAULT_LOCKED'));
    expect((await first.unlock(PASS)).state).toBe('unlocked');
    expect(first.getSecret('profile/abc/password')).toBe(SECRET);

    const second = vault();
    expect(second.status().state).toBe('locked');
    await second.unlock(PASS);
    expect(second.getSecret('profile/abc/kbd/0')).toBe('ünïcode ✓');
    second.deleteSecret('profile/abc/kbd/0');
    // The first one sees what the second saved: reads follow the file.
    expect(first.getSecret('profile/abc/kbd/0')).toBeUndefined();
    expect(first.getSecret('profile/abc/password')).toBe(SECRET);
    expect(first.getSecret('never-set')).toBeUndefined();
  });

  it('a wrong passphrase is a coded error without the passphrase in it, and the vault stays locked', async () => {
    await vault().setup(PASS);
    const other = vault();
    const error = await other.unlock('not the passphrase').catch((caught: unknown) => caught);
    expect(error).toEqual(code('VAULT_WRONG_PASSPHRASE'));
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('not the passphrase');
    expect(other.status().state).toBe('locked');
    expect(() => other.getSecret('a')).toThrowError(code('VAULT_LOCKED'));
  });

  it('changing the passphrase: the old one stops working, the secrets stay, the file is replaced whole', async () => {
    const v = vault();
    await v.setup(PASS);
    v.setSecret('k', SECRET);
    const before = JSON.parse(readFileSync(file, 'utf8')) as { secrets: unknown; passphrase: { salt: string } };
    await expect(v.changePassphrase('wrong passphrase', 'new passphrase!')).rejects.toEqual(code('VAULT_WRONG_PASSPHRASE'));
    await expect(v.changePassphrase(PASS, 'short')).rejects.toEqual(code('INVALID_ARGUMENT'));
    expect((await v.changePassphrase(PASS, 'new passphrase!')).state).toBe('unlocked');

    const after = JSON.parse(readFileSync(file, 'utf8')) as { secrets: unknown; passphrase: { salt: string } };
    expect(after.secrets).toEqual(before.secrets); // only the data key was re-wrapped
    expect(after.passphrase.salt).not.toBe(before.passphrase.salt);
    expect(readdirSync(dir.path)).toEqual(['vault.json']); // no temp file left behind

    const reopened = vault();
    await expect(reopened.unlock(PASS)).rejects.toEqual(code('VAULT_WRONG_PASSPHRASE'));
    await reopened.unlock('new passphrase!');
    expect(reopened.getSecret('k')).toBe(SECRET);
  });

  it('no secret and no passphrase appears in the file, which is owner-only', async () => {
    const v = vault();
    await v.setup(PASS);
    v.setSecret('profile/abc/password', SECRET);
    const bytes = readFileSync(file);
    for (const needle of [SECRET, PASS, 'profile/abc/password', Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')]) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
    expect(bytes.includes(Buffer.from(SECRET, 'utf16le'))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('records its scrypt parameters, and opens with the recorded ones', async () => {
    await new Vault({ file, scrypt: { N: 2 ** 11, r: 4, p: 2 } }).setup(PASS);
    const recorded = (JSON.parse(readFileSync(file, 'utf8')) as { passphrase: Record<string, unknown> }).passphrase;
    expect(recorded).toMatchObject({ kdf: 'scrypt', N: 2048, r: 4, p: 2 });
    // A vault built with the default (expensive) parameters still opens this file.
    const reader = new Vault({ file });
    expect((await reader.unlock(PASS)).state).toBe('unlocked');
  });

  it('uses N=2^17, r=8, p=1 by default and records them in the file', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    const v = new Vault({ file });
    await v.setup(PASS);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { passphrase: { N: number } }).passphrase.N).toBe(131072);
  });

  it('refuses to set up over an existing vault, and to unlock a missing one', async () => {
    await expect(vault().unlock(PASS)).rejects.toEqual(code('VAULT_NOT_SET_UP'));
    await expect(vault().setup('short')).rejects.toEqual(code('INVALID_ARGUMENT'));
    await vault().setup(PASS);
    const before = readFileSync(file);
    await expect(vault().setup('another passphrase')).rejects.toEqual(code('VAULT_ALREADY_SET_UP'));
    expect(readFileSync(file)).toEqual(before);
  });

  it('a damaged vault file is reported, left untouched, and never overwritten', async () => {
    writeFileSync(file, '{"format":"jumpgate-vault",');
    const v = vault();
    expect(v.status().state).toBe('locked');
    expect(v.problems[0]?.message).toMatch(/not valid JSON.*left untouched/);
    await expect(v.unlock(PASS)).rejects.toEqual(code('STORAGE_CORRUPT'));
    await expect(v.setup(PASS)).rejects.toEqual(code('VAULT_ALREADY_SET_UP'));
    expect(readFileSync(file, 'utf8')).toBe('{"format":"jumpgate-vault",');
  });

  it('altered ciphertext does not open', async () => {
    const v = vault();
    await v.setup(PASS);
    v.setSecret('k', SECRET);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { secrets: { data: string } };
    const data = Buffer.from(json.secrets.data, 'base64');
    data[0] = data[0]! ^ 1;
    json.secrets.data = data.toString('base64');
    writeFileSync(file, JSON.stringify(json));
    await expect(vault().unlock(PASS)).rejects.toEqual(code('STORAGE_CORRUPT'));
  });

  it('with a real OS keyring: set up wrapped by it, opens by itself, and the passphrase still works without it', async () => {
    const os = fakeOs('available');
    expect(vault(os).status()).toEqual({ state: 'uninitialized', protection: 'os-keyring', osKeyring: 'available' });
    const app = vault(os);
    expect(await app.setup(PASS)).toEqual({ state: 'unlocked', protection: 'os-keyring', osKeyring: 'available' });
    app.setSecret('k', SECRET);

    const nextLaunch = vault(os);
    expect(nextLaunch.status()).toEqual({ state: 'unlocked', protection: 'os-keyring', osKeyring: 'available' });
    expect(nextLaunch.getSecret('k')).toBe(SECRET);
    // After an explicit lock the keyring does not reopen it behind the user's back.
    expect(nextLaunch.lock().state).toBe('locked');
    expect(() => nextLaunch.getSecret('k')).toThrowError(code('VAULT_LOCKED'));

    const cli = vault();
    expect(cli.status()).toEqual({ state: 'locked', protection: 'passphrase', osKeyring: 'unavailable' });
    await cli.unlock(PASS);
    expect(cli.getSecret('k')).toBe(SECRET);
  });

  it('never trusts the basic_text keyring: passphrase mode, and status says why', async () => {
    const os = fakeOs('basic_text');
    const v = vault(os);
    expect(v.status()).toEqual({ state: 'uninitialized', protection: 'passphrase', osKeyring: 'basic_text' });
    expect(await v.setup(PASS)).toEqual({ state: 'unlocked', protection: 'passphrase', osKeyring: 'basic_text' });
    v.setSecret('k', SECRET);
    await v.unlock(PASS);
    expect(os.calls).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('osKeyring');
    expect(vault(os).status().state).toBe('locked');
  });

  it('a vault made without a keyring gains the keyring wrap when unlocked where there is one', async () => {
    await vault().setup(PASS);
    const os = fakeOs('available');
    const app = vault(os);
    expect(app.status()).toEqual({ state: 'locked', protection: 'passphrase', osKeyring: 'available' });
    await app.unlock(PASS);
    expect(vault(os).status()).toEqual({ state: 'unlocked', protection: 'os-keyring', osKeyring: 'available' });
  });

  it('a lock during an unlock wins', async () => {
    await vault().setup(PASS);
    const v = vault();
    const unlocking = v.unlock(PASS);
    v.lock();
    expect((await unlocking).state).toBe('locked');
  });
});

describe('secret names', () => {
  it('keeps a profile’s secrets under one prefix, apart from other profiles and from keys', async () => {
    const dir = makeTempDir('vault-names');
    try {
      const v = new Vault({ file: join(dir.path, 'vault.json'), scrypt: FAST });
      await v.setup(PASS);
      const a = 'profileAAAA' as ProfileId;
      const b = 'profileBBBB' as ProfileId;
      v.setSecret(secretNames.password(a), 'pa');
      v.setSecret(secretNames.keyboardInteractive(a, 'Verification code: '), '123456');
      v.setSecret(secretNames.password(b), 'pb');
      v.setSecret(secretNames.keyPassphrase('/home/u/.ssh/id_ed25519'), 'kp');
      expect(secretNames.keyboardInteractive(a, 'Verification code: ')).not.toBe(secretNames.keyboardInteractive(a, 'Password: '));
      expect(v.deleteSecrets(secretNames.profile(a))).toBe(2);
      expect(v.getSecret(secretNames.password(a))).toBeUndefined();
      expect(v.getSecret(secretNames.password(b))).toBe('pb');
      expect(v.getSecret(secretNames.keyPassphrase('/home/u/.ssh/id_ed25519'))).toBe('kp');
    } finally {
      dir.dispose();
    }
  });
});

describe('Vault with a keyring that no longer opens its wrap', () => {
  it('asks the keyring once, falls back to the passphrase, then re-wraps for the next launch', async () => {
    const dir = makeTempDir('vault-keyring');
    try {
      const file = join(dir.path, 'vault.json');
      await new Vault({ file, os: fakeOs('available'), scrypt: FAST }).setup(PASS);
      // Another keyring (a reset login keychain) cannot open the old wrap.
      const resetKeyring = fakeOs('available');
      resetKeyring.decryptString = (data) => {
        resetKeyring.calls.push('decrypt');
        if (data.toString().startsWith('os:')) throw new Error('keyring reset');
        return Buffer.from(data.toString().slice(6), 'hex').reverse().toString();
      };
      resetKeyring.encryptString = (text) => {
        resetKeyring.calls.push('encrypt');
        return Buffer.from(`os-v2:${Buffer.from(text).reverse().toString('hex')}`);
      };
      const v = new Vault({ file, os: resetKeyring, scrypt: FAST });
      expect(v.status().state).toBe('locked');
      expect(v.status().state).toBe('locked');
      expect(resetKeyring.calls).toEqual(['decrypt']);
      await v.unlock(PASS);
      expect(resetKeyring.calls).toEqual(['decrypt', 'encrypt']);
      expect(new Vault({ file, os: resetKeyring, scrypt: FAST }).status()).toEqual({ state: 'unlocked', protection: 'os-keyring', osKeyring: 'available' });
    } finally {
      dir.dispose();
    }
  });
});

describe('Vault passphrase attempts', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir('vault-gate')));
  afterEach(() => dir.dispose());

  it('sixteen wrong unlocks at once run one KDF at a time, wait longer after each failure, and leave other work free; the right one still opens', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const slept: number[] = [];
    // The first wait holds until the test lets it go: meanwhile the queue is full and pending.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const v = new Vault({
      file: join(dir.path, 'vault.json'),
      scrypt: FAST,
      sleep: async (ms) => {
        slept.push(ms);
        if (slept.length === 1) await held;
      },
      deriveKey: async (...args) => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        try {
          return await deriveKey(...args);
        } finally {
          running--;
        }
      },
    });
    await v.setup(PASS);
    v.lock();
    mostAtOnce = 0;
    const attempts = Array.from({ length: 16 }, (_, i) =>
      v.unlock(`wrong passphrase ${i}`).then(
        () => 'opened',
        (error: AppError) => error.code,
      ),
    );
    const late = v.unlock(PASS);
    await pollUntil(() => slept.length === 1, { message: 'the first wait after two failures' });
    // While sixteen more wait their turn, other calls are served: a status and a file read on the libuv pool.
    expect(v.status().state).toBe('locked');
    expect(await readFile(join(dir.path, 'vault.json'), 'utf8')).toContain('jumpgate-vault');
    expect(running).toBe(0);
    release();
    expect(await Promise.all(attempts)).toEqual(Array(16).fill('VAULT_WRONG_PASSPHRASE'));
    expect((await late).state).toBe('unlocked');
    expect(mostAtOnce).toBe(1);
    // Two free tries, then 1 s doubling, capped at 30 s; the right passphrase waited its turn too.
    expect(slept).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    // A right passphrase resets the count.
    v.lock();
    slept.length = 0;
    await expect(v.unlock('wrong again')).rejects.toThrowError(code('VAULT_WRONG_PASSPHRASE'));
    expect(slept).toEqual([]);
  });

  it('a wrong current passphrase in changePassphrase counts as a failure too', async () => {
    const slept: number[] = [];
    const v = new Vault({ file: join(dir.path, 'vault.json'), scrypt: FAST, sleep: async (ms) => void slept.push(ms) });
    await v.setup(PASS);
    for (let i = 0; i < 3; i++) await expect(v.changePassphrase('not it at all', 'a new passphrase')).rejects.toThrowError(code('VAULT_WRONG_PASSPHRASE'));
    expect(slept).toEqual([1_000]);
  });
});
