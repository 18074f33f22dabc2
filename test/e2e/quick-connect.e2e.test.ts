import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../main/bridge/web-server';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { makeTempDir } from '../helpers/temp-dir';
import { openAppPage, type AppPage } from './app-page';
import { launchChromium, openPage, type PageProblems, screenshot } from './browser';

/**
 * Quick connect's completion in Chromium against a real sshd: a destination typed once comes
 * back from the history main keeps and opens again from it; a saved host chosen from the list
 * opens as that saved host (the sidebar shows it connected), not as text; the keyboard alone
 * does it; a past destination can be forgotten.
 */
describe('quick connect completion in Chromium', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  const typed = (): string => `root@127.0.0.1:${ssh.sshd.port}`;
  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const options = (): Locator => page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
  const connected = (): Promise<unknown> =>
    pollUntil(async () => (await activePane().getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
  const closeAllTabs = async (): Promise<void> => {
    for (let left = await page.getByRole('tab').count(); left > 0; left--) {
      await page
        .getByRole('tab')
        .first()
        .getByRole('button', { name: /^Close/ })
        .click();
    }
    await page.getByTestId('empty-state').waitFor();
  };

  beforeAll(async () => {
    ssh = await startSshStand({ trustServer: true });
    ssh.env.writeConfig(`Host lab-alias\n  HostName 127.0.0.1\n  Port ${ssh.sshd.port}\n  User root\n`);
    core = createWebCore(ssh.env);
    const saved = await core.router.dispatch(
      'profiles.save',
      { name: 'saved-lab', destination: '127.0.0.1', port: ssh.sshd.port, user: 'root' },
      { isTrustedSender: true, transport: 'direct' },
    );
    expect(saved).toMatchObject({ ok: true });
    app = await openAppPage(core);
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it('a destination typed once is offered again from the history and opens from it with the keyboard', async () => {
    const box = page.getByRole('combobox', { name: 'Quick connect' });
    await box.fill(typed());
    await box.press('Enter');
    await connected();
    await closeAllTabs();

    await box.click();
    await box.fill('127.0.0');
    await pollUntil(async () => (await options().count()) >= 2, { message: 'suggestions shown' });
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const labels = await options().locator('.completion__label').allTextContents();
    expect(labels).toEqual(['saved-lab', 'lab-alias', typed()]);
    expect(await options().evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')))).toEqual(['saved', 'config', 'history']);
    await screenshot(page, 'quick-connect-completion');
    // Down three times reaches the history entry; Enter opens it.
    for (let step = 0; step < 3; step++) await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${active}"]`).getAttribute('data-kind')).toBe('history');
    await box.press('Enter');
    await connected();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(typed());
    expect(problems.errors).toEqual([]);
  });

  it('a saved host chosen in the dialog opens as that saved host, and Escape closes the list before the dialog', async () => {
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByTestId('quick-connect-dialog');
    const box = dialog.getByRole('combobox', { name: 'Destination' });
    await box.waitFor();
    await page.keyboard.type('saved');
    await pollUntil(async () => (await options().count()) === 1, { message: 'the saved host offered' });
    await screenshot(page, 'quick-connect-dialog-completion');
    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await connected();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('saved-lab');
    // Opened by its id: the sidebar's row for it shows it connected.
    await page.getByTestId('host-item').filter({ hasText: 'saved-lab' }).getByTestId('host-connected').waitFor();
  });

  it('a past destination can be forgotten from the list', async () => {
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByTestId('quick-connect-dialog');
    await dialog.waitFor();
    await page.keyboard.type(`:${ssh.sshd.port}`);
    const past = page.locator('[role="option"][data-kind="history"]');
    await past.waitFor();
    await past.hover();
    await past.getByRole('button', { name: `Forget ${typed()}` }).click();
    await past.waitFor({ state: 'detached' });
    const history = await core.router.dispatch('history.list', {}, { isTrustedSender: true, transport: 'direct' });
    expect(history).toEqual({ ok: true, value: [] });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(problems.errors).toEqual([]);
  });
});

/** A tunnels.json of format 1 (connections held as fields) present when `npm run web` starts: migrated, the original kept. */
describe('an old tunnels.json when the bridge starts', () => {
  const dataDir = makeTempDir('e2e-tunnels');
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  const old = {
    schemaVersion: 1,
    tunnels: [
      {
        name: 'pg',
        connection: { destination: 'db.example.com', port: 2222, user: 'me', jump: 'bastion', identityFiles: [], options: {} },
        forwards: [{ kind: 'local', bindPort: 5432, target: { host: '127.0.0.1', port: 5432 } }],
        autoStart: false,
      },
    ],
  };
  const text = JSON.stringify(old, null, 2);

  beforeAll(async () => {
    writeFileSync(join(dataDir.path, 'tunnels.json'), text);
    server = await startWebServer({ port: 0, dataDir: dataDir.path, staticDir: 'out/renderer', open: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dataDir.dispose();
  });

  it('lists the tunnel through the contract, its connection now a target, and keeps the original file beside it', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(server.url);
    await page.getByTestId('empty-state').waitFor();
    // The contract over the bridge's WebSocket, as the page's own origin calls it.
    const answer = await page.evaluate(async (token: string) => {
      const { host } = (globalThis as unknown as { location: { host: string } }).location;
      const socket = new WebSocket(`ws://${host}/bridge?token=${encodeURIComponent(token)}`);
      return await new Promise<unknown>((resolve, reject) => {
        socket.onerror = () => reject(new Error('the bridge refused the socket'));
        socket.onopen = () => socket.send(JSON.stringify({ type: 'call', id: 1, method: 'tunnels.list', input: {} }));
        socket.onmessage = (message) => {
          const frame = JSON.parse(String(message.data)) as { type: string; id?: number; result?: unknown };
          if (frame.type !== 'result' || frame.id !== 1) return;
          socket.close();
          resolve(frame.result);
        };
      });
    }, server.token);
    expect(answer).toMatchObject({
      ok: true,
      value: [
        {
          profile: { name: 'pg', connection: { spec: { ...old.tunnels[0]!.connection, forwardAgent: false } }, forwards: old.tunnels[0]!.forwards },
          status: { state: 'stopped' },
        },
      ],
    });
    expect(readFileSync(join(dataDir.path, 'tunnels.json.v1.bak'), 'utf8')).toBe(text);
    expect((JSON.parse(readFileSync(join(dataDir.path, 'tunnels.json'), 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(2);
    expect(existsSync(join(dataDir.path, 'tunnels.json'))).toBe(true);
    // An upgrade is no problem to warn about.
    expect(await page.getByRole('status').filter({ hasText: 'tunnels' }).count()).toBe(0);
    await screenshot(page, 'tunnels-migrated');
    expect(problems.errors).toEqual([]);
  });
});
