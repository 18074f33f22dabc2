import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHandle, startBridge } from '../../main/bridge/bridge-server';
import { type AppRpc, createAppRpc } from '../../main/rpc/app-rpc';
import { confBackend } from '../../main/storage/store-backend';
import { makeTempDir } from '../helpers/temp-dir';
import { launchChromium, openPage, type PageProblems, screenshot } from './browser';

/** The browser bridge goes away and comes back: the window says so, and then carries on by itself. */
describe('losing the bridge in Chromium', () => {
  const dataDir = makeTempDir('e2e-reconnect');
  let core: AppRpc;
  let bridge: BridgeHandle;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  const start = (port?: number, token?: string) => startBridge({ router: core.router, hub: core.hub, staticDir: resolve('out/renderer'), port, token });

  beforeAll(async () => {
    core = createAppRpc({ dataDir: dataDir.path, transport: 'web', backend: confBackend(), versions: { node: process.versions.node } });
    bridge = await start();
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    core?.dispose();
    dataDir.dispose();
  });

  it('shows the link as down, refuses to save while down, and recovers when the bridge returns', async () => {
    await page.goto(bridge.url);
    await page.getByText('No saved hosts yet.').waitFor();
    const { port, token } = bridge;

    await bridge.close();
    const link = page.getByTestId('link-state');
    await link.getByText(/Disconnected from Jumpgate/).waitFor();

    // A call made while down answers CONNECTION_LOST, shown beside the form.
    await page.getByRole('button', { name: 'Add a host' }).first().click();
    const dialog = page.getByTestId('host-dialog');
    await dialog.getByLabel('Destination').fill('web01.example.com');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await dialog.getByText(/not connected to Jumpgate right now/).waitFor();
    await screenshot(page, 'link-lost');

    // The form keeps what was typed, and saving works again once the link is back by itself.
    bridge = await start(port, token);
    await link.waitFor({ state: 'detached', timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await page.getByTestId('host-item').filter({ hasText: 'web01.example.com' }).waitFor();

    expect(problems.errors.filter((line) => !line.includes('WebSocket'))).toEqual([]);
  });
});
