import type { PromptRequest } from '../../shared/model/prompt';
import type { PromptHandler } from './prompt-types';
import type { RelayReply } from './renderer-prompt-relay';

/** What this needs of the vault. */
export interface SecretStore {
  status(): { state: 'uninitialized' | 'locked' | 'unlocked' };
  getSecret(name: string): string | undefined;
  setSecret(name: string, value: string): void;
  deleteSecret(name: string): void;
}

type SecretRequest = Extract<PromptRequest, { kind: 'password' | 'passphrase' }>;

/** Where a hop's password or a key file's passphrase is kept in the vault. */
export function secretNameOf(request: SecretRequest): string {
  return request.kind === 'password' ? passwordSecretName(request.hop) : `key-passphrase:${request.keyFile}`;
}

/** Where the password of the hop named `hop` (`user@host:port`, as a password question names it) is kept. */
export function passwordSecretName(hop: string): string {
  return `ssh-password:${hop}`;
}

/** Where the fingerprint of the host key a kept password belongs to is kept, beside the password. */
export function hostKeyNameOf(passwordName: string): string {
  return `${passwordName}#host-key`;
}

/**
 * Passwords and key passphrases through the vault: while it is open, a kept answer is given
 * without asking; a question offers to keep what is typed (a locked vault is unlocked, a missing one
 * set up, by the question itself before it answers; what is typed is kept only if it then is open). A kept answer the server refuses (the
 * same question comes back as attempt 2) is forgotten and the person is asked. Host keys and
 * keyboard-interactive answers (often one-time codes) are never kept.
 *
 * A kept password goes only to the host key it was kept with (its SHA256 fingerprint is kept
 * beside it): a hop that shows another key (an impostor reached through a hostile jump host, say,
 * whose key a compromised window accepted) is not sent it, and the person is asked, with why.
 * A password kept before keys were recorded is bound to the first key it is sent to.
 */
export class VaultPrompts {
  /** Kept answers given out, by secret name, so a refusal (attempt 2) forgets only what was sent. */
  private readonly given = new Set<string>();

  constructor(
    private readonly vault: SecretStore,
    private readonly ask: (request: PromptRequest, signal?: AbortSignal) => Promise<RelayReply>,
  ) {}

  readonly handler: PromptHandler = async (request, signal) => {
    if (request.kind !== 'password' && request.kind !== 'passphrase') return (await this.ask(request, signal)).answer as never;
    const name = secretNameOf(request);
    const fingerprint = request.kind === 'password' ? request.hostKeyFingerprint : undefined;
    const vaultState = this.vault.status().state;
    const isOpen = vaultState === 'unlocked';
    let note: string | undefined;
    if (isOpen) {
      const kept = this.vault.getSecret(name);
      if (kept !== undefined && request.attempt === 1) {
        const mismatch = request.kind === 'password' ? this.keyMismatch(name, request.hop, fingerprint) : undefined;
        if (mismatch === undefined) {
          this.given.add(name);
          return kept as never;
        }
        note = mismatch;
      } else if (kept !== undefined && this.given.has(name)) {
        this.forget(name);
      }
    }
    // Keeping is offered even when the vault is locked or not set up: the question unlocks or sets it up in place.
    const reply = await this.ask({ ...request, canSave: true, vaultState, ...(note ? { note } : {}) }, signal);
    if (typeof reply.answer === 'string' && reply.save && this.vault.status().state === 'unlocked') {
      this.vault.setSecret(name, reply.answer);
      if (request.kind === 'password' && fingerprint !== undefined) this.vault.setSecret(hostKeyNameOf(name), fingerprint);
      this.given.delete(name);
    }
    return reply.answer as never;
  };

  /** Why the kept password of `name` may not go to a hop showing `fingerprint`, or undefined when it may. */
  private keyMismatch(name: string, hop: string, fingerprint: string | undefined): string | undefined {
    const bound = this.vault.getSecret(hostKeyNameOf(name));
    if (fingerprint === undefined) return `A password is kept for ${hop}, but the server's host key is not known here, so it was not sent.`;
    if (bound === undefined) {
      this.vault.setSecret(hostKeyNameOf(name), fingerprint);
      return undefined;
    }
    if (bound === fingerprint) return undefined;
    return `A password is kept for ${hop}, but for the host key ${bound}; ${hop} now shows ${fingerprint}, so the kept password was not sent. Type it only if you trust this server.`;
  }

  private forget(name: string): void {
    this.vault.deleteSecret(name);
    this.vault.deleteSecret(hostKeyNameOf(name));
    this.given.delete(name);
  }
}
