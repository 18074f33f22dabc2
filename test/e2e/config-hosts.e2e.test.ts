import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';
import { terminalTextOf } from './terminal-page';

/**
 * ~/.ssh/config in the sidebar, in Chromium against a real sshd: its concrete hosts shown as a
 * read-only group after the saved ones, following the file (an edit, a file created under an
 * Include's glob), searched, opened by alias; the group folded across a reload; a saved host
 * shown as a Host block and copied; "Save as host…" filling the host editor in.
 */
describe('~/.ssh/config hosts and export in Chromium', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  const configItems = (): Locator => page.getByTestId('config-host-item');
  const configGroup = (): Locator => page.getByTestId('config-group');
  const activePane = (): Locator => page.locator('[data-testid="terminal-pane"].terminal-pane--active');
  const writeSsh = (name: string, text: string): void => writeFileSync(join(ssh.env.sshDir, name), text, { mode: 0o600 });
  const config = (extra = ''): string =>
    `Include conf.d/*\n\nHost lab-config\n  HostName 127.0.0.1\n  Port ${ssh.sshd.port}\n  User root\n\nHost *.wild\n  User nobody\n${extra}`;

  beforeAll(async () => {
    ssh = await startSshStand({ trustServer: true });
    mkdirSync(join(ssh.env.sshDir, 'conf.d'), { mode: 0o700 });
    writeSsh('config', config());
    core = createWebCore(ssh.env);
    const saved = await core.router.dispatch(
      'profiles.save',
      { name: 'saved-web', destination: '127.0.0.1', port: ssh.sshd.port, user: 'root', group: 'Lab' },
      { isTrustedSender: true, transport: 'direct' },
    );
    expect(saved).toMatchObject({ ok: true });
    const webId = (saved as { value: { id: string } }).value.id;
    const gate = await core.router.dispatch(
      'profiles.save',
      { name: 'gate-a', destination: '192.0.2.30', group: 'Lab', jump: [{ profileId: webId }] },
      { isTrustedSender: true, transport: 'direct' },
    );
    expect(gate).toMatchObject({ ok: true });
    app = await openAppPage(core, {
      readyTestId: 'config-host-item',
      beforeLoad: ({ context, bridge }) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(bridge.url).origin }),
    });
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it('shows the concrete hosts after the saved groups, alias and user@host:port, and follows the file', async () => {
    expect(await configGroup().textContent()).toContain('~/.ssh/config');
    expect(await configItems().allTextContents()).toEqual([expect.stringContaining(`root@127.0.0.1:${ssh.sshd.port}`)]);
    // After the saved hosts' group, in the one tree.
    const order = await page.getByRole('treeitem').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
    expect(order).toEqual(['host-group', 'host-item', 'host-item', 'config-group', 'config-host-item']);
    // A file created where the Include's glob points, then an edit of the config itself.
    writeSsh('conf.d/extra', 'Host db-config\n  HostName 192.0.2.10\n  User dba\n');
    await pollUntil(async () => (await configItems().count()) === 2, { message: 'the included file’s host appears' });
    writeSsh('config', config('\nHost edge-config\n  HostName 192.0.2.20\n  Port 2200\n'));
    await pollUntil(async () => (await configItems().count()) === 3, { message: 'the edited config’s host appears' });
    expect(await configItems().locator('.host__name').allTextContents()).toEqual(['db-config', 'edge-config', 'lab-config']);
    expect(await configItems().filter({ hasText: 'edge-config' }).locator('.host__destination').textContent()).toBe('192.0.2.20:2200');
    await screenshot(page, 'config-hosts');
    // The search box finds them like saved hosts.
    const search = page.getByRole('searchbox', { name: 'Search hosts' });
    await search.fill('dba');
    await pollUntil(async () => (await configItems().count()) === 1 && (await page.getByTestId('host-item').count()) === 0, {
      message: 'only db-config',
    });
    await screenshot(page, 'config-hosts-search');
    await search.fill('');
    expect(problems.errors).toEqual([]);
  });

  it('opens a terminal to an entry by its alias, resolved as ssh resolves it', async () => {
    const row = configItems().filter({ hasText: 'lab-config' });
    await row.hover();
    await row.getByRole('button', { name: 'Connect to lab-config' }).click();
    await pollUntil(async () => (await activePane().getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('lab-config');
    await pollUntil(async () => /^root@.*# ?$/m.test(await terminalTextOf(activePane())), { message: 'a shell prompt' });
    await screenshot(page, 'config-host-terminal');
  });

  it('keeps a folded group folded across a reload (kept in the settings)', async () => {
    await configGroup().click();
    await pollUntil(async () => (await configItems().count()) === 0, { message: 'folded' });
    await pollUntil(
      async () => {
        const settings = await core.router.dispatch('settings.get', {}, { isTrustedSender: true, transport: 'direct' });
        return settings.ok && (settings.value as { foldedHostGroups: string[] }).foldedHostGroups.includes('~/.ssh/config');
      },
      { message: 'the folded group saved' },
    );
    await page.reload();
    await configGroup().waitFor();
    await page.getByTestId('host-item').first().waitFor();
    await pollUntil(async () => (await configGroup().getAttribute('aria-expanded')) === 'false', { message: 'still folded after the reload' });
    expect(await configItems().count()).toBe(0);
    await configGroup().click();
    await pollUntil(async () => (await configItems().count()) === 3, { message: 'unfolded' });
  });

  it('shows a saved host as a Host block and copies it', async () => {
    const row = page.getByTestId('host-item').filter({ hasText: 'saved-web' });
    await row.hover();
    await row.getByRole('button', { name: 'Edit saved-web' }).click();
    await page.getByTestId('host-dialog').getByRole('button', { name: 'Copy as ssh config…' }).click();
    const dialog = page.getByTestId('export-host-dialog');
    const text = dialog.getByTestId('export-text');
    await text.waitFor();
    const block = await text.inputValue();
    expect(block).toBe(`Host saved-web\n    HostName 127.0.0.1\n    User root\n    Port ${ssh.sshd.port}\n`);
    await screenshot(page, 'export-host');
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()),
    ).toBe(block);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('"Save as host…" opens the host editor filled in from the entry', async () => {
    const row = configItems().filter({ hasText: 'db-config' });
    await row.hover();
    await row.getByRole('button', { name: 'Save db-config as host' }).click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('db-config');
    expect(await dialog.getByLabel('Destination').inputValue()).toBe('dba@192.0.2.10');
    await screenshot(page, 'config-host-save-as');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('host-item').filter({ hasText: 'db-config' }).waitFor();
    expect(problems.errors).toEqual([]);
  });

  it('the host editor shows a save refused because the jump hosts would go round in a circle', async () => {
    const row = page.getByTestId('host-item').filter({ hasText: 'saved-web' });
    await row.hover();
    await row.getByRole('button', { name: 'Edit saved-web' }).click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Jump through saved host').selectOption({ label: 'gate-a' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('go round in a circle: saved-web → gate-a → saved-web');
    await screenshot(page, 'host-dialog-jump-circle');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
