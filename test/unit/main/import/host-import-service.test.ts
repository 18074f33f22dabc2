import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostImportService } from '../../../../main/import/host-import-service';
import { ProfileStore } from '../../../../main/storage/profile-store';
import { passwordSecretName, VaultPrompts } from '../../../../main/prompts/vault-prompts';
import { confBackend } from '../../../../main/storage/store-backend';
import { Vault } from '../../../../main/storage/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const dirs: { dispose(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.dispose()));
const tabby = readFileSync(join(__dirname, '../../../fixtures/import/tabby-config.yaml'), 'utf8');
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

function service() {
  const dir = makeTempDir('import-service');
  dirs.push(dir);
  const profiles = new ProfileStore(confBackend(), dir.path);
  const vault = new Vault({ file: join(dir.path, 'vault.json'), scrypt: FAST_SCRYPT });
  return { profiles, vault, imports: new HostImportService({ profiles, vault, env: { HOME: dir.path } }) };
}

describe('host import service', () => {
  it('puts a password the other client stored in the vault when asked, never in the saved host', async () => {
    const { profiles, vault, imports } = service();
    await vault.setup('correct horse battery');
    const result = await imports.import({ source: 'tabby', text: tabby, keys: ['ssh:custom:metrics:91aa03d4'], savePasswords: true });
    expect(result.profiles.map((profile) => profile.name)).toEqual(['Bastion', 'Metrics']);
    const metrics = result.profiles[1]!;
    const bastion = result.profiles[0]!;
    expect(bastion).toMatchObject({ destination: 'bastion.example.org', user: 'ops', port: 2200, identityFiles: ['/home/ana/.ssh/ops_ed25519'] });
    // The jump host is the saved bastion, by reference: its own user, port and key apply when it is used.
    expect(metrics).toMatchObject({
      destination: 'metrics.internal',
      user: 'grafana',
      group: 'Production',
      identityFiles: [],
      jump: [{ profileId: bastion.id }],
    });
    // Kept under the name the password question for that hop looks up, so it is given when asked.
    expect(vault.getSecret(passwordSecretName('grafana@metrics.internal:22'))).toBe('hunter2-not-real');
    expect(vault.getSecret(passwordSecretName('ops@bastion.example.org:2200'))).toBeUndefined();
    expect(JSON.stringify(profiles.list())).not.toContain('hunter2');
  });

  it('gives an imported password when the imported host asks for it, without asking the person', async () => {
    const { vault, imports } = service();
    await vault.setup('correct horse battery');
    await imports.import({ source: 'tabby', text: tabby, keys: ['ssh:custom:metrics:91aa03d4'], savePasswords: true });
    const asked: unknown[] = [];
    const prompts = new VaultPrompts(vault, async (request) => (asked.push(request), { answer: null, save: false }));
    const question = { kind: 'password', hop: 'grafana@metrics.internal:22', user: 'grafana', host: 'metrics.internal', attempt: 1 } as const;
    expect(await prompts.handler({ ...question, hostKeyFingerprint: 'SHA256:metricsmetricsmetricsmetricsmetricsmetricsm' })).toBe('hunter2-not-real');
    expect(asked).toEqual([]);
  });

  it('without savePasswords the password is left behind, and a locked vault refuses before anything is saved', async () => {
    const { profiles, vault, imports } = service();
    await expect(imports.import({ source: 'tabby', text: tabby, keys: ['ssh:custom:metrics:91aa03d4'], savePasswords: true })).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
      // The window shows it with its button that opens the vault.
      hint: { kind: 'unlock-vault' },
    });
    expect(profiles.list()).toEqual([]);
    const result = await imports.import({ source: 'tabby', text: tabby, keys: ['ssh:custom:metrics:91aa03d4'] });
    expect(result.actions.find((action) => action.name === 'Metrics')).toMatchObject({
      hasPassword: true,
      warnings: [expect.stringMatching(/not copied in clear/)],
    });
    expect(vault.status().state).toBe('uninitialized');
  });

  it('importing the same file again updates the saved hosts instead of adding more', async () => {
    const { profiles, imports } = service();
    const keys = ['ssh:custom:metrics:91aa03d4'];
    await imports.import({ source: 'tabby', text: tabby, keys });
    const before = profiles.list();
    const preview = await imports.preview({ source: 'tabby', text: tabby });
    expect(preview.actions.map((action) => [action.name, action.action])).toEqual([
      ['Bastion', 'unchanged'],
      ['Metrics', 'unchanged'],
      ['Orphan', 'skip'],
    ]);
    const moved = tabby.replace('port: 2200', 'port: 2201');
    const again = await imports.import({ source: 'tabby', text: moved, keys });
    expect(again.actions.map((action) => action.action)).toEqual(['update', 'unchanged']);
    expect(profiles.list().map((profile) => profile.id)).toEqual(before.map((profile) => profile.id));
    expect(profiles.list().find((profile) => profile.name === 'Bastion')!.port).toBe(2201);
  });

  it('refuses a file that is not of the kind chosen, saying what to choose', async () => {
    const { imports } = service();
    await expect(imports.preview({ source: 'putty', text: tabby })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/no PuTTY sessions/),
    });
    await expect(imports.preview({ source: 'mobaxterm', text: tabby })).rejects.toMatchObject({ message: expect.stringMatching(/no MobaXterm sessions/) });
    await expect(imports.preview({ source: 'tabby', text: '[Bookmarks]\n' })).rejects.toMatchObject({ message: expect.stringMatching(/no Tabby profiles/) });
  });
});
