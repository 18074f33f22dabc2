import { createHash } from 'node:crypto';
import { WireReader } from './ssh-wire';

/** A public key as a .pub line holds it: `<algorithm> <base64 blob> [comment]`. */
export interface PublicKey {
  algorithm: string;
  blob: Buffer;
  comment: string;
}

const ECDSA_BITS: Record<string, number> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** ssh-keygen's names for the algorithms, as `ssh-keygen -l` prints them in brackets. */
const TYPE_NAMES: Record<string, string> = {
  'ssh-ed25519': 'ED25519',
  'ssh-rsa': 'RSA',
  'ssh-dss': 'DSA',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
  'sk-ssh-ed25519@openssh.com': 'ED25519-SK',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'ECDSA-SK',
};

/**
 * Reads the first public key line of a .pub file (OpenSSH's one-line format); undefined for
 * anything else. The blob must name the same algorithm as the line, as ssh-keygen checks.
 */
export function parsePublicKeyLine(text: string): PublicKey | undefined {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#'));
  if (line === undefined) return undefined;
  const match = /^\s*(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(line);
  if (!match) return undefined;
  const [, algorithm, base64, comment] = match;
  const blob = Buffer.from(base64!, 'base64');
  try {
    if (new WireReader(blob).text() !== algorithm) return undefined;
  } catch {
    return undefined;
  }
  return { algorithm: algorithm!, blob, comment: (comment ?? '').trim() };
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function typeNameOf(algorithm: string): string {
  return TYPE_NAMES[algorithm] ?? algorithm.replace(/@.*$/, '').toUpperCase();
}

/** The key size `ssh-keygen -l` prints: the modulus for RSA and DSA, the curve for ECDSA. */
export function bitsOf(algorithm: string, blob: Buffer): number | undefined {
  try {
    const reader = new WireReader(blob);
    reader.text();
    if (algorithm === 'ssh-ed25519' || algorithm === 'sk-ssh-ed25519@openssh.com') return 256;
    if (algorithm.startsWith('ecdsa-sha2-') || algorithm.startsWith('sk-ecdsa-sha2-')) return ECDSA_BITS[reader.text()];
    if (algorithm === 'ssh-rsa') {
      reader.string();
      return bitLength(reader.string());
    }
    if (algorithm === 'ssh-dss') return bitLength(reader.string());
  } catch {
    return undefined;
  }
  return undefined;
}

function bitLength(unsigned: Buffer): number {
  let start = 0;
  while (start < unsigned.length && unsigned[start] === 0) start++;
  if (start === unsigned.length) return 0;
  return (unsigned.length - start - 1) * 8 + (32 - Math.clz32(unsigned[start]!));
}

/** The line a .pub file and authorized_keys hold. */
export function publicKeyLine(key: PublicKey): string {
  const base = `${key.algorithm} ${key.blob.toString('base64')}`;
  return key.comment === '' ? base : `${base} ${key.comment}`;
}
