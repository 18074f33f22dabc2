import { describe, expect, it } from 'vitest';
import { bitsOf, fingerprintOf, parsePublicKeyLine, typeNameOf } from '../../../../main/keys/public-key';
import { readOpensshKeyFile } from '../../../../main/keys/openssh-private-key';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBI7CaZBrgBR/hryHfqS7SOp9B0/n78d6NApSnGBoORV me@x';

describe('public key lines', () => {
  it('reads type, blob and comment, and the fingerprint and size ssh-keygen prints', () => {
    const key = parsePublicKeyLine(`# a comment line\n${ED25519}\n`)!;
    expect(key.algorithm).toBe('ssh-ed25519');
    expect(key.comment).toBe('me@x');
    expect(fingerprintOf(key.blob)).toBe('SHA256:7AJ3Gzb75BmVWfd1ewXOP/5E1lk3r8QQF8HKnbPKe/4');
    expect(bitsOf(key.algorithm, key.blob)).toBe(256);
    expect(typeNameOf(key.algorithm)).toBe('ED25519');
  });

  it('refuses a line whose blob names another algorithm, or garbage', () => {
    expect(parsePublicKeyLine(ED25519.replace('ssh-ed25519', 'ssh-rsa'))).toBeUndefined();
    expect(parsePublicKeyLine('ssh-rsa AAAA')).toBeUndefined();
    expect(parsePublicKeyLine('not a key at all')).toBeUndefined();
    expect(parsePublicKeyLine('')).toBeUndefined();
  });

  it('never throws on a truncated blob when measuring it', () => {
    expect(bitsOf('ssh-rsa', Buffer.from([0, 0, 0, 7, 115, 115, 104, 45, 114, 115, 97, 0, 0, 0, 200]))).toBeUndefined();
  });
});

describe('private key headers', () => {
  it('are not read from text that only looks like one', () => {
    expect(readOpensshKeyFile('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n')).toBeUndefined();
    expect(readOpensshKeyFile('-----BEGIN RSA PRIVATE KEY-----\n')).toBeUndefined();
  });
});
