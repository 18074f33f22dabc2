import { createHash } from 'node:crypto';
import type { ProfileId } from '../../shared/model/profile';

/**
 * How secrets are named in the vault, in one place so that the app, the CLI and the bridge find
 * each other's. Names are only ever inside the encrypted blob, never in a profile file.
 */
export const secretNames = {
  /** Everything saved for a profile: `vault.deleteSecrets(secretNames.profile(id))` when it is removed. */
  profile: (id: ProfileId): string => `profile/${id}/`,
  password: (id: ProfileId): string => `profile/${id}/password`,
  /** A keyboard-interactive answer, by the prompt's text (hashed: prompts can be long). */
  keyboardInteractive: (id: ProfileId, prompt: string): string => `profile/${id}/kbd/${digest(prompt)}`,
  /** A private key's passphrase, by the key file's absolute path: one key serves many profiles. */
  keyPassphrase: (absoluteKeyPath: string): string => `key/${digest(absoluteKeyPath)}/passphrase`,
} as const;

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}
