import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreStand, startCoreStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';
import { quickConnect, terminalTextOf } from './terminal-page';

/**
 * One connection, many channels, in Chromium against real sshd: the first terminal asks about
 * the host key, accepted once only (so any second handshake would ask again); a split pane and a
 * files tab for the same host open on that connection without a question, and sshd logs one login.
 */
describe('shared connections in Chromium', () => {
  let stand: CoreStand;
  let remoteHome: TempDir;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;

  const panes = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--visible');
  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const filesView = (): Locator => page.locator('[data-testid="files-view"].files-view--visible');
  const connected = (pane: Locator) =>
    pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
  const logins = (): number => (stand.sshd.readLog().match(/Accepted publickey for /g) ?? []).length;
  const questions = (): number => stand.events.filter((e) => e.name === 'prompts.request').length;

  beforeAll(async () => {
    remoteHome = makeTempDir('shared-remote-home');
    writeFileSync(join(remoteHome.path, 'deploy.log'), 'one connection\n');
    stand = await startCoreStand({ sshd: { extraConfig: [`Subsystem sftp internal-sftp -d ${remoteHome.path}`] } });
    app = await openAppPage(stand.core);
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    await stand?.dispose();
    remoteHome?.dispose();
  });

  it('a split pane and a files tab for a connected host open on its connection: no question, one login', async () => {
    await quickConnect(page, `root@127.0.0.1:${stand.sshd.port}`);
    const hostKey = page.getByTestId('prompt-host-key');
    await hostKey.waitFor({ timeout: 30_000 });
    await hostKey.getByRole('button', { name: 'Accept once' }).click();
    const first = activePane();
    await connected(first);
    expect(questions()).toBe(1);
    expect(logins()).toBe(1);

    await page.keyboard.press('Control+Shift+D');
    await pollUntil(async () => (await panes().count()) === 2, { message: 'two panes' });
    const right = panes().nth(1);
    await connected(right);
    await page.keyboard.type('echo "shared-$((40+2))"');
    await page.keyboard.press('Enter');
    await pollUntil(async () => /^shared-42$/m.test(await terminalTextOf(right)), { message: 'the second pane answers', timeoutMs: 30_000 });
    await screenshot(page, 'shared-connection-split');

    await right.getByRole('button', { name: 'Files on this host' }).click();
    await pollUntil(async () => (await filesView().getAttribute('data-state')) === 'connected', { timeoutMs: 30_000, message: 'the files tab connected' });
    await pollUntil(
      async () => (await filesView().locator('[data-testid="file-pane"][data-side="remote"]').locator('[data-name="deploy.log"]').count()) === 1,
      {
        message: 'the server side lists',
      },
    );
    await screenshot(page, 'shared-connection-files');

    expect(await page.getByTestId('prompt-host-key').count()).toBe(0);
    expect(questions()).toBe(1);
    expect(logins()).toBe(1);
    expect(problems.errors).toEqual([]);
  });

  it('when the connection drops every tab on it says so; Reconnect in one pane brings them all back on one login', async () => {
    await stand.sshd.stop();
    await pollUntil(async () => (await page.locator('[role="tab"][data-state="disconnected"]').count()) === 2, { message: 'both tabs disconnected' });
    await page.getByRole('tab').first().click();
    const ended = panes().getByTestId('session-ended');
    await pollUntil(async () => (await ended.count()) === 2, { message: 'both panes ended' });
    expect(await ended.first().textContent()).toContain('CONNECTION_LOST');
    expect(await ended.nth(1).textContent()).toContain('CONNECTION_LOST');

    await stand.sshd.restart();
    const before = logins();
    const asked = questions();
    await ended.first().getByRole('button', { name: 'Reconnect' }).click();
    // The key was accepted once only: the new connection asks again, once, for every pane and the files tab.
    const hostKey = page.getByTestId('prompt-host-key');
    await hostKey.waitFor({ timeout: 30_000 });
    await hostKey.getByRole('button', { name: 'Accept once' }).click();
    await pollUntil(async () => (await page.locator('[role="tab"][data-state="disconnected"]').count()) === 0, { message: 'every tab back' });
    for (const pane of [panes().nth(0), panes().nth(1)]) {
      await connected(pane);
      expect(await terminalTextOf(pane)).toContain('── reconnecting ──');
    }
    expect(logins()).toBe(before + 1);
    expect(questions()).toBe(asked + 1);
    await screenshot(page, 'shared-connection-reconnected');
  });

  it('with Share connections turned off in Settings, a split pane logs in on its own', async () => {
    await page.getByRole('tab').first().click();
    await connected(activePane());
    await page.keyboard.press('Control+,');
    const dialog = page.getByTestId('settings-dialog');
    await dialog.waitFor();
    const share = dialog.getByRole('switch', { name: 'Share connections' });
    expect(await share.isChecked()).toBe(true);
    await share.uncheck();
    await screenshot(page, 'shared-connection-setting');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const before = logins();
    const panesBefore = await panes().count();
    await activePane().click();
    await page.keyboard.press('Control+Shift+D');
    await pollUntil(async () => (await panes().count()) === panesBefore + 1, { message: 'one more pane' });
    // Its own handshake: the host key was accepted once only, so it is asked about again.
    const hostKey = page.getByTestId('prompt-host-key');
    await hostKey.waitFor({ timeout: 30_000 });
    await hostKey.getByRole('button', { name: 'Accept once' }).click();
    await connected(activePane());
    expect(logins()).toBe(before + 1);
    expect(problems.errors).toEqual([]);
  });
});
