import os from 'node:os';
import { join } from 'node:path';

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
