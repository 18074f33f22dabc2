import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreStand, startCoreStand } from '../helpers/core-stand';
import { httpServers } from '../helpers/http-server';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';
import { quickConnect } from './terminal-page';

/**
 * Forwards from a terminal pane, in Chromium against real sshd (which runs on this machine, so
 * its /proc/net/tcp is this machine's): a port forwarded from the pane's bar carries a fetch; a
 * port opened on the server after the terminal connected is offered, and one click forwards it and
 * opens it in the browser.
 */
describe('terminal forwards in Chromium', () => {
  let stand: CoreStand;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  const http = httpServers();

  const pane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const execs = (): number => (stand.sshd.readLog().match(/Starting session: command/g) ?? []).length;

  beforeAll(async () => {
    stand = await startCoreStand({ trustServer: true, core: { serverPortPollMs: 300 } });
    app = await openAppPage(stand.core);
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    http.closeAll();
    await stand?.dispose();
  });

  it('forwards a port from the pane bar, fetches through it, and stops it', async () => {
    const port = await http.start('through the pane');
    await quickConnect(page, `root@127.0.0.1:${stand.sshd.port}`);
    await pollUntil(async () => (await pane().getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });

    await pane().getByRole('button', { name: 'Forward a port…' }).click();
    const dialog = page.getByTestId('forward-port-dialog');
    await dialog.getByLabel('Port on the server').fill(String(port));
    await screenshot(page, 'terminal-forward-dialog');
    await dialog.getByRole('button', { name: 'Forward' }).click();
    const chip = pane().getByTestId('pane-forward');
    await chip.waitFor();
    const localPort = Number(await chip.getAttribute('data-local-port'));
    // The server's port is taken here too (it is this machine): another free one was chosen.
    expect(localPort).not.toBe(port);
    expect(await chip.textContent()).toContain(`localhost:${localPort} → :${port}`);
    expect(await (await fetch(`http://127.0.0.1:${localPort}/`)).text()).toBe('through the pane');
    await screenshot(page, 'terminal-forward-chip');

    await chip.getByRole('button', { name: `Stop forwarding localhost:${localPort}` }).click();
    await pollUntil(async () => (await pane().getByTestId('pane-forward').count()) === 0, { message: 'chip gone' });
    await expect(fetch(`http://127.0.0.1:${localPort}/`)).rejects.toThrow();
  });

  it('offers a port opened on the server, and forwards it and opens the browser in one click', async () => {
    const before = execs();
    await pollUntil(() => execs() >= before + 2, { message: 'the server read twice' });
    const port = await http.start('<h1>dev server</h1>');
    const offer = pane().locator(`[data-testid="port-offer"][data-port="${port}"]`);
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain(`Port ${port} is listening on the server.`);
    await screenshot(page, 'terminal-port-offered');

    const popup = app!.context.waitForEvent('page');
    await offer.getByRole('button', { name: 'Forward it' }).click();
    const opened = await popup;
    const chip = pane().getByTestId('pane-forward');
    await chip.waitFor();
    const localPort = Number(await chip.getAttribute('data-local-port'));
    await pollUntil(() => opened.url() === `http://localhost:${localPort}/`, { message: `browser opened localhost:${localPort}` });
    await opened.getByText('dev server').waitFor();
    await opened.close();
    expect(await offer.count()).toBe(0);
    // The forward's own listener (this computer is the server here) is not offered back.
    const reads = execs();
    await pollUntil(() => execs() >= reads + 2, { message: 'the server read again' });
    expect(await pane().locator(`[data-testid="port-offer"][data-port="${localPort}"]`).count()).toBe(0);
    await screenshot(page, 'terminal-port-forwarded');
    expect(problems.errors).toEqual([]);
  });

  it("shows the terminal's forwards on the Tunnels page under its tab, live, and stops one from there", async () => {
    const localPort = Number(await pane().getByTestId('pane-forward').getAttribute('data-local-port'));
    const served = await fetch(`http://127.0.0.1:${localPort}/`);
    expect(await served.text()).toContain('dev server');
    await page.getByRole('button', { name: 'Tunnels', exact: true }).click();
    const section = page.getByTestId('terminal-forwards');
    const tab = section.getByTestId('terminal-forwards-tab');
    const listed = await stand.core.router.dispatch('terminal.forwards.list', {}, { isTrustedSender: true, transport: 'direct' });
    const title = listed.ok ? (listed.value as { title: string }[])[0]?.title : undefined;
    expect(title).toContain('127.0.0.1');
    await tab.getByRole('heading', { name: title }).waitFor();
    const row = tab.getByTestId('terminal-forward');
    expect(await row.count()).toBe(1);
    await row.getByText(new RegExp(`^localhost:${localPort} → \\S+:\\d+ \\(local\\)$`)).waitFor();
    await row.getByText(`127.0.0.1:${localPort}`).waitFor();
    // With its counters: the browser's page and the fetch above went through it.
    await row.getByText(/^\d+ open · [1-9]\d* in all$/).waitFor();
    await screenshot(page, 'tunnels-page-terminal-forwards');

    await row.getByRole('button', { name: `Stop forwarding localhost:${localPort}` }).click();
    await section.waitFor({ state: 'detached' });
    await expect(fetch(`http://127.0.0.1:${localPort}/`)).rejects.toThrow();
    expect(problems.errors).toEqual([]);
  });
});
