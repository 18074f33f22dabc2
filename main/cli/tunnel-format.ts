import type { ForwardStatus } from '../../shared/model/forward-spec';
import type { TunnelStatus } from '../../shared/model/tunnel-profile';
import { withHint } from './cli-io';
import { formatForward } from './forward-flags';

/** One line for a tunnel's state: "up (pid 42, 2 connections)", "retrying in 4 s: …", "stopped". */
export function describeState(status: TunnelStatus | undefined, pid?: number): string {
  if (!status) return 'stopped';
  const where = pid === undefined ? '' : ` (pid ${pid})`;
  switch (status.state) {
    case 'up': {
      const active = status.forwards.reduce((sum, f) => sum + f.activeConnections, 0);
      return `up${where}, ${active} active connection${active === 1 ? '' : 's'}`;
    }
    case 'retrying':
      return `retrying in ${Math.ceil((status.retryInMs ?? 0) / 1000)} s${where}: ${status.error?.message ?? ''}`;
    case 'failed':
      return `failed${where}: ${withHint(status.error?.message ?? '', status.error?.hint)} (${status.error?.code ?? ''})`;
    default:
      return `${status.state}${where}`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function describeForward(status: ForwardStatus): string {
  const bound = status.boundPort === undefined ? '' : ` on ${status.boundAddress}:${status.boundPort}`;
  const error = status.lastError ? `; last error: ${withHint(status.lastError.message, status.lastError.hint)} (${status.lastError.code})` : '';
  const target = status.isTargetAnswering === false ? ', target not answering' : '';
  return `${formatForward(status.spec)}: ${status.state}${bound}${target}, ${status.activeConnections} active / ${status.totalConnections} total, ${formatBytes(status.bytesFromClient)} out, ${formatBytes(status.bytesToClient)} back${error}`;
}
