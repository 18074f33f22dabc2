import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';

/**
 * scrypt cost. N = 2^17, r = 8, p = 1 uses 128 MiB and took 0.42–0.47 s per derivation on the
 * machines this was built on (2 cores, Node 20): slow for a guesser, tolerable once per unlock.
 * The parameters are recorded in the vault file, so raising them later keeps old vaults readable.
 */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

/** Bounds for parameters read from a file: a tampered file must not make us allocate gigabytes. */
export const ScryptParams = z.object({
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof ScryptParams>;

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
const IV_BYTES = 12;

/** Derives a 256-bit key from a passphrase; runs on the libuv pool, not the calling thread. */
export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Unicode passphrases typed on different systems may differ only in normalization.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  const maxmem = 256 * params.N * params.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { ...params, maxmem }, (error, key) => {
      secret.fill(0);
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** AES-256-GCM output, base64 fields, as stored in the vault file. */
export const Sealed = z.object({
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});
export type Sealed = z.infer<typeof Sealed>;

/** Encrypts with a fresh random IV; `aad` binds the ciphertext to its place in the file. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Decrypts and authenticates; returns undefined on a wrong key or altered data (never throws). */
export function unseal(key: Buffer, sealed: Sealed, aad: string): Buffer | undefined {
  try {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}
