import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import {
  decodeStrictBase64,
  displayKeyType,
  fingerprintSha256,
  hashKnownHostsName,
  hashedNameMatches,
  isWellFormedKeyBlob,
  keyTypeOfBlob,
  knownHostsHostName,
} from '../../../../../main/ssh/host-keys/host-key-format';

// Checked against the real OpenSSH tools rather than against what we remember of them.
const KEY_KINDS = [
  { args: ['-t', 'ed25519'], type: 'ssh-ed25519' },
  { args: ['-t', 'ecdsa', '-b', '256'], type: 'ecdsa-sha2-nistp256' },
  { args: ['-t', 'ecdsa', '-b', '384'], type: 'ecdsa-sha2-nistp384' },
  { args: ['-t', 'ecdsa', '-b', '521'], type: 'ecdsa-sha2-nistp521' },
  { args: ['-t', 'rsa', '-b', '2048'], type: 'ssh-rsa' },
] as const;

interface GeneratedKey {
  type: string;
  publicFile: string;
  blob: Buffer;
}

let dir: string;
let keys: GeneratedKey[];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jumpgate-hkf-'));
  keys = KEY_KINDS.map(({ args, type }, index) => {
    const file = path.join(dir, `key${index}`);
    execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', '', '-f', file]);
    const [declared, base64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ');
    expect(declared).toBe(type);
    return { type, publicFile: `${file}.pub`, blob: Buffer.from(base64 ?? '', 'base64') };
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sshString(value: Buffer | string): Buffer {
  const bytes = Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

describe('fingerprintSha256 and displayKeyType', () => {
  it('print what ssh-keygen -l prints for every key type', () => {
    for (const key of keys) {
      // "256 SHA256:abc... (ED25519)" – the comment is empty, so the fields are fixed.
      const output = execFileSync('ssh-keygen', ['-l', '-f', key.publicFile], { encoding: 'utf8' }).trim();
      const match = /^\d+ (SHA256:\S+) .*\((\S+)\)$/.exec(output);
      expect(match, output).not.toBeNull();
      expect(fingerprintSha256(key.blob)).toBe(match?.[1]);
      expect(displayKeyType(key.type)).toBe(match?.[2]);
    }
  });

  it('has no base64 padding and names types OpenSSH does not use as they are', () => {
    expect(fingerprintSha256(Buffer.from('x'))).toBe('SHA256:LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE');
    expect(displayKeyType('sk-ssh-ed25519@openssh.com')).toBe('ED25519-SK');
    expect(displayKeyType('ssh-dss')).toBe('DSA');
    expect(displayKeyType('x-future-key')).toBe('x-future-key');
  });
});

describe('keyTypeOfBlob', () => {
  it('reads the type name at the start of real key blobs', () => {
    expect(keys.map((key) => keyTypeOfBlob(key.blob))).toEqual(KEY_KINDS.map((kind) => kind.type));
  });

  it('refuses a blob too short to hold its type name', () => {
    const truncated = sshString('ssh-ed25519').subarray(0, 8);
    expect(() => keyTypeOfBlob(truncated)).toThrow(AppError);
    expect(() => keyTypeOfBlob(Buffer.alloc(0))).toThrow(/not a valid SSH public key/);
  });
});

describe('knownHostsHostName', () => {
  it('leaves port 22 bare and brackets any other port, as OpenSSH stores them', () => {
    expect(knownHostsHostName('example.com', 22)).toBe('example.com');
    expect(knownHostsHostName('example.com', 2222)).toBe('[example.com]:2222');
    expect(knownHostsHostName('::1', 2200)).toBe('[::1]:2200');
    expect(knownHostsHostName('10.0.0.1', 22)).toBe('10.0.0.1');
  });
});

describe('hashed names', () => {
  it('hash a name exactly as ssh-keygen -H does with the same salt', () => {
    const file = path.join(dir, 'known_hosts_hash');
    const [type, base64] = readFileSync(keys[0]?.publicFile ?? '', 'utf8').split(' ');
    writeFileSync(file, `[alpha.example]:2222 ${type} ${base64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'pipe' });
    const hashedField = readFileSync(file, 'utf8').split(' ')[0] ?? '';
    const salt = Buffer.from(hashedField.split('|')[2] ?? '', 'base64');

    expect(salt).toHaveLength(20);
    expect(hashKnownHostsName('[alpha.example]:2222', salt)).toBe(hashedField);
    expect(hashedNameMatches(hashedField, '[alpha.example]:2222')).toBe(true);
    expect(hashedNameMatches(hashedField, 'alpha.example')).toBe(false);
  });

  it('never match a field with a salt of the wrong size or another version', () => {
    const field = hashKnownHostsName('alpha', Buffer.alloc(16, 1));
    expect(hashedNameMatches(field, 'alpha')).toBe(false);
    const good = hashKnownHostsName('alpha', Buffer.alloc(20, 1));
    expect(hashedNameMatches(good, 'alpha')).toBe(true);
    expect(hashedNameMatches(good.replace('|1|', '|2|'), 'alpha')).toBe(false);
  });
});

describe('decodeStrictBase64', () => {
  it('accepts standard base64 with or without padding', () => {
    expect(decodeStrictBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeStrictBase64('aGVsbG8')?.toString()).toBe('hello');
    expect(decodeStrictBase64('')).toEqual(Buffer.alloc(0));
  });

  it('refuses what Node would silently skip or reinterpret', () => {
    expect(decodeStrictBase64('aGVs bG8=')).toBeNull();
    expect(decodeStrictBase64('aGVsbG8=xx')).toBeNull();
    expect(decodeStrictBase64('aGVsbG8-')).toBeNull();
    expect(decodeStrictBase64('aGVsbG9')).toBeNull(); // non-zero trailing bits
    expect(decodeStrictBase64('a')).toBeNull();
  });
});

describe('isWellFormedKeyBlob', () => {
  it('accepts real keys of every type', () => {
    expect(keys.map((key) => isWellFormedKeyBlob(key.blob))).toEqual(keys.map(() => true));
  });

  it('refuses blobs OpenSSH refuses: extra bytes, a short key, a mismatched curve, an unknown type', () => {
    const ed25519 = keys[0]?.blob ?? Buffer.alloc(0);
    const ecdsa256 = keys[1]?.blob ?? Buffer.alloc(0);
    expect(isWellFormedKeyBlob(Buffer.concat([ed25519, Buffer.from([0])]))).toBe(false);
    expect(isWellFormedKeyBlob(Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.alloc(31))]))).toBe(false);
    expect(isWellFormedKeyBlob(Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.alloc(32))]))).toBe(true);
    const wrongCurve = Buffer.concat([sshString('ecdsa-sha2-nistp384'), ecdsa256.subarray(4 + 'ecdsa-sha2-nistp256'.length)]);
    expect(isWellFormedKeyBlob(wrongCurve)).toBe(false);
    expect(isWellFormedKeyBlob(Buffer.concat([sshString('ssh-foo'), sshString(Buffer.alloc(32))]))).toBe(false);
  });
});
