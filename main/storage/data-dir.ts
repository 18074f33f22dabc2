import { mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { StorageProblem } from './storage-problem';

/**
 * Where Jumpgate keeps its own files (profiles, tunnels, settings, the vault): JUMPGATE_HOME
 * when set (tests, portable installs), else the platform's config folder. known_hosts and
 * ~/.ssh/config are not here: they stay shared with OpenSSH.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUMPGATE_HOME) return env.JUMPGATE_HOME;
  const home = env.HOME || os.homedir();
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Jumpgate');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Jumpgate');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'jumpgate');
}

/**
 * Creates the data folder owner-only (0700) if it is missing, and never loosens one that exists.
 * One that other users can enter or change (made by hand, or by an older version) is left as it
 * is, since JUMPGATE_HOME may name a folder the person set up on purpose, and reported here: it
 * holds the profiles, the recordings and the vault.
 */
export function prepareDataDir(dir: string): StorageProblem[] {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform === 'win32') return [];
    const stats = statSync(dir);
    const loose = stats.mode & 0o077;
    const isOthers = process.getuid !== undefined && stats.uid !== process.getuid();
    if (loose === 0 && !isOthers) return [];
    const why = isOthers ? 'belongs to another user' : `can be ${loose & 0o022 ? 'changed' : 'read'} by other users (mode ${(stats.mode & 0o777).toString(8)})`;
    return [
      {
        file: dir,
        message: `Jumpgate's data folder ${dir} ${why}; it holds your profiles, recordings and the vault. Jumpgate leaves it as it is: run chmod 700 '${dir}'${isOthers ? ' as its owner, or use a folder of your own (JUMPGATE_HOME)' : ''}.`,
      },
    ];
  } catch {
    // A folder that cannot be made or examined shows up as each store's own problem.
    return [];
  }
}
