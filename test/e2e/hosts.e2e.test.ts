import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

const HOSTS = 1000;
const LAB = 10;
const name = (index: number): string => `node-${String(index).padStart(4, '0')}`;

/**
 * The hosts sidebar and the tab strip in Chromium: a thousand saved hosts (saved through the
 * contract) drawn a window at a time, searched as you type, the shortcut to the search box, a
 * group opened at once against a real sshd, the connected dot and last use, and ten tabs and more
 * each reached through the scrolling strip and through the menu of all tabs.
 */
describe('hosts sidebar and tab strip in Chromium', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  const items = (): Locator => page.getByTestId('host-item');
  const tree = (): Locator => page.getByRole('tree', { name: 'Hosts' });
  const save = async (draft: Record<string, unknown>): Promise<void> => {
    expect(await core.router.dispatch('profiles.save', draft, { isTrustedSender: true, transport: 'direct' })).toMatchObject({ ok: true });
  };

  beforeAll(async () => {
    // Ten lab hosts are one server, user and key: their terminals share one connection, and each
    // terminal's server-port watch takes a session channel of its own every few seconds. sshd's
    // default MaxSessions (10) would refuse some of those channels; this test is about the
    // sidebar, not that limit (see the README's note on MaxSessions).
    ssh = await startSshStand({ trustServer: true, sshd: { extraConfig: ['MaxSessions 40'] } });
    core = createWebCore(ssh.env);
    for (let index = 0; index < HOSTS; index++) {
      await save({
        name: name(index),
        destination: `10.${Math.floor(index / 250)}.${index % 250}.1`,
        user: index % 2 === 0 ? 'deploy' : 'admin',
        ...(index % 4 === 0 ? {} : { group: `Rack ${index % 4}` }),
        tags: [`tag-${index % 7}`],
      });
    }
    for (let index = 1; index <= LAB; index++) {
      await save({ name: `lab-${String(index).padStart(2, '0')}`, destination: '127.0.0.1', port: ssh.sshd.port, user: 'root', group: 'Lab', tags: ['sshd'] });
    }
    app = await openAppPage(core, { readyTestId: 'host-item' });
    ({ page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it('draws only a window of the thousand hosts, and scrolling reaches the last', async () => {
    expect(await page.locator('.sidebar__count').textContent()).toBe(String(HOSTS + LAB));
    const drawn = await items().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    expect(await tree().getAttribute('aria-multiselectable')).toBe('true');
    await screenshot(page, 'hosts-1000');
    await tree().evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    // The last row: the last host of the last group (Rack 3), by name.
    await items()
      .filter({ hasText: name(999) })
      .waitFor();
    expect(await items().count()).toBeLessThan(60);
    await screenshot(page, 'hosts-1000-scrolled');
  });

  it('the shortcut focuses the search box, and the list narrows as you type', async () => {
    await page.locator('body').click({ position: { x: 900, y: 400 } });
    await page.keyboard.press('Control+Shift+S');
    const search = page.getByRole('searchbox', { name: 'Search hosts' });
    expect(await search.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    const shownNames = async (): Promise<string[]> => (await items().locator('.host__name').allTextContents()).sort();
    await page.keyboard.type('node-09');
    await pollUntil(async () => (await shownNames()).every((shown) => shown.startsWith('node-09')), { message: 'only node-09… shown' });
    await page.keyboard.type('9');
    await pollUntil(async () => (await shownNames()).length === 10, { message: 'node-099x' });
    expect(await shownNames()).toEqual(Array.from({ length: 10 }, (_, at) => name(990 + at)));
    await page.keyboard.type('7');
    await pollUntil(async () => (await shownNames()).join() === name(997), { message: 'one host left' });
    await screenshot(page, 'hosts-search');
    // Words match any of name, address, user, group and tag, all of them.
    await search.fill('rack 1 admin tag-3');
    const wanted = new Set(
      Array.from({ length: HOSTS }, (_, index) => index)
        .filter((index) => index % 4 === 1 && index % 7 === 3)
        .map(name),
    );
    await pollUntil(async () => (await shownNames()).length > 0 && (await shownNames()).every((shown) => wanted.has(shown)), {
      message: 'only the hosts of Rack 1, user admin, tagged tag-3',
    });
    await search.fill('no such host');
    await page.getByText('No host matches').waitFor();
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    expect(problems.errors).toEqual([]);
  });

  it('the host editor sets a group, tags and a colour, and search finds the host by its tag', async () => {
    await page.getByRole('button', { name: 'New host' }).click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill('ops@edge.example.net');
    await dialog.getByLabel('Group').fill('Edge');
    await dialog.getByLabel('Tags').fill('fresh, cdn');
    await dialog.getByRole('radio', { name: '#ef4444' }).click();
    await screenshot(page, 'host-dialog-group-tags');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor({ state: 'detached' });
    const search = page.getByRole('searchbox', { name: 'Search hosts' });
    await search.fill('fresh');
    const host = items().filter({ hasText: 'edge.example.net' });
    await host.waitFor();
    expect(await items().count()).toBe(1);
    expect(await page.getByTestId('host-group').textContent()).toContain('Edge');
    expect(await host.locator('.host__tag').allTextContents()).toEqual(['fresh', 'cdn']);
    expect(await host.locator('.host__avatar').evaluate((element: unknown) => (element as { style: { backgroundColor: string } }).style.backgroundColor)).toBe(
      'rgb(239, 68, 68)',
    );
    await search.fill('');
  });

  it('opens every host of a group at once; each shows it is connected and when it was used', async () => {
    const search = page.getByRole('searchbox', { name: 'Search hosts' });
    await search.fill('sshd');
    const lab = page.getByTestId('host-group').filter({ hasText: 'Lab' });
    await lab.hover();
    await lab.getByRole('button', { name: `Open all ${LAB} in Lab` }).click();
    await pollUntil(async () => (await page.getByRole('tab').count()) === LAB, { message: 'ten tabs' });
    await pollUntil(async () => (await page.getByTestId('host-connected').count()) === LAB, { message: 'every lab host connected', timeoutMs: 45_000 });
    // Main marks each host used when it connects; the sidebar shows it.
    await pollUntil(async () => (await items().allTextContents()).every((text) => text.includes('just now')), { message: 'used just now' });
    await screenshot(page, 'hosts-connected');
    // Several by Ctrl+click, opened with Enter: two more tabs.
    await items().filter({ hasText: 'lab-01' }).click();
    await items()
      .filter({ hasText: 'lab-02' })
      .click({ modifiers: ['Control'] });
    expect(await page.locator('[data-testid="host-item"][aria-selected="true"]').count()).toBe(2);
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await page.getByRole('tab').count()) === LAB + 2, { message: 'twelve tabs' });
    // The search shortcut works from inside a terminal too.
    await page.locator('[data-testid="terminal-pane"].terminal-pane--active').getByTestId('terminal').click();
    await page.keyboard.press('Control+Shift+S');
    await pollUntil(() => search.evaluate((element) => element === element.ownerDocument.activeElement), { message: 'search focused from a terminal' });
  });

  it('the strip scrolls instead of clipping: every tab is reachable through it and through the menu', async () => {
    const strip = page.getByRole('tablist', { name: 'Open sessions' });
    const tabs = strip.getByRole('tab');
    const count = await tabs.count();
    await page.getByRole('button', { name: 'Scroll tabs right' }).waitFor();
    const isInView = async (tab: Locator): Promise<boolean> => {
      const [box, frame] = await Promise.all([tab.boundingBox(), strip.boundingBox()]);
      return box !== null && frame !== null && box.x >= frame.x - 1 && box.x + box.width <= frame.x + frame.width + 1;
    };
    // The newest tab shows, at the end of the row; the left button goes back to the first. The
    // strip scrolls smoothly, so a button may turn off between a look and a click: a forced click
    // on a disabled button does nothing, and each wait polls what a person would see.
    await pollUntil(() => isInView(tabs.last()), { message: 'the newest tab in view' });
    const left = page.getByRole('button', { name: 'Scroll tabs left' });
    const scrollWith = (button: Locator, tab: Locator, message: string): Promise<unknown> =>
      pollUntil(
        async () => {
          if (await isInView(tab)) return true;
          await button.click({ force: true });
          return false;
        },
        { message },
      );
    await scrollWith(left, tabs.first(), 'scrolled back to the first tab');
    // Through the strip: the scroll buttons bring each tab into view, and a click shows it.
    const right = page.getByRole('button', { name: 'Scroll tabs right' });
    for (let index = 0; index < count; index++) {
      const tab = tabs.nth(index);
      await scrollWith(right, tab, `tab ${index} scrolled into view`);
      await tab.click();
      await pollUntil(async () => (await tab.getAttribute('aria-selected')) === 'true', { message: `tab ${index} shown` });
    }
    await pollUntil(async () => !(await right.isEnabled()), { message: 'the right button off at the end' });
    await screenshot(page, 'tabs-scrolled');

    // Through the menu: every tab is listed, and choosing one shows it.
    for (const index of [count - 1, 0, Math.floor(count / 2)]) {
      await page.getByRole('button', { name: `All tabs (${count})` }).click();
      const menu = page.getByTestId('tab-menu');
      expect(await menu.getByRole('menuitemradio').count()).toBe(count);
      if (index === count - 1) await screenshot(page, 'tabs-menu');
      await menu.getByRole('menuitemradio').nth(index).click();
      await menu.waitFor({ state: 'detached' });
      expect(await tabs.nth(index).getAttribute('aria-selected')).toBe('true');
      await pollUntil(() => isInView(tabs.nth(index)), { message: `tab ${index} in view after the menu` });
    }
    expect(problems.errors).toEqual([]);
  });
});
