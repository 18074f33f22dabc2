import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { type FakeServer, startFakeServer } from '../fixtures/fake-server';
import { getTestKeys } from '../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../fixtures/sshd';
import { createWebCore } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { quickConnect as quickConnectByKey, terminalTextOf } from './terminal-page';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

/**
 * Panes and the connection experience around them, in Chromium against real sshd: splitting a tab
 * and moving the keyboard between panes, duplicating a tab, saving a quick connection, a changed
 * host key that blocks, a wrong password that asks again (in-process server: sshd cannot be told
 * to prompt like that on loopback without PAM), and a profile that reconnects by itself.
 */
describe('terminal panes in Chromium', () => {
  let sshd: SshdHandle;
  let rekeyed: SshdHandle;
  let passwordServer: FakeServer;
  let sshEnv: SshEnv;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;

  const panes = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--visible');
  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const textOf = terminalTextOf;
  const sizeOf = (pane: Locator): Promise<{ cols: number; rows: number }> =>
    pane
      .getByTestId('terminal')
      .evaluate((element: unknown) => (element as { jumpgateTerminal: { size: { cols: number; rows: number } } }).jumpgateTerminal.size);
  const waitForText = async (pane: Locator, pattern: RegExp): Promise<string> => {
    try {
      return await pollUntil(async () => ((await textOf(pane)).match(pattern) ?? undefined)?.[0], {
        timeoutMs: 30_000,
        intervalMs: 50,
        message: `terminal text ${pattern}`,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the pane shows:\n${(await textOf(pane)).slice(-1500)}`, { cause: error });
    }
  };
  const typeLine = async (line: string): Promise<void> => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };
  const connected = (pane: Locator) =>
    pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
  const quickConnect = async (destination: string): Promise<void> => {
    const hasTabs = (await page.getByRole('tab').count()) > 0;
    if (hasTabs) {
      await page.getByRole('button', { name: 'New connection' }).click();
      await page.getByTestId('quick-connect-dialog').getByLabel('Destination').fill(destination);
      await page.getByTestId('quick-connect-dialog').getByLabel('Destination').press('Enter');
    } else {
      await quickConnectByKey(page, destination);
    }
  };

  let confirmed = 0;

  beforeAll(async () => {
    const keys = await getTestKeys();
    sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    rekeyed = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], freshHostKeys: true });
    passwordServer = await startFakeServer({ username: 'deploy', password: 'right one', freshHostKey: true });
    sshEnv = makeSshEnv();
    sshEnv.addKnownHosts([...sshd.knownHostsLines(), ...rekeyed.knownHostsLines(), passwordServer.knownHostsLine()]);
    copyFileSync(keys.ed25519.path, join(sshEnv.sshDir, 'id_ed25519'));
    // As in the app, where main's native dialog confirms forgetting a host key (the bridge alone refuses).
    const confirmer = { confirm: async () => ((confirmed += 1), true) };
    core = createWebCore(sshEnv, { confirmer });
    app = await openAppPage(core, { colorScheme: 'dark' });
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await Promise.all([sshd?.dispose(), rekeyed?.dispose(), passwordServer?.close()]);
    sshEnv?.dispose();
  });

  it('splits a tab right and down; each pane has its own shell sized to it; Ctrl+Alt+arrows move the keyboard', async () => {
    await quickConnect(`root@127.0.0.1:${sshd.port}`);
    await connected(activePane());
    const first = activePane();
    await typeLine('echo "first-$((1+1))"');
    await waitForText(first, /^first-2$/m);
    const whole = await sizeOf(first);
    // 'auto' drawing: Chromium's WebGL here is software (SwiftShader), so the DOM renderer draws.
    expect(
      await first.getByTestId('terminal').evaluate((element: unknown) => (element as { jumpgateTerminal: { renderer: string } }).jumpgateTerminal.renderer),
    ).toBe('dom');

    await page.keyboard.press('Control+Shift+D');
    await pollUntil(async () => (await panes().count()) === 2, { message: 'two panes' });
    const right = panes().nth(1);
    await connected(right);
    expect(await right.getAttribute('class')).toContain('terminal-pane--active');
    // Side by side: each about half as wide, as tall as before; the shell agrees with the pane.
    await pollUntil(async () => (await sizeOf(panes().nth(0))).cols < whole.cols * 0.6, { message: 'the first pane narrower' });
    await typeLine('echo "right $(stty size)"');
    const rightSize = await sizeOf(right);
    await waitForText(right, new RegExp(`^right ${rightSize.rows} ${rightSize.cols}$`, 'm'));
    expect(rightSize.cols).toBeLessThan(whole.cols * 0.6);

    await page.keyboard.press('Control+Shift+E');
    await pollUntil(async () => (await panes().count()) === 3, { message: 'three panes' });
    const below = panes().nth(2);
    await connected(below);
    await typeLine('echo "below $(stty size)"');
    const belowSize = await sizeOf(below);
    await waitForText(below, new RegExp(`^below ${belowSize.rows} ${belowSize.cols}$`, 'm'));
    expect(belowSize.rows).toBeLessThan(whole.rows * 0.6);

    await page.keyboard.press('Control+Alt+ArrowLeft');
    await pollUntil(async () => (await first.getAttribute('class'))?.includes('terminal-pane--active'), { message: 'the left pane focused' });
    await typeLine('echo "left-$((2+2))"');
    await waitForText(first, /^left-4$/m);
    expect(await textOf(right)).not.toMatch(/^left-4$/m);
    await page.keyboard.press('Control+Alt+ArrowRight');
    await pollUntil(async () => (await right.getAttribute('class'))?.includes('terminal-pane--active'), { message: 'the top right pane focused' });
    await page.keyboard.press('Control+Alt+ArrowDown');
    await pollUntil(async () => (await below.getAttribute('class'))?.includes('terminal-pane--active'), { message: 'the lower right pane focused' });
    // Three panes to one host share one SSH connection: the status bar counts connections, not panes.
    expect(await page.getByTestId('count-connections').textContent()).toBe('1 connection');
    await screenshot(page, 'terminal-split-panes');

    // Ctrl+Shift+W closes only the focused pane; its neighbour takes the space.
    await page.keyboard.press('Control+Shift+W');
    await pollUntil(async () => (await panes().count()) === 2, { message: 'two panes again' });
    expect(await page.getByRole('tab').count()).toBe(1);
    expect(await page.getByTestId('count-connections').textContent()).toBe('1 connection');
  });

  it('a divider drag resizes the panes and the shells follow', async () => {
    const left = panes().nth(0);
    const before = await sizeOf(left);
    const divider = page.getByTestId('pane-divider').first();
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await pollUntil(async () => (await sizeOf(left)).cols < before.cols - 10, { message: 'the left pane narrower' });
    // The keyboard stays where it was through the drag: no click needed to type again.
    const focused = activePane();
    await typeLine('echo "kept $((7*6))"');
    await waitForText(focused, /^kept 42$/m);
    await left.click();
    await typeLine('echo "now $(stty size)"');
    const after = await sizeOf(left);
    await waitForText(left, new RegExp(`^now ${after.rows} ${after.cols}$`, 'm'));
  });

  it('duplicates a tab: a new tab to the same place, under the same name', async () => {
    const title = (await page.getByRole('tab', { selected: true }).textContent()) ?? '';
    await page.getByRole('button', { name: `Duplicate ${title.trim()}` }).click();
    await pollUntil(async () => (await page.getByRole('tab').count()) === 2, { message: 'a second tab' });
    await connected(activePane());
    expect(await panes().count()).toBe(1);
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(`root@127.0.0.1:${sshd.port}`);
    await typeLine('echo "copy-$((3*3))"');
    await waitForText(activePane(), /^copy-9$/m);
  });

  it("a click into an older tab's terminal gives it the keyboard (the newer tab does not cover it)", async () => {
    await page.getByRole('tab').first().click();
    const shown = panes().first();
    await pollUntil(async () => (await page.getByRole('tab').first().getAttribute('aria-selected')) === 'true', { message: 'the first tab shown' });
    await page.getByRole('tab').first().focus();
    await shown.getByTestId('terminal').click();
    await typeLine('echo "older-$((4*4))"');
    await waitForText(shown, /^older-16$/m);
    await page.getByRole('tab').last().click();
  });

  it('saves a quick connection as a host, which then opens from the sidebar', async () => {
    await activePane().getByRole('button', { name: 'Save this connection' }).click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Destination').inputValue()).toBe(`root@127.0.0.1:${sshd.port}`);
    await dialog.getByLabel('Name').fill('Saved from a tab');
    await dialog.getByText('Terminal', { exact: true }).click();
    await dialog.getByLabel('Startup command').fill('echo "started-$((5*5))"');
    await screenshot(page, 'save-connection');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor({ state: 'detached' });
    const host = page.getByTestId('host-item').filter({ hasText: 'Saved from a tab' });
    await host.dblclick();
    await pollUntil(async () => (await page.getByRole('tab', { selected: true }).textContent())?.includes('Saved from a tab'), {
      message: 'the saved host in a tab',
    });
    await connected(activePane());
    await waitForText(activePane(), /^started-25$/m);
  });

  it('a changed host key blocks: both fingerprints, no way to accept, nothing sent', async () => {
    const oldFingerprint = rekeyed.hostKeys[0]!.fingerprint;
    await rekeyed.restart({ freshHostKeys: true });
    await quickConnect(`root@127.0.0.1:${rekeyed.port}`);
    const ended = activePane().getByTestId('session-ended');
    await ended.waitFor({ timeout: 30_000 });
    expect(await ended.textContent()).toContain('HOST_KEY_CHANGED');
    // What to do next comes as the error's hint, in words: no ssh-keygen command line in the window.
    const hint = ended.getByTestId('error-hint');
    expect(await hint.getAttribute('data-hint')).toBe('forget-host-key');
    expect(await hint.textContent()).toContain('remove the old key');
    expect(await ended.textContent()).not.toContain('ssh-keygen');
    const keys = ended.getByTestId('changed-key');
    expect(await keys.textContent()).toContain(rekeyed.hostKeys.find((key) => key.type === 'ed25519')?.fingerprint ?? rekeyed.hostKeys[0]!.fingerprint);
    expect(await keys.textContent()).toContain(oldFingerprint);
    expect(await page.getByTestId('prompt-host-key').count()).toBe(0);
    expect(await ended.getByRole('button', { name: /accept/i }).count()).toBe(0);
    await screenshot(page, 'host-key-changed');

    // The deliberate act: remove the old key (Cancel is the default), then check the new one.
    await ended.getByRole('button', { name: 'Remove the old key…' }).click();
    const confirm = page.getByTestId('forget-key-dialog');
    await confirm.getByRole('button', { name: 'Remove and reconnect' }).click();
    await pollUntil(() => confirmed === 1, { message: 'main asked for its own confirmation' });
    const prompt = page.getByTestId('prompt-host-key');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.textContent()).toContain(rekeyed.hostKeys.find((key) => key.type === 'ed25519')!.fingerprint);
    await prompt.getByRole('button', { name: 'Accept and save' }).click();
    await connected(activePane());
  });

  it('a wrong password asks again, saying so; the right one connects', async () => {
    await quickConnect(`deploy@127.0.0.1:${passwordServer.port}`);
    const dialog = page.getByTestId('prompt-password');
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByLabel('Password').fill('wrong one');
    await dialog.getByLabel('Password').press('Enter');
    await dialog.getByText('That was not accepted').waitFor({ timeout: 30_000 });
    await dialog.getByLabel('Password').fill('right one');
    await dialog.getByLabel('Password').press('Enter');
    await connected(activePane());
    expect(passwordServer.events.filter((e) => e.type === 'auth' && e.method === 'password').map((e) => (e as { isAccepted: boolean }).isAccepted)).toEqual([
      false,
      true,
    ]);
  });

  it('a profile that reconnects by itself shows the countdown and comes back when the server does', async () => {
    await page.getByRole('button', { name: 'New host' }).click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill(`root@127.0.0.1:${sshd.port}`);
    await dialog.getByLabel('Name').fill('Self-healing');
    await dialog.getByText('Terminal', { exact: true }).click();
    await dialog.getByRole('switch', { name: 'Reconnect by itself' }).click();
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor({ state: 'detached' });
    const listed = await core.router.dispatch('profiles.list', {}, { isTrustedSender: true, transport: 'direct' });
    expect(listed.ok && (listed.value as { name: string }[]).find((profile) => profile.name === 'Self-healing')).toMatchObject({ autoReconnect: true });
    await page.getByTestId('host-item').filter({ hasText: 'Self-healing' }).dblclick();
    await connected(activePane());
    const pane = activePane();
    await sshd.stop();
    await pane.getByTestId('auto-reconnect').waitFor({ timeout: 30_000 });
    expect(await pane.getByTestId('session-ended').textContent()).toContain('CONNECTION_LOST');
    await screenshot(page, 'auto-reconnect');
    await sshd.restart();
    await connected(pane);
    await typeLine('echo "healed-$((6+6))"');
    await waitForText(pane, /^healed-12$/m);
    expect(problems.errors).toEqual([]);
  });
});
