import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { getTestKeys } from '../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../fixtures/sshd';
import { CLI } from '../helpers/cli';
import { createWebCore } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { canBind, connectTcp, echoRoundTrip, freePort, startEchoServer } from '../integration/forward/forward-helpers';
import { openAppPage, type AppPage } from './app-page';
import { screenshot } from './browser';

/**
 * Tunnels in the window, in Chromium against real sshd: one created in the editor to a saved
 * host, started, carrying data with its counters moving, stopped (port freed), healing after
 * sshd restarts; and one run by `jumpgate tunnel up` shown as run elsewhere and stopped from here.
 */
describe('tunnels in Chromium', () => {
  let sshd: SshdHandle;
  let sshEnv: SshEnv;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let cli: ChildProcess | undefined;
  const dataDir = () => join(sshEnv.home, 'data');

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
    const keys = await getTestKeys();
    sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    sshEnv = makeSshEnv();
    sshEnv.addKnownHosts(sshd.knownHostsLines());
    copyFileSync(keys.ed25519.path, join(sshEnv.sshDir, 'id_ed25519'));
    echo = await startEchoServer();
    core = createWebCore(sshEnv, { autoStartTunnels: false });
    const saved = await core.router.dispatch(
      'profiles.save',
      { name: 'box', destination: '127.0.0.1', port: sshd.port, user: 'root' },
      { isTrustedSender: true, transport: 'direct' },
    );
    expect(saved).toMatchObject({ ok: true });
    app = await openAppPage(core);
    page = app.page;
  });

  afterAll(async () => {
    cli?.kill('SIGKILL');
    await app?.close();
    core?.dispose();
    await echo?.close();
    await sshd?.dispose();
    sshEnv?.dispose();
  });

  const card = (name: string) => page.getByTestId('tunnel-card').filter({ has: page.getByRole('heading', { name }) });

  it('creates a tunnel to a saved host in the editor, carries data with its counters moving, stops it and frees the port, and heals after sshd restarts', async () => {
    await page.getByRole('button', { name: 'Create one' }).click();
    await page.getByRole('heading', { name: 'Tunnels', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New tunnel' }).click();
    const dialog = page.getByTestId('tunnel-dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('web');
    await dialog.getByLabel('Saved host', { exact: true }).selectOption({ label: 'box' });

    // A port another program holds is shown as it is typed, before saving.
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    await dialog.getByLabel('Forward 1 port').fill(String(takenPort));
    await dialog.getByLabel('Forward 1 host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Forward 1 host port').fill(String(echo.port));
    // It names what holds it (this test's own process here) and offers the next free port in one click.
    const alert = dialog.getByRole('alert').filter({ hasText: `Port ${takenPort} is already in use` });
    await alert.getByText(`(process ${process.pid})`).waitFor();
    const use = alert.getByRole('button', { name: /^Use \d+$/ });
    const port = Number((await use.textContent())?.replace('Use ', ''));
    expect(port).toBeGreaterThan(takenPort);
    await screenshot(page, 'tunnel-editor-port-taken');
    await use.click();
    expect(await dialog.getByLabel('Forward 1 port').inputValue()).toBe(String(port));
    await dialog.getByRole('alert').waitFor({ state: 'detached' });
    await new Promise((resolve) => taken.close(resolve));
    await dialog.getByLabel('Check targets every (seconds)').fill('30');
    await screenshot(page, 'tunnel-editor');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card('web').getByText(`localhost:${port} → 127.0.0.1:${echo.port} (local)`).waitFor();
    await card('web').getByText('through box').waitFor();
    const saved = await core.router.dispatch('tunnels.list', {}, { isTrustedSender: true, transport: 'direct' });
    expect(saved.ok && (saved.value as { profile: { probeTargetsEverySeconds?: number } }[])[0]?.profile.probeTargetsEverySeconds).toBe(30);

    await card('web').getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-testid="tunnel-card"][data-state="up"]').waitFor();
    await page.locator('[data-testid="sidebar-tunnel"][data-state="up"]').getByText('web').waitFor();
    await page.getByTestId('count-tunnels').getByText('1 tunnel').waitFor();
    const result = await echoRoundTrip(await connectTcp(port), 256 * 1024);
    expect(result.received).toBe(result.sent);
    const row = card('web').getByTestId('forward-status');
    await row.getByText('256.0 KiB').first().waitFor();
    await row.getByText(`127.0.0.1:${port}`).waitFor();
    await row.getByText('0 open · 1 in all').waitFor();
    await screenshot(page, 'tunnels-page-up');

    await card('web').getByRole('button', { name: 'Stop' }).click();
    await page.locator('[data-testid="tunnel-card"][data-state="stopped"]').waitFor();
    await pollUntil(() => canBind(port), { message: 'the port to be free after Stop' });

    // From the sidebar: started again, then sshd goes away and comes back.
    await page.getByRole('button', { name: 'Start web' }).click();
    await page.locator('[data-testid="tunnel-card"][data-state="up"]').waitFor();
    await sshd.stop();
    await card('web')
      .getByTestId('tunnel-state')
      .getByText(/Retrying in \d+ s|Connecting/)
      .waitFor();
    await page.locator('[data-testid="tunnel-card"][data-state="retrying"]').waitFor();
    await card('web').getByTestId('tunnel-reason').waitFor();
    await screenshot(page, 'tunnels-page-retrying');
    await sshd.restart();
    await page.locator('[data-testid="tunnel-card"][data-state="up"]').waitFor({ timeout: 30_000 });
    const again = await echoRoundTrip(await connectTcp(port), 64 * 1024);
    expect(again.received).toBe(again.sent);
    await page.getByRole('button', { name: 'Stop web' }).click();
    await page.locator('[data-testid="tunnel-card"][data-state="stopped"]').waitFor();
    await pollUntil(() => canBind(port), { message: 'the port to be free after Stop' });
  });

  it('duplicates a tunnel under a new name, and removes one after asking, stopping it and freeing its port', async () => {
    await card('web').getByRole('button', { name: 'Duplicate web' }).click();
    const dialog = page.getByTestId('tunnel-dialog');
    await expect.poll(() => dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('web-copy');
    const port = await freePort();
    await dialog.getByLabel('Forward 1 port').fill(String(port));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card('web-copy').getByText('through box').waitFor();
    await card('web-copy').getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-testid="tunnel-card"][data-state="up"]').filter({ hasText: 'web-copy' }).waitFor();
    expect(await canBind(port)).toBe(false);

    await card('web-copy').getByRole('button', { name: 'Remove web-copy' }).click();
    const confirm = page.getByTestId('remove-tunnel');
    await confirm.getByText('its ports are freed').waitFor();
    await screenshot(page, 'tunnel-remove-confirm');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await card('web-copy').waitFor({ state: 'detached' });
    expect(await canBind(port)).toBe(true);
    const listed = await core.router.dispatch('tunnels.list', {}, { isTrustedSender: true, transport: 'direct' });
    expect(listed.ok && (listed.value as { profile: { name: string } }[]).map((entry) => entry.profile.name)).toEqual(['web']);
  });

  it('marks a forward whose target stopped answering the probes, and clears the mark when it answers again', async () => {
    const target = await startEchoServer();
    const targetPort = target.port;
    const port = await freePort();
    const tunnel = {
      name: 'probed',
      connection: { spec: { destination: '127.0.0.1', user: 'root', port: sshd.port } },
      forwards: [{ kind: 'local', bindPort: port, target: { host: '127.0.0.1', port: targetPort } }],
      probeTargetsEverySeconds: 1,
    };
    const direct = { isTrustedSender: true, transport: 'direct' } as const;
    expect(await core.router.dispatch('tunnels.save', { tunnel }, direct)).toMatchObject({ ok: true });
    await card('probed').getByRole('button', { name: 'Start' }).click();
    const row = card('probed').getByTestId('forward-status');
    await row.getByText(`127.0.0.1:${port}`).waitFor();
    await target.close();
    await row.getByText('· target not answering').waitFor();
    await card('probed').locator('[data-target-answering="false"]').waitFor();
    await screenshot(page, 'tunnels-page-target-not-answering');
    // The same port answers again: the mark goes.
    const back = net.createServer((socket) => socket.destroy()).listen(targetPort, '127.0.0.1');
    try {
      await card('probed').locator('[data-target-answering="true"]').waitFor();
      expect(await row.getByText('target not answering').count()).toBe(0);
    } finally {
      await new Promise((resolve) => back.close(resolve));
    }
    expect(await core.router.dispatch('tunnels.remove', { name: 'probed' }, direct)).toMatchObject({ ok: true });
    await card('probed').waitFor({ state: 'detached' });
  });

  it('shows a tunnel that jumpgate tunnel up runs, with its pid, and stops that process from the window', async () => {
    const port = await freePort();
    const tunnel = {
      name: 'elsewhere',
      connection: { spec: { destination: '127.0.0.1', user: 'root', port: sshd.port } },
      forwards: [{ kind: 'local', bindPort: port, target: { host: '127.0.0.1', port: echo.port } }],
    };
    expect(await core.router.dispatch('tunnels.save', { tunnel }, { isTrustedSender: true, transport: 'direct' })).toMatchObject({ ok: true });
    const child = spawn(process.execPath, [CLI, 'tunnel', 'up', 'elsewhere'], {
      env: { ...sshEnv.env, JUMPGATE_HOME: dataDir() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    cli = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));

    // Nobody lists: the window hears of it by itself.
    const shown = card('elsewhere');
    await shown.getByText(`run by jumpgate tunnel up, pid ${child.pid}`).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="tunnel-card"][data-state="up"]').filter({ hasText: 'elsewhere' }).waitFor();
    const result = await echoRoundTrip(await connectTcp(port), 64 * 1024);
    expect(result.received).toBe(result.sent);
    await shown.getByTestId('forward-status').getByText('64.0 KiB').first().waitFor();
    await screenshot(page, 'tunnels-page-run-elsewhere');

    await shown.getByRole('button', { name: 'Stop' }).click();
    expect(await exited).toBe(0);
    cli = undefined;
    expect(stderr).toContain('closed');
    expect(await canBind(port)).toBe(true);
    await page.locator('[data-testid="tunnel-card"][data-state="stopped"]').filter({ hasText: 'elsewhere' }).waitFor();
    expect(app?.problems.errors).toEqual([]);
  });
});
