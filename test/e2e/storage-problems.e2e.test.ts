import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../main/bridge/web-server';
import { makeTempDir } from '../helpers/temp-dir';
import { launchChromium, openPage, screenshot } from './browser';

/** A hand-broken profiles file: the app still opens, and says what happened to the file. */
describe('a broken profiles file in Chromium', () => {
  const dataDir = makeTempDir('e2e-storage');
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;

  beforeAll(async () => {
    writeFileSync(join(dataDir.path, 'profiles.json'), '{ "version": 1, "profiles": [ { oops');
    server = await startWebServer({ port: 0, dataDir: dataDir.path, staticDir: 'out/renderer', open: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dataDir.dispose();
  });

  it('opens with no hosts and a warning naming the backup', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(server.url);
    await page.getByText('No saved hosts yet.').waitFor();
    const warning = page.getByRole('status').filter({ hasText: 'profiles.json is not valid JSON' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/It was kept as profiles\.[^ ]*corrupt/);
    await screenshot(page, 'storage-problem');
    expect(problems.errors).toEqual([]);
  });
});
