import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHandle, startBridge } from '../../main/bridge/bridge-server';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { quickConnect, terminalTextOf } from './terminal-page';
import { openAppPage, type AppPage } from './app-page';
import { screenshot } from './browser';

/**
 * Windows that go away, in Chromium against real sshd: a reload gets its tabs back with their
 * scrollback, another browser tab is another window, a window gone for good has its sessions
 * closed, and a page whose server restarted says to open the new address.
 */
describe('windows that go away', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let bridge: BridgeHandle;
  const closed = new Set<string>();

  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const textOf = terminalTextOf;
  const waitForText = (pane: Locator, pattern: RegExp) =>
    pollUntil(async () => ((await textOf(pane)).match(pattern) ?? undefined)?.[0], { timeoutMs: 30_000, intervalMs: 50, message: `terminal text ${pattern}` });
  const connected = (pane: Locator) =>
    pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
  const typeLine = async (line: string): Promise<void> => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    ssh = await startSshStand({ trustServer: true });
    // A short grace, so the test need not wait a minute: what it checks is that the sessions close.
    core = createWebCore(ssh.env, { windowGraceMs: 8_000 });
    core.hub.connect((name, payload) => {
      const state = payload as { sessionId?: string; state?: string };
      if (name === 'terminal.state' && state.state === 'closed' && state.sessionId) closed.add(state.sessionId);
    });
    app = await openAppPage(core);
    ({ page, bridge } = app);
  });

  afterAll(async () => {
    await app?.close();
    await bridge?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it('a reload gets its tabs back, with their scrollback, and typing goes on in the same shell', async () => {
    await quickConnect(page, `root@127.0.0.1:${ssh.sshd.port}`);
    await connected(activePane());
    await typeLine('export MARK=kept-$((6*7)); echo "before $MARK"');
    await waitForText(activePane(), /^before kept-42$/m);
    await page.getByRole('button', { name: 'Files on this host' }).click();
    await pollUntil(async () => (await page.getByRole('tab').count()) === 2, { message: 'a files tab' });

    await page.reload();
    await pollUntil(async () => (await page.getByRole('tab').count()) === 2, { message: 'both tabs back after the reload', timeoutMs: 30_000 });
    await page.getByRole('tab').first().click();
    const pane = page.locator('[data-testid="terminal-pane"].terminal-pane--visible').first();
    await connected(pane);
    await waitForText(pane, /^before kept-42$/m);
    await pane.getByTestId('terminal').click();
    await typeLine('echo "after $MARK"');
    await waitForText(pane, /^after kept-42$/m);
    expect(closed.size).toBe(0);
    await screenshot(page, 'window-reloaded');
  });

  it('when the link to the server drops and returns, the terminal shows what the shell printed meanwhile', async () => {
    const pane = page.locator('[data-testid="terminal-pane"].terminal-pane--visible').first();
    const printed: string[] = [];
    const watch = core.hub.connect((name, payload) => name === 'terminal.data' && printed.push((payload as { data: string }).data));
    try {
      await typeLine('sleep 1; echo "meanwhile-$((3*3))"');
      // The shell echoed the line: it arrived before the link goes.
      await pollUntil(() => printed.join('').includes('meanwhile-$((3*3))"\r\n'), {
        message: 'the line typed (and its Enter) reaching the shell',
        timeoutMs: 30_000,
      });
      const { port, token } = bridge;
      await bridge.close();
      await page.getByTestId('link-state').waitFor();
      await pollUntil(() => printed.join('').includes('meanwhile-9'), { message: 'the shell printing while the link is down', timeoutMs: 30_000 });
      bridge = await startBridge({ router: core.router, hub: core.hub, windows: core.windows, staticDir: resolve('out/renderer'), port, token });
      await page.getByTestId('link-state').waitFor({ state: 'detached', timeout: 30_000 });
      await waitForText(pane, /^meanwhile-9$/m);
      await typeLine('echo "relinked $MARK"');
      await waitForText(pane, /^relinked kept-42$/m);
    } finally {
      watch.dispose();
    }
  });

  it("another browser tab is another window: it does not get this one's sessions", async () => {
    const other = await app!.context.newPage();
    await other.goto(bridge.url);
    await other.getByTestId('empty-state').first().waitFor();
    expect(await other.getByRole('tab').count()).toBe(0);
    await other.close();
    expect(closed.size).toBe(0);
  });

  it('a window gone for good has its sessions closed', async () => {
    const ids = await page.evaluate<string | null>("sessionStorage.getItem('jumpgate.windowId')");
    expect(ids).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await page.close();
    await pollUntil(() => closed.size >= 1, { message: 'the terminal closed after its window went away', timeoutMs: 30_000 });
    const listed = await core.router.dispatch('sessions.list', {}, { isTrustedSender: true, transport: 'direct', windowId: ids! });
    expect(listed).toEqual({ ok: true, value: { terminals: [], files: [] } });
  });

  it('a page whose server restarted says to open the new address instead of retrying', async () => {
    page = await app!.context.newPage();
    await page.goto(bridge.url);
    await page.getByTestId('empty-state').first().waitFor();
    const port = bridge.port;
    await bridge.close();
    const restarted = await startBridge({ router: core.router, hub: core.hub, windows: core.windows, staticDir: resolve('out/renderer'), port });
    try {
      await page.getByTestId('token-rejected').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('token-rejected').textContent()).toContain('npm run web');
      await screenshot(page, 'token-rejected');
    } finally {
      await restarted.close();
    }
  });
});
