import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

/**
 * Debian's Chromium, headless. playwright's launch() gives every browser a fresh temporary
 * profile, and every context below is a fresh incognito-like session on top of it.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.JUMPGATE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface PageProblems {
  /** Uncaught exceptions, console errors and CSP violations seen on the page. */
  readonly errors: string[];
}

/** A page in a fresh context, with everything that went wrong in it recorded. */
export async function openPage(
  browser: Browser,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 780 }, colorScheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.errors.push(`HTTP ${response.status()}: ${new URL(response.url()).pathname}`);
  });
  return { context, page, problems };
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Fonts are bundled files: wait for them so the picture shows the real typeface.
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** The page's used JS heap in bytes, from the DevTools protocol (needs Performance.enable on `cdp`). */
export async function rendererHeapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
}
