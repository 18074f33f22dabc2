import { z } from 'zod';
import { writeFileAtomicSync } from '../base/atomic-file';
import { readRegularSync } from '../base/file-target';
import { Sealed, ScryptParams } from './vault-crypto';

/**
 * vault.json. A random 32-byte data key encrypts the secrets (one AES-256-GCM blob, so not even
 * the names of the secrets are readable); the passphrase, through scrypt, wraps the data key, and
 * so may the OS keyring (safeStorage) beside it. Changing the passphrase re-wraps the key and
 * leaves the secrets as they are.
 *
 * {
 *   "format": "jumpgate-vault", "version": 1,
 *   "passphrase": { "kdf": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": b64, "key": {iv, tag, data} },
 *   "osKeyring": { "key": b64 of safeStorage.encryptString(data key) },     (optional)
 *   "secrets": { "iv": b64, "tag": b64, "data": b64 }                        (JSON map, encrypted)
 * }
 */
export const VaultFile = z.object({
  format: z.literal('jumpgate-vault'),
  version: z.literal(1),
  passphrase: ScryptParams.extend({
    kdf: z.literal('scrypt'),
    salt: z.base64(),
    key: Sealed,
  }),
  osKeyring: z.object({ key: z.base64() }).optional(),
  secrets: Sealed,
});
export type VaultFile = z.infer<typeof VaultFile>;

/** Additional data for GCM: each ciphertext only opens in its own place in the file. */
export const AAD = {
  passphraseKey: 'jumpgate-vault/1/passphrase-key',
  secrets: 'jumpgate-vault/1/secrets',
} as const;

export const SecretMap = z.record(z.string(), z.string());

export type VaultFileRead =
  | { kind: 'missing' }
  | { kind: 'ok'; file: VaultFile }
  /** Exists but cannot be used; `reason` is safe to show (no content of the file). */
  | { kind: 'unusable'; reason: string };

export function readVaultFile(path: string): VaultFileRead {
  let text: string;
  try {
    const read = readRegularSync(path);
    if (read === 'special') return { kind: 'unusable', reason: 'it is not a regular file (a device, a FIFO or a folder)' };
    text = read.content.toString('utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: `it could not be read (${typeof code === 'string' ? code : 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unusable', reason: 'it is not valid JSON' };
  }
  const parsed = VaultFile.safeParse(json);
  if (parsed.success) return { kind: 'ok', file: parsed.data };
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) return { kind: 'unusable', reason: `it was written by a newer Jumpgate (format ${version})` };
  return { kind: 'unusable', reason: 'it is not in the vault format' };
}

/** Atomic (temp + fsync + rename), owner-only; `exclusive` refuses to replace an existing vault. */
export function writeVaultFile(path: string, file: VaultFile, options: { exclusive?: boolean } = {}): void {
  writeFileAtomicSync(path, `${JSON.stringify(file, undefined, 2)}\n`, { mode: 0o600, exclusive: options.exclusive });
}
