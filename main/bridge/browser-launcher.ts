import { type SpawnOptions, spawn as nodeSpawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Disposable } from '../../shared/base/disposable';

export type Spawner = (command: string, args: string[], options: SpawnOptions) => { on(event: 'error', listener: () => void): unknown; unref(): void };

export interface LaunchOptions {
  /** A folder of this user's (the data directory): the page is written under it. */
  dir: string;
  platform?: NodeJS.Platform;
  spawn?: Spawner;
}

/**
 * Opens the bridge's address in the system browser without putting its token on a command line
 * (which every local user reads in `ps`) or in an environment: the browser is handed a page only
 * this user can read (0600 in a 0700 folder) that forwards to the address, as Jupyter does. The
 * page is removed when the server stops.
 */
export function openInBrowser(url: string, options: LaunchOptions): Disposable {
  const folder = join(options.dir, 'launch');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const page = join(folder, `open-${randomBytes(8).toString('hex')}.html`);
  writeFileSync(page, redirectPage(url), { mode: 0o600, flag: 'wx' });
  const platform = options.platform ?? process.platform;
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = (options.spawn ?? nodeSpawn)(command, [page], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
  return { dispose: () => rmSync(page, { force: true }) };
}

function redirectPage(url: string): string {
  const attribute = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${attribute}">`,
    '<title>Opening Jumpgate</title>',
    `<p>Opening Jumpgate… If nothing happens, <a href="${attribute}">follow this link</a>.</p>`,
    '',
  ].join('\n');
}
