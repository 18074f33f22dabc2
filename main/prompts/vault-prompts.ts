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
  return request.kind === 'password' ? `ssh-password:${request.hop}` : `key-passphrase:${request.keyFile}`;
}

/**
 * Passwords and key passphrases through the vault: while it is open, a kept answer is given
 * without asking; a question offers to keep what is typed. A kept answer the server refuses (the
 * same question comes back as attempt 2) is forgotten and the person is asked. Host keys and
 * keyboard-interactive answers (often one-time codes) are never kept.
 */
export class VaultPrompts {
  constructor(
    private readonly vault: SecretStore,
    private readonly ask: (request: PromptRequest, signal?: AbortSignal) => Promise<RelayReply>,
  ) {}

  readonly handler: PromptHandler = async (request, signal) => {
    if (request.kind !== 'password' && request.kind !== 'passphrase') return (await this.ask(request, signal)).answer as never;
    const name = secretNameOf(request);
    const isOpen = this.vault.status().state === 'unlocked';
    if (isOpen) {
      const kept = this.vault.getSecret(name);
      if (kept !== undefined && request.attempt === 1) return kept as never;
      if (kept !== undefined) this.vault.deleteSecret(name);
    }
    const reply = await this.ask({ ...request, canSave: isOpen }, signal);
    if (typeof reply.answer === 'string' && reply.save && this.vault.status().state === 'unlocked') this.vault.setSecret(name, reply.answer);
    return reply.answer as never;
  };
}
