import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { KeyKind } from '../../../shared/model/ssh-keys';
import { generateKey, type EcdsaBits } from '../../../main/keys/key-generator';
import { changeKeyPassphrase, listKeyFiles, writeKeyPair } from '../../../main/keys/key-files';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let dir: TempDir;
let sshDir: string;
let testKeys: TestKeys;
beforeAll(async () => {
  dir = makeTempDir('keys');
  sshDir = join(dir.path, '.ssh');
  testKeys = await getTestKeys();
});
afterAll(() => dir?.dispose());

/** What OpenSSH's ssh-keygen says of a file: the public key it derives, its fingerprint line. */
function keygen(args: string[]): string {
  return execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const CASES: { kind: KeyKind; bits?: EcdsaBits; expectBits: number; label: string }[] = [
  { kind: 'ed25519', expectBits: 256, label: 'ED25519' },
  { kind: 'ecdsa', bits: 256, expectBits: 256, label: 'ECDSA' },
  { kind: 'ecdsa', bits: 384, expectBits: 384, label: 'ECDSA' },
  { kind: 'ecdsa', bits: 521, expectBits: 521, label: 'ECDSA' },
  { kind: 'rsa', expectBits: 4096, label: 'RSA' },
];

describe.each(CASES)('a generated $kind $expectBits key', ({ kind, bits, expectBits, label }) => {
  for (const passphrase of ['', 'a long passphrase']) {
    it(`${passphrase ? 'with' : 'without'} a passphrase is read by ssh-keygen, listed with its fingerprint, 0600 and 0644`, async () => {
      const name = `id_${kind}_${expectBits}${passphrase ? '_locked' : ''}`;
      await writeKeyPair(sshDir, name, await generateKey(kind, { bits, comment: 'me@laptop' }), passphrase);
      const path = join(sshDir, name);
      const publicLine = readFileSync(`${path}.pub`, 'utf8').trim();
      // -P '' for an unencrypted key: ssh-keygen would otherwise ask for nothing anyway.
      expect(keygen(['-y', '-P', passphrase, '-f', path])).toBe(publicLine);
      const [keygenBits, fingerprint, ...rest] = keygen(['-lf', path]).split(' ');
      expect(rest.join(' ')).toBe(`me@laptop (${label})`);
      expect(Number(keygenBits)).toBe(expectBits);
      const listed = (await listKeyFiles(sshDir)).find((key) => key.name === name);
      expect(listed).toMatchObject({ fingerprint, bits: expectBits, type: label, comment: 'me@laptop', isEncrypted: passphrase !== '', publicKey: publicLine });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(`${path}.pub`).mode & 0o777).toBe(0o644);
      if (passphrase) expect(spawnSync('ssh-keygen', ['-y', '-P', 'wrong', '-f', path]).status).not.toBe(0);
    });
  }
});

describe('writing keys', () => {
  it('never overwrites a file: KEY_FILE_EXISTS names it and both files stay as they were', async () => {
    mkdirSync(sshDir, { recursive: true });
    writeFileSync(join(sshDir, 'taken.pub'), 'mine\n');
    const error = await writeKeyPair(sshDir, 'taken', await generateKey('ed25519', { comment: '' }), '').catch((e: unknown) => e);
    expect(AppError.is(error, 'KEY_FILE_EXISTS')).toBe(true);
    expect((error as AppError).message).toContain(join(sshDir, 'taken.pub'));
    expect(readFileSync(join(sshDir, 'taken.pub'), 'utf8')).toBe('mine\n');
    expect(() => statSync(join(sshDir, 'taken'))).toThrow();
  });
});

