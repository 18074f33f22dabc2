import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { getTestKeys } from '../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../fixtures/sshd';
import { createWebCore } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { screenshot } from './browser';
import { terminalTextOf } from './terminal-page';

/**
 * The keys page in Chromium against real sshd: a key generated in the UI is installed on a saved
 * host through its bastion, chosen as that host's key, and then signs in alone (sshd takes no
 * other key by then).
 */
describe('the keys page in Chromium', () => {
  let sshd: SshdHandle;
  let sshEnv: SshEnv;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  const remoteAuthorizedKeys = () => join(sshd.dir, 'home', '.ssh', 'authorized_keys');

  beforeAll(async () => {
    const keys = await getTestKeys();
    sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    // The test key signs in first; what is installed in the session's ~/.ssh counts too.
    await sshd.restart({ extraConfig: [`AuthorizedKeysFile ${join(sshd.dir, 'authorized_keys')} ${remoteAuthorizedKeys()}`] });
    sshEnv = makeSshEnv();
    sshEnv.addKnownHosts([...sshd.knownHostsLines(), ...sshd.knownHostsLines().map((line) => line.replace('127.0.0.1', 'localhost'))]);
    copyFileSync(keys.ed25519.path, join(sshEnv.sshDir, 'id_ed25519'));
    core = createWebCore(sshEnv);
    app = await openAppPage(core, {
      beforeLoad: ({ context, bridge }) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(bridge.url).origin }),
    });
    page = app.page;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await sshd?.dispose();
    sshEnv?.dispose();
  });

  const addHost = async (name: string, destination: string, jumpThrough?: string): Promise<void> => {
    await page.getByRole('button', { name: 'Add a host' }).first().click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill(destination);
    await dialog.getByLabel('Name').fill(name);
    if (jumpThrough !== undefined) await dialog.getByLabel('Jump through saved host').selectOption({ label: jumpThrough });
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await page.getByTestId('host-item').filter({ hasText: name }).waitFor();
  };
  const row = (name: string) => page.locator(`tr[data-key="${name}"]`);

  it('generates a key, installs it on a saved host through its bastion, uses it, and signs in with it alone', async () => {
    await addHost('Bastion', `root@localhost:${sshd.port}`);
    await addHost('Box', `root@127.0.0.1:${sshd.port}`, 'Bastion');
    await page.getByRole('button', { name: 'Keys', exact: true }).click();
    await row('id_ed25519').waitFor();

    await page.getByRole('button', { name: 'Generate…' }).click();
    const generate = page.getByTestId('generate-key-dialog');
    // id_ed25519 is taken: the next free name is offered.
    expect(await generate.getByLabel('File name in ~/.ssh').inputValue()).toBe('id_ed25519_2');
    expect(await generate.getByLabel('Comment').inputValue()).toMatch(/^.+@.+$/);
    await generate.getByLabel('Comment').fill('me@laptop');
    await screenshot(page, 'keys-generate-dialog');
    await generate.getByRole('button', { name: 'Generate', exact: true }).click();
    await row('id_ed25519_2').waitFor();
    const fingerprint = (await row('id_ed25519_2').locator('.keys-table__fingerprint').textContent())!;
    expect(fingerprint).toMatch(/^SHA256:/);
    const publicKey = readFileSync(join(sshEnv.sshDir, 'id_ed25519_2.pub'), 'utf8');
    await page.getByRole('button', { name: 'Copy the public key of id_ed25519_2' }).click();
    await page.getByText('Copied the public key of id_ed25519_2.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(publicKey);

    await page.getByRole('button', { name: 'Install id_ed25519_2 on a host…' }).click();
    const install = page.getByTestId('install-key-dialog');
    await install.getByLabel('Saved host').selectOption({ label: 'Box' });
    await install.getByRole('button', { name: 'Install', exact: true }).click();
    await install.getByText('Installed on Box').waitFor({ timeout: 30_000 });
    await screenshot(page, 'keys-installed');
    expect(readFileSync(remoteAuthorizedKeys(), 'utf8')).toBe(publicKey);
    await install.getByRole('button', { name: 'Use this key for Box' }).click();
    await row('id_ed25519_2').getByRole('button', { name: 'Box' }).waitFor();

    // The bastion is the same sshd: the key is there already, and the bastion is to use it too.
    await page.getByRole('button', { name: 'Install id_ed25519_2 on a host…' }).click();
    await install.getByLabel('Saved host').selectOption({ label: 'Bastion' });
    await install.getByRole('button', { name: 'Install', exact: true }).click();
    await install.getByText('Bastion already has this key').waitFor({ timeout: 30_000 });
    await screenshot(page, 'keys-already-installed');
    await install.getByRole('button', { name: 'Use this key for Bastion' }).click();
    await row('id_ed25519_2').getByRole('button', { name: 'Bastion' }).waitFor();
    await screenshot(page, 'keys-page');

    // From now on sshd takes only what was installed: the test key signs in to neither hop.
    await sshd.restart({ extraConfig: [`AuthorizedKeysFile ${remoteAuthorizedKeys()}`] });
    const mark = sshd.readLog().length;
    await page.getByTestId('host-item').filter({ hasText: 'Box' }).dblclick();
    const pane = page.locator('[data-testid="terminal-pane"].terminal-pane--active');
    await pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected with the new key', timeoutMs: 30_000 });
    await page.keyboard.type('echo "signed:$((6*7))"');
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await terminalTextOf(pane)).includes('signed:42'), { message: 'the shell answering', timeoutMs: 30_000 });
    expect(await sshd.waitForLog(/Accepted publickey for root from .* port \d+ ssh2: ED25519 /, { after: mark })).toContain(fingerprint);
    // Both hops, the bastion and the host behind it, signed in with the new key.
    const accepted = sshd
      .readLog()
      .slice(mark)
      .split('\n')
      .filter((line) => line.includes('Accepted publickey'));
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    for (const line of accepted) expect(line).toContain(fingerprint);
  });

  it('shows a lock for a key with a passphrase, and removes the passphrase', async () => {
    await page.getByRole('button', { name: 'Keys', exact: true }).click();
    await page.getByRole('button', { name: 'Generate…' }).click();
    const generate = page.getByTestId('generate-key-dialog');
    await generate.getByText('ECDSA').click();
    expect(await generate.getByLabel('File name in ~/.ssh').inputValue()).toBe('id_ecdsa');
    await generate.getByLabel('Passphrase (optional)').fill('a long passphrase');
    await generate.getByLabel('Repeat the passphrase').fill('a long passphrase');
    await generate.getByRole('button', { name: 'Generate', exact: true }).click();
    await row('id_ecdsa').getByRole('img', { name: 'Has a passphrase' }).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Change the passphrase of id_ecdsa…' }).click();
    const dialog = page.getByTestId('key-passphrase-dialog');
    await dialog.getByLabel('Current passphrase').fill('wrong one');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The passphrase for ~/.ssh/id_ecdsa is wrong.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'keys-wrong-passphrase');
    await dialog.getByLabel('Current passphrase').fill('a long passphrase');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await pollUntil(async () => (await row('id_ecdsa').getByRole('img', { name: 'Has a passphrase' }).count()) === 0, {
      message: 'the lock gone',
      timeoutMs: 30_000,
    });
    expect(readFileSync(join(sshEnv.sshDir, 'id_ecdsa'), 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(app!.problems.errors).toEqual([]);
  });
});
