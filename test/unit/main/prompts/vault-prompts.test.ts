import { describe, expect, it } from 'vitest';
import type { PromptRequest } from '../../../../shared/model/prompt';
import { type SecretStore, VaultPrompts } from '../../../../main/prompts/vault-prompts';

function memoryVault(state: 'locked' | 'unlocked' = 'unlocked'): SecretStore & { secrets: Map<string, string>; state: string } {
  const secrets = new Map<string, string>();
  return {
    secrets,
    state,
    status() {
      return { state: this.state as 'locked' | 'unlocked' };
    },
    getSecret: (name) => secrets.get(name),
    setSecret: (name, value) => void secrets.set(name, value),
    deleteSecret: (name) => void secrets.delete(name),
  };
}

const password = (attempt: number): PromptRequest => ({ kind: 'password', hop: 'deploy@build:22', user: 'deploy', host: 'build', attempt });

describe('VaultPrompts', () => {
  it('offers to keep a password while the vault is open, keeps it when asked, and answers from it next time', async () => {
    const vault = memoryVault();
    const asked: PromptRequest[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: 'hunter2', save: true }));
    expect(await prompts.handler(password(1))).toBe('hunter2');
    expect(asked).toEqual([{ ...password(1), canSave: true }]);
    expect(vault.secrets.get('ssh-password:deploy@build:22')).toBe('hunter2');
    expect(await prompts.handler(password(1))).toBe('hunter2');
    expect(asked).toHaveLength(1);
  });

  it('a kept password the server refuses is forgotten, and the person is asked', async () => {
    const vault = memoryVault();
    vault.secrets.set('ssh-password:deploy@build:22', 'old');
    const prompts = new VaultPrompts(vault, async () => ({ answer: 'new', save: false }));
    expect(await prompts.handler(password(1))).toBe('old');
    expect(await prompts.handler(password(2))).toBe('new');
    expect(vault.secrets.has('ssh-password:deploy@build:22')).toBe(false);
  });

  it('a locked vault is neither read nor offered; keyboard-interactive answers are never kept', async () => {
    const vault = memoryVault('locked');
    vault.secrets.set('ssh-password:deploy@build:22', 'kept');
    const asked: PromptRequest[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: request.kind === 'keyboard-interactive' ? ['123456'] : 'typed', save: true }));
    expect(await prompts.handler(password(1))).toBe('typed');
    expect(asked[0]).toMatchObject({ canSave: false });
    vault.state = 'unlocked';
    const otp: PromptRequest = { kind: 'keyboard-interactive', hop: 'h:22', name: '', instructions: '', prompts: [{ prompt: 'Code: ', echo: false }] };
    expect(await prompts.handler(otp)).toEqual(['123456']);
    expect([...vault.secrets.keys()]).toEqual(['ssh-password:deploy@build:22']);
  });

  it('passes a transfer-conflict question through untouched, and keeps nothing', async () => {
    const vault = memoryVault();
    const conflict: PromptRequest = { kind: 'transfer-conflict', hop: 'local', jobId: 1, title: 'a from local to local:/tmp', existing: 1, names: ['a'] };
    const asked: PromptRequest[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: 'skip', save: true }));
    expect(await prompts.handler(conflict)).toBe('skip');
    expect(asked).toEqual([conflict]);
    expect(vault.secrets.size).toBe(0);
  });
});
