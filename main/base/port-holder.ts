import { readFile, readdir, readlink } from 'node:fs/promises';
import net from 'node:net';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';

/** The process that listens on a port, as far as the system says. */
export interface PortHolder {
  pid: number;
  /** Its program name (/proc/PID/comm on Linux). */
  program: string;
}

/** TCP state LISTEN in /proc/net/tcp{,6}. */
const LISTEN = '0A';

/**
 * Which process listens on TCP `port`, where the system says: on Linux the listening socket's
 * inode from /proc/net/tcp and tcp6, then the process whose /proc/PID/fd holds that socket.
 * Undefined elsewhere, and when the holder belongs to another user (its fds cannot be read).
 */
export async function findPortHolder(port: number, procRoot = '/proc'): Promise<PortHolder | undefined> {
  if (process.platform !== 'linux') return undefined;
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`${procRoot}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      const inode = fields[9];
      if (!local || state !== LISTEN || !inode || inode === '0') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(`socket:[${inode}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir(procRoot).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`${procRoot}/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`${procRoot}/${pid}/fd/${fd}`).catch(() => '');
      if (!inodes.has(target)) continue;
      // Any process names itself: shown as text, never as controls.
      const program = sanitizeUntrusted((await readFile(`${procRoot}/${pid}/comm`, 'utf8').catch(() => '')).trim()).slice(0, 64);
      return { pid: Number(pid), program: program || 'unknown program' };
    }
  }
  return undefined;
}

/** The first port after `port` (up to `span` further) that can be bound on `host` now; undefined if none. */
export async function nextFreePort(host: string | undefined, port: number, span = 100): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(65535, port + span); candidate++) {
    if (await canBind(host, candidate)) return candidate;
  }
  return undefined;
}

function canBind(host: string | undefined, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