describe('changing a passphrase', () => {
  it('seals the same key again: ssh-keygen opens it with the new passphrase only; removing it leaves a plain key', async () => {
    await writeKeyPair(sshDir, 'id_change', await generateKey('ed25519', { comment: 'c' }), 'first passphrase');
    const path = join(sshDir, 'id_change');
    const publicKey = keygen(['-y', '-P', 'first passphrase', '-f', path]);
    await changeKeyPassphrase(sshDir, 'id_change', 'first passphrase', 'second passphrase');
    expect(keygen(['-y', '-P', 'second passphrase', '-f', path])).toBe(publicKey);
    expect(spawnSync('ssh-keygen', ['-y', '-P', 'first passphrase', '-f', path]).status).not.toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await changeKeyPassphrase(sshDir, 'id_change', 'second passphrase', '');
    expect(keygen(['-y', '-P', '', '-f', path])).toBe(publicKey);
    expect((await listKeyFiles(sshDir)).find((key) => key.name === 'id_change')?.isEncrypted).toBe(false);
  });

  it('refuses a wrong current passphrase with KEY_PASSPHRASE and changes nothing', async () => {
    await writeKeyPair(sshDir, 'id_wrong', await generateKey('ed25519', { comment: '' }), 'right one');
    const before = readFileSync(join(sshDir, 'id_wrong'));
    const error = await changeKeyPassphrase(sshDir, 'id_wrong', 'not it', 'new').catch((e: unknown) => e);
    expect(AppError.is(error, 'KEY_PASSPHRASE')).toBe(true);
    expect(readFileSync(join(sshDir, 'id_wrong'))).toEqual(before);
  });

  it('opens a key ssh-keygen encrypted and re-seals it so ssh-keygen reads it', async () => {
    const copy = join(sshDir, 'id_from_keygen');
    writeFileSync(copy, readFileSync(testKeys.ed25519Encrypted.path), { mode: 0o600 });
    await changeKeyPassphrase(sshDir, 'id_from_keygen', testKeys.ed25519Encrypted.passphrase!, 'another passphrase');
    expect(keygen(['-y', '-P', 'another passphrase', '-f', copy])).toBe(
      testKeys.ed25519Encrypted.publicKey.split(' ').slice(0, 2).join(' ') + ' jumpgate-test-ed25519',
    );
  });
});

describe('listing ~/.ssh', () => {
  it('lists keys made by ssh-keygen (PEM and OpenSSH, a private key without .pub) and skips what is not a key', async () => {
    const list = makeTempDir('list');
    try {
      const own = join(list.path, '.ssh');
      mkdirSync(own);
      const put = (name: string, from: string) => writeFileSync(join(own, name), readFileSync(from), { mode: 0o600 });
      put('id_rsa_pem', testKeys.rsaPemEncrypted.path);
      put('id_rsa_pem.pub', testKeys.rsaPemEncrypted.publicKeyPath);
      put('lonely', testKeys.ecdsa.path); // no .pub: its OpenSSH header has the public key
      put('other.pub', testKeys.rsa.publicKeyPath);
      writeFileSync(join(own, 'huge'), Buffer.alloc(5 * 1024 * 1024, 0x41));
      writeFileSync(join(own, 'garbage.pub'), Buffer.from([0, 1, 2, 255, 254]));
      writeFileSync(join(own, 'broken'), '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA!!\n-----END OPENSSH PRIVATE KEY-----\n');
      writeFileSync(join(own, 'known_hosts'), 'example.com ssh-ed25519 AAAA\n');
      execFileSync('mkfifo', [join(own, 'fifo')]);
      mkdirSync(join(own, 'folder.pub'));
      const keys = await listKeyFiles(own);
      expect(keys.map((key) => key.name)).toEqual(['id_rsa_pem', 'lonely', 'other.pub']);
      expect(keys[0]).toMatchObject({
        type: 'RSA',
        bits: 2048,
        isEncrypted: true,
        canChangePassphrase: false,
        fingerprint: testKeys.rsaPemEncrypted.fingerprint,
      });
      expect(keys[1]).toMatchObject({ type: 'ECDSA', bits: 256, isEncrypted: false, fingerprint: testKeys.ecdsa.fingerprint });
      expect(keys[2]).toMatchObject({ type: 'RSA', fingerprint: testKeys.rsa.fingerprint, publicPath: join(own, 'other.pub') });
      expect(keys[2]!.privatePath).toBeUndefined();
      expect(JSON.stringify(keys)).not.toMatch(/PRIVATE KEY/);
    } finally {
      list.dispose();
    }
  });
});
