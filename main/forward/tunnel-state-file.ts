import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TunnelStatus } from '../../shared/model/tunnel-profile';
import { writeFileAtomicSync } from '../base/atomic-file';
import { readRegularSync } from '../base/file-target';
import { errnoCode } from '../base/errno';

/**
 * A running tunnel's live status, in `<data dir>/run/<name>.json`, so that another process
 * (`tunnel list`, the app) can show it. Written atomically on each change (a temp file created
 * exclusively under an unpredictable name, 0600); removed on exit;
 * a file whose process is gone is stale and ignored.
 */
export class TunnelStateFile {
  private readonly path: string;

  constructor(
    private readonly dir: string,
    readonly name: string,
  ) {
    this.path = stateFilePath(dir, name);
  }

  write(status: TunnelStatus): void {
    mkdirSync(join(this.dir, 'run'), { recursive: true, mode: 0o700 });
    writeFileAtomicSync(this.path, JSON.stringify({ pid: process.pid, updatedAt: new Date().toISOString(), status }), { mode: 0o600 });
  }

  /** Removes the state file (a link itself, never its target); anything else at that path is left alone. */
  remove(): void {
    let isOurs: boolean;
    try {
      const stats = lstatSync(this.path);
      isOurs = stats.isFile() || stats.isSymbolicLink();
    } catch {
      return;
    }
    if (isOurs) rmSync(this.path, { force: true });
  }
}

function stateFilePath(dir: string, name: string): string {
  return join(dir, 'run', `${name}.json`);
}

/** The live status of a tunnel that is running in some process, or undefined. */
export function readTunnelState(dir: string, name: string): { pid: number; status: TunnelStatus } | undefined {
  try {
    const read = readRegularSync(stateFilePath(dir, name));
    if (read === 'special') return undefined;
    const data = JSON.parse(read.content.toString('utf8')) as { pid?: unknown; status?: unknown };
    const status = TunnelStatus.safeParse(data.status);
    if (typeof data.pid !== 'number' || !status.success || !isAlive(data.pid)) return undefined;
    return { pid: data.pid, status: status.data };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}
