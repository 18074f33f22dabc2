import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { quickConnect, terminalTextOf } from './terminal-page';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

/**
 * Terminal tabs in Chromium against a real sshd, through the browser bridge: quick connect and the
 * host-key question, typing and output, `stty size` following the window, a saved host, the
 * server going away and Reconnect, paste protection, and a flood that must not freeze input.
 */
describe('terminal tabs in Chromium', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  const rejectedCalls: string[] = [];

  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  /** The active terminal's screen and scrollback as text (read from xterm's buffer, whichever renderer draws). */
  const screenText = (): Promise<string> => terminalTextOf(activePane());
  const terminalSize = (): Promise<{ cols: number; rows: number }> =>
    activePane()
      .getByTestId('terminal')
      .evaluate((element: unknown) => (element as { jumpgateTerminal: { size: { cols: number; rows: number } } }).jumpgateTerminal.size);
  const waitForText = async (pattern: RegExp, timeoutMs = 30_000): Promise<string> => {
    try {
      return await pollUntil(async () => ((await screenText()).match(pattern) ?? undefined)?.[0], {
        timeoutMs,
        intervalMs: 50,
        message: `terminal text ${pattern}`,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the terminal shows:\n${(await screenText()).slice(-1500)}`, { cause: error });
    }
  };
  const typeLine = async (line: string): Promise<void> => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    ssh = await startSshStand();
    core = createWebCore(ssh.env);
    // WebGL even though Chromium draws it in software here ('auto' would choose the DOM renderer):
    // the context-loss fallback below needs it.
    expect(await core.router.dispatch('settings.update', { terminalRenderer: 'gpu' }, { isTrustedSender: true, transport: 'direct' })).toMatchObject({
      ok: true,
    });
    const saved = await core.router.dispatch(
      'profiles.save',
      { name: 'Build box', destination: '127.0.0.1', port: ssh.sshd.port, user: 'root' },
      { isTrustedSender: true, transport: 'direct' },
    );
    expect(saved).toMatchObject({ ok: true });
    // Every call the window makes must be one main accepts (a rejected resize would go unseen).
    const dispatch = core.router.dispatch.bind(core.router);
    (core.router as { dispatch: typeof dispatch }).dispatch = async (method, input, callContext) => {
      const result = await dispatch(method, input, callContext);
      if (!result.ok && result.error.code === 'INVALID_ARGUMENT' && result.error.message.startsWith('Invalid input'))
        rejectedCalls.push(`${String(method)}: ${result.error.message}`);
      return result;
    };
    app = await openAppPage(core, {
      colorScheme: 'dark',
      beforeLoad: ({ context, bridge }) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(bridge.url).origin }),
    });
    ({ page, problems } = app);
    await page.getByTestId('vault-state').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it('quick connect shows each step, asks about the host key, and then runs what is typed', async () => {
    await quickConnect(page, `root@127.0.0.1:${ssh.sshd.port}`);
    const prompt = page.getByTestId('prompt-host-key');
    await prompt.waitFor();
    const progress = activePane().getByTestId('connection-progress');
    await progress.locator('[data-step="kex"]').waitFor({ state: 'attached' });
    expect(await progress.textContent()).toContain(`root@127.0.0.1:${ssh.sshd.port}`);
    await screenshot(page, 'connecting-host-key');
    await prompt.getByRole('button', { name: 'Accept and save' }).click();
    await pollUntil(async () => (await activePane().getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(`root@127.0.0.1:${ssh.sshd.port}`);
    await waitForText(/^root@.*# ?$/m);
    await typeLine('echo "hello from $((6*7))"');
    await waitForText(/^hello from 42$/m);
    expect(await page.getByTestId('count-connections').textContent()).toBe('1 connection');
    await typeLine(
      'ls -l --color=always / | head -n 14; printf "\\e[1;32m\\342\\234\\224 ok\\e[0m  \\e[33m\\342\\232\\240 warn\\e[0m  \\e[31m\\342\\234\\230 fail\\e[0m\\n"',
    );
    await waitForText(/\u2714 ok/);
    await screenshot(page, 'terminal');
  });

  it('Ctrl+Shift+F finds text in the scrollback', async () => {
    await page.keyboard.press('Control+Shift+F');
    const search = activePane().getByTestId('terminal-search');
    await search.getByLabel('Find in terminal').fill('hello from');
    expect(await search.textContent()).not.toContain('No matches');
    await search.getByLabel('Find in terminal').fill('nowhere-to-be-seen');
    await search.getByText('No matches').waitFor();
    await search.getByLabel('Find in terminal').press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.className')).toContain('xterm-helper-textarea');
  });

  it('an OSC 8 link shows its real target before anything opens', async () => {
    await typeLine(`clear; printf '\\e]8;;https://example.com/real-target\\e\\\\docs-link\\e]8;;\\e\\\\\\n'`);
    await waitForText(/^docs-link$/m);
    const box = await activePane().locator('.xterm-screen').boundingBox();
    const { cols, rows } = await terminalSize();
    if (box === null) throw new Error('no terminal screen');
    const x = box.x + (box.width / cols) * 2.5;
    const y = box.y + (box.height / rows) * 0.5;
    const dialog = page.getByTestId('link-dialog');
    await pollUntil(
      async () => {
        await page.mouse.move(x, y + 1);
        await page.mouse.move(x, y);
        await page.mouse.click(x, y);
        return dialog.isVisible();
      },
      { message: 'the link dialog', intervalMs: 200 },
    );
    expect(await dialog.locator('pre').textContent()).toBe('https://example.com/real-target');
    await screenshot(page, 'link-target');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('when the WebGL context is lost the DOM renderer takes over, and the terminal carries on', async () => {
    const terminal = activePane().getByTestId('terminal');
    expect(await terminal.evaluate((element: unknown) => (element as { jumpgateTerminal: { renderer: string } }).jumpgateTerminal.renderer)).toBe('webgl');
    type Canvas = { getContext(kind: string): { getExtension(name: string): { loseContext(): void } | null } | null };
    const lost = await terminal.evaluate((element: unknown) => {
      const canvases = [...(element as { querySelectorAll(selector: string): Iterable<Canvas> }).querySelectorAll('canvas')];
      const gl = canvases.map((canvas) => canvas.getContext('webgl2')).find((context) => context !== null);
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
      return gl !== undefined;
    });
    expect(lost).toBe(true);
    await pollUntil(
      async () => (await terminal.evaluate((element: unknown) => (element as { jumpgateTerminal: { renderer: string } }).jumpgateTerminal.renderer)) === 'dom',
      { message: 'the DOM renderer', timeoutMs: 15_000 },
    );
    await typeLine('echo "still-$((3*3))"');
    await waitForText(/^still-9$/m);
    // The DOM renderer draws rows as text.
    await pollUntil(async () => (await activePane().locator('.xterm-rows').textContent())?.includes('still-9'), { message: 'DOM rows' });
  });

  it('records on demand, with an indicator on the tab and in the pane', async () => {
    await activePane().getByRole('button', { name: 'Record' }).click();
    await activePane().getByTestId('recording-indicator').waitFor();
    await page.locator('[role="tab"][aria-selected="true"] .tab__rec').waitFor();
    const file = await activePane().getByTestId('recording-indicator').getAttribute('title');
    expect(file).toMatch(/\.cast$/);
    await typeLine('echo "on-tape"');
    await waitForText(/^on-tape$/m);
    await activePane().getByRole('button', { name: 'Stop' }).click();
    await activePane().getByTestId('recording-indicator').waitFor({ state: 'detached' });
    expect(readFileSync(file!, 'utf8')).toContain('on-tape');
    // The file replays: asciinema prints the session (it wants a terminal even for that; `script` gives it one).
    const played = execFileSync('script', ['-qec', `asciinema cat '${file!}'`, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(played).toMatch(/^on-tape\r?$/m);
  });

  it('stty size matches the terminal, and follows the window when it is resized', async () => {
    const before = await terminalSize();
    await typeLine('clear; stty size');
    await waitForText(new RegExp(`^${before.rows} ${before.cols}$`, 'm'));
    await page.setViewportSize({ width: 1000, height: 620 });
    const after = await pollUntil(
      async () => {
        const size = await terminalSize();
        return size.cols < before.cols && size.rows < before.rows ? size : undefined;
      },
      { message: 'the terminal to fit the smaller window' },
    );
    await typeLine('clear; stty size');
    await waitForText(new RegExp(`^${after.rows} ${after.cols}$`, 'm'));
    await page.setViewportSize({ width: 1280, height: 780 });
  });

  it('a multi-line paste asks first, and goes in only when accepted', async () => {
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify('echo "pasted-$((1+1))"\necho "pasted-$((2+2))"\n')})`);
    await page.keyboard.press('Control+Shift+V');
    const dialog = page.getByTestId('paste-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Paste 2 lines?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await screenText()).not.toContain('pasted-2');
    expect(await page.evaluate('document.activeElement?.className')).toContain('xterm-helper-textarea');
    await page.keyboard.press('Control+Shift+V');
    await dialog.getByRole('button', { name: 'Paste' }).click();
    // Bash takes a paste into its line editor (bracketed paste): Enter runs it.
    await waitForText(/pasted-\$\(\(2\+2\)\)/);
    await page.keyboard.press('Enter');
    await waitForText(/^pasted-4$/m);
  });

  it('a saved host opens in its own tab from the sidebar; Ctrl+Tab switches, double-click renames', async () => {
    await page.getByTestId('host-item').filter({ hasText: 'Build box' }).dblclick();
    await pollUntil(async () => (await activePane().getAttribute('data-state')) === 'connected', { message: 'the saved host connected', timeoutMs: 30_000 });
    await typeLine('echo "saved-$((40+2))"');
    await waitForText(/^saved-42$/m);
    // The saved host is the same server, user and key as the first tab: its terminal is a channel on that connection.
    expect(await page.getByTestId('count-connections').textContent()).toBe('1 connection');

    await page.keyboard.press('Control+Tab');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(`root@127.0.0.1:${ssh.sshd.port}`);
    await typeLine('sleep 0.3; echo "background-$((1+2))"');
    await page.keyboard.press('Control+Shift+Tab');
    const first = page.getByRole('tab').first();
    await pollUntil(async () => (await first.getAttribute('class'))?.includes('tab--activity'), { message: 'activity on the background tab' });

    const selected = page.getByRole('tab', { selected: true });
    await selected.dblclick();
    await page.getByLabel('Tab name').fill('builds');
    await page.getByLabel('Tab name').press('Enter');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('builds');
  });

  it('when sshd goes away each tab says why; after it returns Reconnect brings the session back, scrollback kept', async () => {
    await ssh.sshd.stop();
    const ended = activePane().getByTestId('session-ended');
    await ended.waitFor();
    expect(await ended.textContent()).toContain('CONNECTION_LOST');
    expect(await ended.textContent()).toContain(`127.0.0.1:${ssh.sshd.port}`);
    await pollUntil(async () => (await page.locator('[role="tab"][data-state="disconnected"]').count()) === 2, { message: 'both tabs disconnected' });
    expect(await page.getByTestId('count-connections').textContent()).toBe('0 connections');
    await screenshot(page, 'disconnected');

    await ssh.sshd.restart();
    await ended.getByRole('button', { name: 'Reconnect' }).click();
    await pollUntil(async () => (await activePane().getAttribute('data-state')) === 'connected', { message: 'connected again', timeoutMs: 30_000 });
    await typeLine('echo "back-$((50+1))"');
    await waitForText(/^back-51$/m);
    expect(await screenText()).toMatch(/^saved-42$/m);
  });

  it('a stalled server shows how far the connection got; Ctrl+Shift+W closes the tab and its session', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    try {
      await page.getByRole('button', { name: 'New connection' }).click();
      await page.getByTestId('quick-connect-dialog').getByLabel('Destination').fill(`deploy@127.0.0.1:${port}`);
      await page.getByTestId('quick-connect-dialog').getByLabel('Destination').press('Enter');
      await activePane().getByTestId('connection-progress').locator('[data-step="tcp"]').waitFor();
      await screenshot(page, 'connecting');
      const tabs = await page.getByRole('tab').count();
      await page.keyboard.press('Control+Shift+W');
      await pollUntil(async () => (await page.getByRole('tab').count()) === tabs - 1, { message: 'the tab closed' });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('stays responsive under a flood: a line typed after 20 MB of output echoes once it is drawn', async () => {
    await typeLine('clear; head -c 20M /dev/urandom | base64 -w 200 | tail -c +1');
    await typeLine('echo "done-$((7*6))"');
    await waitForText(/^done-42$/m, 120_000);
    expect(problems.errors).toEqual([]);
    expect(rejectedCalls).toEqual([]);
  }, 150_000);
});
