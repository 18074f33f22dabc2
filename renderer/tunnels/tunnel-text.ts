import type { ConnectionProfile } from '../../shared/model';
import type { ForwardStatus } from '../../shared/model/forward-spec';
import type { TunnelProfile, TunnelStatus } from '../../shared/model/tunnel-profile';

/** The state in a few words: "Up", "Retrying in 4 s", "Failed", "Connecting (attempt 3)". */
export function stateText(status: TunnelStatus, elapsedMs = 0): string {
  switch (status.state) {
    case 'up':
      return 'Up';
    case 'connecting':
      return status.attempt > 1 ? `Connecting (attempt ${status.attempt})` : 'Connecting';
    case 'retrying':
      return `Retrying in ${Math.max(0, Math.ceil(((status.retryInMs ?? 0) - elapsedMs) / 1000))} s`;
    case 'failed':
      return 'Failed';
    case 'stopped':
      return 'Stopped';
  }
}

/** Why it is retrying or failed, with the hop it happened on. */
export function reasonText(status: TunnelStatus): string | undefined {
  if (status.error === undefined || (status.state !== 'retrying' && status.state !== 'failed')) return undefined;
  return status.error.hop !== undefined && !status.error.message.includes(status.error.hop)
    ? `${status.error.hop}: ${status.error.message}`
    : status.error.message;
}

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** Where a forward listens now: the address and port it bound (the server's choice for a remote port 0). */
export function listeningText(forward: ForwardStatus): string {
  if (forward.state !== 'listening') return '—';
  // A unix-socket listener: its path.
  if (forward.boundPort === undefined) return forward.boundAddress ?? '—';
  const host = forward.boundAddress ?? '';
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${forward.spec.kind === 'remote' ? "server's " : ''}${shown === '' ? '*' : shown}:${forward.boundPort}`;
}

/** A listening -L whose target stopped answering the probes: said beside where it listens. */
export function targetNoteText(forward: ForwardStatus): string | undefined {
  return forward.state === 'listening' && forward.isTargetAnswering === false ? 'target not answering' : undefined;
}

/** What a tunnel connects through: the saved host's name, or the destination typed. */
export function targetText(profile: TunnelProfile, hosts: readonly ConnectionProfile[] | undefined): string {
  const { connection } = profile;
  if ('profileId' in connection) return hosts?.find((host) => host.id === connection.profileId)?.name ?? 'a saved host that no longer exists';
  const { user, destination, port } = connection.spec;
  const host = destination.includes(':') && port !== undefined ? `[${destination}]` : destination;
  return `${user !== undefined ? `${user}@` : ''}${host}${port !== undefined ? `:${port}` : ''}`;
}
