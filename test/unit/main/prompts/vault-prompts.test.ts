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

const REAL_KEY = 'SHA256:realrealrealrealrealrealrealrealrealrealreal';
const OTHER_KEY = 'SHA256:impostorimpostorimpostorimpostorimpostorimp';
const password = (attempt: number, hostKeyFingerprint = REAL_KEY): PromptRequest => ({
  kind: 'password',
  hop: 'deploy@build:22',
  user: 'deploy',
  host: 'build',
  attempt,
  hostKeyFingerprint,
});

describe('VaultPrompts', () => {
  it('offers to keep a password while the vault is open, keeps it when asked, and answers from it next time', async () => {
    const vault = memoryVault();
    const asked: PromptRequest[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: 'hunter2', save: true }));
    expect(await prompts.handler(password(1))).toBe('hunter2');
    expect(asked).toEqual([{ ...password(1), canSave: true, vaultState: 'unlocked' }]);
    expect(vault.secrets.get('ssh-password:deploy@build:22')).toBe('hunter2');
    expect(vault.secrets.get('ssh-password:deploy@build:22#host-key')).toBe(REAL_KEY);
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

  it('a kept password is not sent to a hop that shows another host key: the person is asked, and told why', async () => {
    const vault = memoryVault();
    vault.secrets.set('ssh-password:deploy@build:22', 'hunter2');
    vault.secrets.set('ssh-password:deploy@build:22#host-key', REAL_KEY);
    const asked: PromptRequest[] = [];
    let reply = { answer: null as string | null, save: false };
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), reply));
    expect(await prompts.handler(password(1, OTHER_KEY))).toBeNull();
    expect(asked).toEqual([{ ...password(1, OTHER_KEY), canSave: true, vaultState: 'unlocked', note: expect.stringContaining(`now shows ${OTHER_KEY}`) }]);
    // What the impostor made the person type (and refused) does not cost the real server its kept password.
    reply = { answer: 'typed', save: false };
    expect(await prompts.handler(password(2, OTHER_KEY))).toBe('typed');
    expect(vault.secrets.get('ssh-password:deploy@build:22')).toBe('hunter2');
    expect(await prompts.handler(password(1, REAL_KEY))).toBe('hunter2');
    expect(asked).toHaveLength(2);
    // Kept again at the new key (the server's keys were replaced): bound to that one from then on.
    reply = { answer: 'new one', save: true };
    expect(await prompts.handler(password(1, OTHER_KEY))).toBe('new one');
    expect(vault.secrets.get('ssh-password:deploy@build:22#host-key')).toBe(OTHER_KEY);
    expect(await prompts.handler(password(1, OTHER_KEY))).toBe('new one');
  });

  it('a password kept before host keys were recorded is bound to the first key it goes to; without a key it is not sent', async () => {
    const vault = memoryVault();
    vault.secrets.set('ssh-password:deploy@build:22', 'legacy');
    const asked: PromptRequest[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: null, save: false }));
    const { hostKeyFingerprint: _none, ...keyless } = password(1) as Extract<PromptRequest, { kind: 'password' }>;
    expect(await prompts.handler(keyless)).toBeNull();
    expect(asked[0]).toMatchObject({ note: expect.stringContaining('not sent') });
    expect(await prompts.handler(password(1, REAL_KEY))).toBe('legacy');
    expect(vault.secrets.get('ssh-password:deploy@build:22#host-key')).toBe(REAL_KEY);
    expect(await prompts.handler(password(1, OTHER_KEY))).toBeNull();
    expect(asked).toHaveLength(2);
  });

  it('a locked vault is not read; keeping is offered with its state, and what is typed is kept only if the question unlocked it', async () => {
    const vault = memoryVault('locked');
    vault.secrets.set('ssh-password:deploy@build:22', 'kept');
    const asked: PromptRequest[] = [];
    let unlocksInPlace = false;
    const prompts = new VaultPrompts(vault, async (request) => {
      asked.push(request);
      if (unlocksInPlace) vault.state = 'unlocked';
      return { answer: request.kind === 'keyboard-interactive' ? ['123456'] : 'typed', save: true };
    });
    expect(await prompts.handler(password(1))).toBe('typed');
    expect(asked[0]).toMatchObject({ canSave: true, vaultState: 'locked' });
    expect(vault.secrets.get('ssh-password:deploy@build:22')).toBe('kept');
    unlocksInPlace = true;
    expect(await prompts.handler(password(1))).toBe('typed');
    expect(vault.secrets.get('ssh-password:deploy@build:22')).toBe('typed');
    unlocksInPlace = false;
    const otp: PromptRequest = { kind: 'keyboard-interactive', hop: 'h:22', name: '', instructions: '', prompts: [{ prompt: 'Code: ', echo: false }] };
    expect(await prompts.handler(otp)).toEqual(['123456']);
    expect([...vault.secrets.keys()]).toEqual(['ssh-password:deploy@build:22', 'ssh-password:deploy@build:22#host-key']);
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
