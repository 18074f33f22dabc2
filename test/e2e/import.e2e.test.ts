import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { passwordSecretName } from '../../main/prompts/vault-prompts';
import { Vault } from '../../main/storage/vault';
import { getTestKeys } from '../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../fixtures/sshd';
import { createWebCore } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { screenshot } from './browser';
import { terminalTextOf } from './terminal-page';

const FIXTURES = join(__dirname, '../fixtures/import');
const PASSPHRASE = 'import test passphrase';

/**
 * Import in Chromium against real sshd: a ~/.ssh/config with Include and ProxyJump a,b imported
 * through the dialog and connected through the chain; importing again updates instead of adding;
 * a PuTTY registry export (UTF-16, as the registry editor writes it), a MobaXterm export and a
 * Tabby config.yaml imported, the Tabby password kept in the vault set up in the dialog and
 * nowhere on disk in clear.
 */
describe('import in Chromium', () => {
  let target: SshdHandle;
  let a: SshdHandle;
  let b: SshdHandle;
  let sshEnv: SshEnv;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  const dialog = (): Locator => page.getByTestId('import-dialog');
  const row = (name: string): Locator =>
    dialog()
      .getByTestId('import-row')
      .filter({ has: page.getByText(name, { exact: true }) });
  const hostNames = async (): Promise<string[]> => page.locator('[data-testid="host-item"] .host__name').allTextContents();
  const writeConfig = (extra = ''): void =>
    sshEnv.writeConfig(
      `Include hosts.d/*.conf\nHost target\n    HostName 127.0.0.1\n    Port ${target.port}\n    ProxyJump a,b\n${extra}Host *\n    User root\n`,
    );

  /** Each server takes its own key, and a and b open a channel only to the next one: the chain is the only way. */
  beforeAll(async () => {
    const keys = await getTestKeys();
    target = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['AllowTcpForwarding no'] });
    b = await startSshd({ authorizedKeys: [keys.ecdsa.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
    a = await startSshd({ authorizedKeys: [keys.rsa.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${b.port}`] });
    sshEnv = makeSshEnv();
    sshEnv.addKnownHosts([...target.knownHostsLines(), ...a.knownHostsLines(), ...b.knownHostsLines()]);
    copyFileSync(keys.ed25519.path, join(sshEnv.sshDir, 'id_ed25519'));
    copyFileSync(keys.rsa.path, join(sshEnv.sshDir, 'a_key'));
    copyFileSync(keys.ecdsa.path, join(sshEnv.sshDir, 'b_key'));
    mkdirSync(join(sshEnv.sshDir, 'hosts.d'), { mode: 0o700 });
    writeFileSync(
      join(sshEnv.sshDir, 'hosts.d', 'jumps.conf'),
      `Host a\n    HostName 127.0.0.1\n    Port ${a.port}\n    IdentityFile ~/.ssh/a_key\nHost b\n    HostName 127.0.0.1\n    Port ${b.port}\n    IdentityFile ~/.ssh/b_key\n`,
      { mode: 0o600 },
    );
    writeConfig();
    core = createWebCore(sshEnv);
    app = await openAppPage(core);
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await Promise.all([a, b, target].map((server) => server?.dispose()));
    sshEnv?.dispose();
  });

  it('imports a ~/.ssh/config with Include and ProxyJump a,b, and the imported host connects through the chain', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await row('target').waitFor();
    expect(
      await dialog()
        .getByTestId('import-row')
        .evaluateAll((rows) => rows.map((entry) => entry.getAttribute('data-action'))),
    ).toEqual(['create', 'create', 'create']);
    await expect(row('target').textContent()).resolves.toContain(`root@127.0.0.1:${target.port} via a, b`);
    // Only the target chosen: its jump hosts come along, and say so.
    await dialog().getByRole('button', { name: 'Select none' }).click();
    await row('target').getByRole('checkbox').check();
    await row('a').getByText('Imported as the jump host of target.').waitFor();
    expect(await row('b').getByRole('checkbox').isDisabled()).toBe(true);
    expect(await row('b').getByRole('checkbox').isChecked()).toBe(true);
    await screenshot(page, 'import-ssh-config-preview');
    await dialog().getByRole('button', { name: 'Import 3 hosts' }).click();
    await page.getByTestId('import-done').getByText('3 hosts added.').waitFor();
    await screenshot(page, 'import-ssh-config-done');
    await page.getByTestId('import-done').getByRole('button', { name: 'Done' }).click();
    await pollUntil(async () => (await hostNames()).length === 3, { message: 'the sidebar lists the imported hosts' });
    expect((await hostNames()).sort()).toEqual(['a', 'b', 'target']);
    const targetItem = page.getByTestId('host-item').filter({ has: page.getByText('target', { exact: true }) });
    expect(await targetItem.locator('.host__jump').getAttribute('title')).toBe('Through 2 saved jump hosts');

    const mark = b.readLog().length;
    await page
      .getByTestId('host-item')
      .filter({ has: page.getByText('target', { exact: true }) })
      .dblclick();
    const pane = page.locator('[data-testid="terminal-pane"].terminal-pane--active');
    await pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
    await page.keyboard.type('echo "imported:$((6*7))"');
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await terminalTextOf(pane)).includes('imported:42'), { message: 'the shell answering', timeoutMs: 30_000 });
    // b opened the channel to the target: the chain a → b → target was used.
    await b.waitForLog(new RegExp(`server_request_direct_tcpip: originator .* target 127\\.0\\.0\\.1 port ${target.port}$`, 'm'), { after: mark });
    await screenshot(page, 'import-ssh-config-connected');
  });

  it('importing again shows unchanged and updated entries, and adds no duplicate', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await row('target').waitFor();
    expect(await row('target').getAttribute('data-action')).toBe('unchanged');
    expect(await dialog().getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    writeConfig('    IdentityFile ~/.ssh/id_ed25519\n');
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await pollUntil(async () => (await row('target').getAttribute('data-action')) === 'update', { message: 'the changed entry is an update' });
    expect(await row('a').getAttribute('data-action')).toBe('unchanged');
    await screenshot(page, 'import-ssh-config-again');
    await dialog().getByRole('button', { name: 'Import 1 host' }).click();
    await page.getByTestId('import-done').getByText('1 host updated, 2 unchanged.').waitFor();
    await page.getByTestId('import-done').getByRole('button', { name: 'Done' }).click();
    expect((await hostNames()).sort()).toEqual(['a', 'b', 'target']);
  });

  it('refuses a file that is not of the kind chosen, with its code', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await dialog().getByText('PuTTY', { exact: true }).click();
    await dialog().getByLabel('PuTTY file').setInputFiles(join(FIXTURES, 'tabby-config.yaml'));
    const alert = dialog().getByRole('alert');
    await alert.getByText('That file holds no PuTTY sessions.', { exact: false }).waitFor();
    expect(await alert.textContent()).toContain('INVALID_ARGUMENT');
    await screenshot(page, 'import-wrong-file');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('imports PuTTY sessions from a registry export, with skipped sessions and warnings in the preview', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await dialog().getByText('PuTTY', { exact: true }).click();
    // The registry editor writes UTF-16 with a byte-order mark.
    const text = readFileSync(join(FIXTURES, 'putty-sessions.reg'), 'utf8').replace(/\n/g, '\r\n');
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    await dialog().getByLabel('PuTTY file').setInputFiles({ name: 'putty-sessions.reg', mimeType: 'text/plain', buffer });
    await row('Web server (prod)').waitFor();
    expect(await row('Router').getAttribute('data-action')).toBe('skip');
    await row('Router')
      .getByText(/telnet session/)
      .waitFor();
    expect(await row('Router').getByRole('checkbox').isDisabled()).toBe(true);
    await row('Web server (prod)')
      .getByText(/Windows path/)
      .waitFor();
    await row('db')
      .getByText(/proxy \(SOCKS 5\) is not imported/)
      .waitFor();
    await screenshot(page, 'import-putty-preview');
    await dialog().getByRole('button', { name: 'Import 3 hosts' }).click();
    await page.getByTestId('import-done').getByText('3 hosts added.').waitFor();
    await page.getByTestId('import-done').getByRole('button', { name: 'Done' }).click();
    await pollUntil(async () => (await hostNames()).includes('Web server (prod)'), { message: 'the PuTTY hosts listed' });
    expect(await hostNames()).toEqual(expect.arrayContaining(['Web server (prod)', 'db', 'ana@bastion.example.net:22']));
  });

  it('imports MobaXterm sessions into their folders as groups', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await dialog().getByText('MobaXterm', { exact: true }).click();
    await dialog().getByLabel('MobaXterm file').setInputFiles(join(FIXTURES, 'bookmarks.mxtsessions'));
    await row('Build box').waitFor();
    expect(await row('Acme desktop').getAttribute('data-action')).toBe('skip');
    await screenshot(page, 'import-mobaxterm-preview');
    await dialog().getByRole('button', { name: 'Import 3 hosts' }).click();
    await page.getByTestId('import-done').getByRole('button', { name: 'Done' }).click();
    await pollUntil(async () => (await hostNames()).includes('Acme app'), { message: 'the MobaXterm hosts listed' });
    expect(await hostNames()).toEqual(expect.arrayContaining(['Build box', 'Acme app', 'jump@gw.acme.test:2200']));
    await page.getByTestId('host-group').filter({ hasText: 'Customers/Acme' }).waitFor();
  });

  it('imports a Tabby config.yaml, keeping its stored password in the vault set up in the dialog, never on disk in clear', async () => {
    await page.getByRole('button', { name: 'Import hosts…' }).click();
    await dialog().getByText('Tabby', { exact: true }).click();
    await dialog().getByLabel('Tabby file').setInputFiles(join(FIXTURES, 'tabby-config.yaml'));
    await row('Metrics').waitFor();
    const passwords = dialog().getByTestId('import-passwords');
    await passwords.getByText('The vault is not set up yet.').waitFor();
    expect(await dialog().getByRole('button', { name: 'Import 2 hosts' }).isDisabled()).toBe(true);
    await screenshot(page, 'import-tabby-vault-offer');
    await passwords.getByRole('button', { name: 'Set up the vault…' }).click();
    const vaultDialog = page.getByTestId('vault-dialog');
    await vaultDialog.getByLabel('New passphrase').fill(PASSPHRASE);
    await vaultDialog.getByLabel('Repeat it').fill(PASSPHRASE);
    await vaultDialog.getByRole('button', { name: 'Create vault' }).click();
    await vaultDialog.waitFor({ state: 'detached', timeout: 20_000 });
    await pollUntil(async () => !(await dialog().getByRole('button', { name: 'Import 2 hosts' }).isDisabled()), {
      message: 'Import enabled once the vault is open',
    });
    await screenshot(page, 'import-tabby-vault-ready');
    await dialog().getByRole('button', { name: 'Import 2 hosts' }).click();
    await page.getByTestId('import-done').getByText('2 hosts added.').waitFor();
    await page.getByTestId('import-done').getByRole('button', { name: 'Done' }).click();
    await pollUntil(async () => (await hostNames()).includes('Metrics'), { message: 'the Tabby hosts listed' });

    const vault = new Vault({ file: join(sshEnv.home, 'data', 'vault.json') });
    await vault.unlock(PASSPHRASE);
    expect(vault.getSecret(passwordSecretName('grafana@metrics.internal:22'))).toBe('hunter2-not-real');
    expect(filesContaining(sshEnv.home, 'hunter2-not-real')).toEqual([]);
  });
});

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && readFileSync(path).includes(text));
}
