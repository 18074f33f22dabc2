import type { HopSpec } from '../../shared/model';
import type { KeepalivePolicy, TunnelProfile } from '../../shared/model/tunnel-profile';
import { resolveTarget, type TargetContext } from '../ssh/config/connect-target';
import type { ConnectionLease, SshConnector } from '../ssh/connect/ssh-connector';

/**
 * Applies a tunnel's keepalive mode to every hop: 'ssh' sends keepalive requests in the
 * connection, 'tcp' only turns on TCP keepalive (for bastions that drop SSH-level requests),
 * 'off' neither.
 */
export function applyKeepalive(hops: HopSpec[], keepalive: KeepalivePolicy): HopSpec[] {
  return hops.map((hop) => {
    switch (keepalive.mode) {
      case 'ssh':
        return { ...hop, serverAliveInterval: keepalive.intervalSeconds, serverAliveCountMax: keepalive.countMax, tcpKeepAlive: true };
      case 'tcp':
        return { ...hop, serverAliveInterval: 0, tcpKeepAlive: true };
      case 'off':
        return { ...hop, serverAliveInterval: 0, tcpKeepAlive: false };
    }
  });
}

/** The hops of a tunnel profile, resolved as a terminal's (through ~/.ssh/config and the saved hosts). */
export async function tunnelHops(profile: TunnelProfile, context: TargetContext): Promise<HopSpec[]> {
  return applyKeepalive(await resolveTarget(profile.connection, context), profile.keepalive);
}

/** What the supervisor calls on each attempt: resolve again (the config may have changed), then connect. */
export function tunnelConnector(profile: TunnelProfile, connector: SshConnector, context: TargetContext): () => Promise<ConnectionLease> {
  return async () => connector.connect(await tunnelHops(profile, context));
}
