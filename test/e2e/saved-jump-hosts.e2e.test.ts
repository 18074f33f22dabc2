import { copyFileSync } from 'node:fs';
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
 * A bastion saved once and chosen as the jump of another host in the editor, in Chromium
 * against real sshd: the terminal connects through it, and removing it is refused, naming the
 * host that uses it.
 */
describe('saved jump hosts in Chromium', () => {
  let sshd: SshdHandle;
  let sshEnv: SshEnv;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;

  beforeAll(async () => {
    const keys = await getTestKeys();
    sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    sshEnv = makeSshEnv();
    // The bastion is this sshd under the name localhost, so its hop differs from the destination's.
    sshEnv.addKnownHosts([...sshd.knownHostsLines(), ...sshd.knownHostsLines().map((line) => line.replace('127.0.0.1', 'localhost'))]);
    copyFileSync(keys.ed25519.path, join(sshEnv.sshDir, 'id_ed25519'));
    core = createWebCore(sshEnv);
    app = await openAppPage(core);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await sshd?.dispose();
    sshEnv?.dispose();
  });

  const addHost = async (fields: { name: string; destination: string; jumpThrough?: string }): Promise<void> => {
    await page.getByRole('button', { name: 'Add a host' }).first().click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill(fields.destination);
    await dialog.getByLabel('Name').fill(fields.name);
    if (fields.jumpThrough !== undefined) {
      await dialog.getByLabel('Jump through saved host').selectOption({ label: fields.jumpThrough });
      await screenshot(page, 'host-editor-saved-jump-host');
    }
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await page.getByTestId('host-item').filter({ hasText: fields.name }).waitFor();
  };

  it('a bastion chosen as the jump of a host in the editor carries its terminal there', async () => {
    await addHost({ name: 'Bastion', destination: `root@localhost:${sshd.port}` });
    await addHost({ name: 'App', destination: `root@127.0.0.1:${sshd.port}`, jumpThrough: 'Bastion' });

    const mark = sshd.readLog().length;
    await page.getByTestId('host-item').filter({ hasText: 'App' }).dblclick();
    const pane = page.locator('[data-testid="terminal-pane"].terminal-pane--active');
    await pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
    // The destination was reached by a channel the bastion opened, not by a socket of its own.
    expect(await sshd.waitForLog(/server_request_direct_tcpip: .*target 127\.0\.0\.1 port \d+/, { after: mark })).toContain(`port ${sshd.port}`);
    await page.keyboard.type('echo "through:$((6*7))"');
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await terminalTextOf(pane)).includes('through:42'), { message: 'the shell answering', timeoutMs: 30_000 });
    await screenshot(page, 'terminal-through-saved-bastion');
  });

  it('removing the bastion is refused, naming the host that uses it', async () => {
    await page.getByTestId('host-item').filter({ hasText: 'Bastion' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('remove-host-dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Bastion cannot be removed: the host App uses it. Change or remove it first.').waitFor();
    await screenshot(page, 'remove-bastion-in-use');
    expect(await page.getByTestId('host-item').count()).toBe(2);
  });
});
