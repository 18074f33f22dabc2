import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../main/bridge/web-server';
import { pollUntil } from '../helpers/poll-until';
import { makeTempDir } from '../helpers/temp-dir';
import { launchChromium, openPage, type PageProblems, screenshot } from './browser';

/**
 * The first screen a person sees, in a real browser against the real bridge and storage:
 * the empty state, adding a host, persistence across a reload, themes, keyboard use.
 */
describe('the app frame in Chromium', () => {
  const dataDir = makeTempDir('e2e-frame');
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    server = await startWebServer({ port: 0, dataDir: dataDir.path, staticDir: 'out/renderer', open: false });
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dataDir.dispose();
  });

  it('opens on the empty state, and takes the token out of the address bar', async () => {
    const response = await page.goto(server.url);
    // Everything below runs under the strict policy: no inline script, no eval.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByTestId('empty-state').waitFor();
    await page.getByText('No saved hosts yet.').waitFor();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    expect(await page.getByPlaceholder('user@host:port').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Add a host' }).count()).toBeGreaterThan(0);
    await page.getByText('No saved tunnels.').waitFor();
    // Counts and the vault state come from main.
    await page.getByTestId('vault-state').waitFor();
    expect(await page.getByTestId('count-connections').textContent()).toBe('0 connections');
    await screenshot(page, 'empty-state');
    expect(problems.errors).toEqual([]);
  });

  it('checks the destination before saving', async () => {
    await page.getByRole('button', { name: 'Add a host' }).first().click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Destination').fill('deploy@build.example.com:99999');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.getByText('"99999" is not a port').waitFor();
  });

  it('shows the error main answers beside the field it is about', async () => {
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill('deploy@build.example.com:2222');
    await dialog.getByLabel('Name').fill('x'.repeat(130));
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.getByText(/Invalid input for profiles.save at name/).waitFor();
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('adds a host through the dialog and lists it in the sidebar', async () => {
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Name').fill('Build server');
    await dialog.getByLabel('Jump hosts').fill('ops@bastion.example.com');
    await dialog.getByLabel('Identity file').fill('~/.ssh/id_ed25519');
    await screenshot(page, 'host-dialog');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.waitFor({ state: 'detached' });
    const host = page.getByTestId('host-item').filter({ hasText: 'Build server' });
    await host.waitFor();
    expect(await host.textContent()).toContain('deploy@build.example.com:2222');
    await addHost(page, 'db-primary.internal', 'Database');
    await addHost(page, 'root@[fd00::12]:2200', 'Router');
    expect(await page.getByTestId('host-item').allTextContents()).toEqual([
      expect.stringContaining('Build server'),
      expect.stringContaining('Database'),
      expect.stringContaining('Router'),
    ]);
    await screenshot(page, 'host-added');
    expect(problems.errors).toEqual([]);
  });

  it('keeps the hosts across a reload (they live in main, the token in the session)', async () => {
    await page.reload();
    await page.getByTestId('host-item').first().waitFor();
    expect(await page.getByTestId('host-item').count()).toBe(3);
    expect(problems.errors).toEqual([]);
  });

  it('moves through hosts with the arrow keys and closes dialogs with Escape', async () => {
    const items = page.getByTestId('host-item');
    await items.first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toContain('Database');
    await page.keyboard.press('End');
    expect(await focusedText(page)).toContain('Router');
    await page.keyboard.press('Home');
    expect(await focusedText(page)).toContain('Build server');
    await screenshot(page, 'keyboard-focus');
    await page.keyboard.press('r');
    expect(await focusedText(page)).toContain('Router');
    await page.keyboard.press('b');
    expect(await focusedText(page)).toContain('Build server');

    await page.keyboard.press('F2');
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Destination').inputValue()).toBe('deploy@build.example.com:2222');
    // Focus stays inside the dialog, whatever Tab does.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await dialog.locator(':focus').count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the host it came from.
    expect(await focusedText(page)).toContain('Build server');
  });

  it('has shortcuts for a new host and quick connect', async () => {
    await page.keyboard.press('Control+Shift+H');
    const dialog = page.getByTestId('host-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Destination').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+K');
    expect(await page.getByPlaceholder('user@host:port').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
  });

  it('removes a host after asking', async () => {
    await page.getByTestId('host-item').filter({ hasText: 'Router' }).focus();
    await page.keyboard.press('Delete');
    const confirm = page.getByTestId('remove-host-dialog');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('host-item').filter({ hasText: 'Router' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('host-item').count()).toBe(2);
  });

  it('shows the transport and the native crypto state in About', async () => {
    await page.getByRole('button', { name: 'About and diagnostics' }).click();
    const about = page.getByTestId('about-dialog');
    await about.getByText('Browser bridge (WebSocket on loopback)').waitFor();
    await about.getByTestId('native-crypto').waitFor();
    await screenshot(page, 'about');
    await page.keyboard.press('Escape');
    await about.waitFor({ state: 'detached' });
  });

  it('sets up, locks and unlocks the vault from the status bar', async () => {
    const vaultState = page.getByTestId('vault-state');
    await vaultState.getByText('Vault not set up').click();
    const dialog = page.getByTestId('vault-dialog');
    await dialog.getByLabel('New passphrase').fill('correct horse battery');
    await dialog.getByLabel('Repeat it').fill('correct horse battery!');
    await dialog.getByRole('button', { name: 'Create vault' }).click();
    await dialog.getByText('The two passphrases differ.').waitFor();
    await dialog.getByLabel('Repeat it').fill('correct horse battery');
    await screenshot(page, 'vault-setup');
    await dialog.getByRole('button', { name: 'Create vault' }).click();
    await vaultState.getByText('Vault unlocked').waitFor({ timeout: 20_000 });

    await vaultState.click();
    await dialog.getByRole('button', { name: 'Lock now' }).click();
    await vaultState.getByText('Vault locked').waitFor();

    await vaultState.click();
    await dialog.getByLabel('Passphrase').fill('wrong guess');
    await dialog.getByLabel('Passphrase').press('Enter');
    await dialog.getByText('That is not the vault passphrase').waitFor({ timeout: 20_000 });
    await dialog.getByLabel('Passphrase').fill('correct horse battery');
    await dialog.getByLabel('Passphrase').press('Enter');
    await vaultState.getByText('Vault unlocked').waitFor({ timeout: 20_000 });

    await vaultState.click();
    await dialog.getByRole('button', { name: 'Change the passphrase…' }).click();
    await dialog.getByLabel('Current passphrase').fill('correct horse battery');
    await dialog.getByLabel('New passphrase').fill('staple tuned differently');
    await dialog.getByLabel('Repeat it').fill('staple tuned differently');
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await vaultState.click();
    await dialog.getByRole('button', { name: 'Lock now' }).click();
    await vaultState.getByText('Vault locked').waitFor();
    await vaultState.click();
    await dialog.getByLabel('Passphrase').fill('staple tuned differently');
    await dialog.getByLabel('Passphrase').press('Enter');
    await vaultState.getByText('Vault unlocked').waitFor({ timeout: 20_000 });
    expect(problems.errors).toEqual([]);
  });

  it('gives every control a name a screen reader can say', async () => {
    const controls = page.locator('button, input, [role="option"], [role="tab"]');
    expect(await controls.count()).toBeGreaterThan(10);
    const unnamed = await controls.evaluateAll((elements) =>
      elements
        .filter((element) => {
          const labelledBy = element.getAttribute('aria-labelledby');
          const label = element.id === '' ? null : element.ownerDocument.querySelector(`label[for="${element.id}"]`);
          const name = element.getAttribute('aria-label') ?? label?.textContent ?? (labelledBy === null ? null : 'labelled') ?? element.textContent;
          return (name ?? '').trim() === '';
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
  });

  it('without the token, says where the address comes from', async () => {
    const opened = await openPage(browser);
    const bare = new URL(server.url);
    bare.search = '';
    await opened.page.goto(bare.toString());
    await opened.page.getByRole('heading', { name: 'Open the address Jumpgate printed' }).waitFor();
    await screenshot(opened.page, 'missing-token');
    await opened.context.close();
  });

  it('follows the system theme, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const opened = await openPage(browser, scheme);
      await opened.page.goto(server.url);
      await opened.page.getByTestId('host-item').first().waitFor();
      expect(await themeOf(opened.page)).toBe(scheme);
      await screenshot(opened.page, `theme-${scheme}`);
      expect(opened.problems.errors).toEqual([]);
      await opened.context.close();
    }
  });

  it('lets settings.theme override the system', async () => {
    const opened = await openPage(browser, 'dark');
    await opened.page.goto(server.url);
    const toggle = opened.page.getByTestId('theme-switch');
    await toggle.getByText('System theme').waitFor();
    await toggle.click();
    await toggle.getByText('Light theme').waitFor();
    expect(await themeOf(opened.page)).toBe('light');
    // The choice is kept by main, so a fresh window starts with it.
    await opened.page.reload();
    await toggle.getByText('Light theme').waitFor();
    expect(await themeOf(opened.page)).toBe('light');
    await toggle.click();
    await toggle.click();
    await toggle.getByText('System theme').waitFor();
    await opened.context.close();
  });

  it('changes settings in the settings dialog, kept by main', async () => {
    await page.keyboard.press('Control+,');
    const dialog = page.getByTestId('settings-dialog');
    await dialog.waitFor();
    await dialog.getByText('Dark', { exact: true }).click();
    await pollUntil(async () => (await themeOf(page)) === 'dark', { message: 'the dark theme' });
    const fontSize = dialog.getByLabel('Font size');
    await fontSize.fill('99');
    await dialog.getByText('Use a whole number from 8 to 32.').waitFor();
    await fontSize.fill('16');
    await fontSize.press('Enter');
    await dialog.getByRole('switch', { name: 'Copy on select' }).check();
    await dialog.getByLabel('Unknown host keys').selectOption('accept-new');
    await screenshot(page, 'settings');
    await page.keyboard.press('Escape');

    await page.reload();
    await page.getByTestId('host-item').first().waitFor();
    await page.keyboard.press('Control+,');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Font size').inputValue()).toBe('16');
    expect(await dialog.getByRole('switch', { name: 'Copy on select' }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Unknown host keys').inputValue()).toBe('accept-new');
    expect(await themeOf(page)).toBe('dark');
    await dialog.getByText('System', { exact: true }).click();
    await pollUntil(async () => (await themeOf(page)) === 'light', { message: 'the system (light) theme' });
    expect(problems.errors).toEqual([]);
  });
});

async function addHost(page: Page, destination: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New host' }).click();
  const dialog = page.getByTestId('host-dialog');
  await dialog.getByLabel('Destination').fill(destination);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Name').press('Enter');
  await page.getByTestId('host-item').filter({ hasText: name }).waitFor();
}

async function focusedText(page: Page): Promise<string> {
  return (await page.locator(':focus').textContent()) ?? '';
}

function themeOf(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-theme');
}
