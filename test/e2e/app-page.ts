import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type BridgeHandle, startBridge } from '../../main/bridge/bridge-server';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { launchChromium, openPage, type PageProblems } from './browser';

/** The renderer bundle in Chromium, talking to a core through the browser bridge. */
export interface AppPage {
  bridge: BridgeHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  close(): Promise<void>;
}

export interface AppPageOptions {
  colorScheme?: 'light' | 'dark';
  /** The test id that says the app has loaded (default: the empty state of a first start). */
  readyTestId?: string;
  /** Runs before the page loads the app: permissions, a CDP session. */
  beforeLoad?: (opened: { context: BrowserContext; page: Page; bridge: BridgeHandle }) => Promise<void>;
}

/** Serves `core` through the bridge, opens the app in a fresh Chromium page and waits until it has loaded. */
export async function openAppPage(core: Pick<AppRpc, 'router' | 'hub'> & Partial<Pick<AppRpc, 'windows'>>, options: AppPageOptions = {}): Promise<AppPage> {
  const bridge = await startBridge({ router: core.router, hub: core.hub, windows: core.windows, staticDir: resolve('out/renderer') });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await bridge.close();
  };
  try {
    browser = await launchChromium();
    const { context, page, problems } = await openPage(browser, options.colorScheme ?? 'light');
    await options.beforeLoad?.({ context, page, bridge });
    await page.goto(bridge.url);
    await page
      .getByTestId(options.readyTestId ?? 'empty-state')
      .first()
      .waitFor();
    return { bridge, browser, context, page, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}
