import type { HopSpec } from '../../shared/model';
import type { KeepalivePolicy, TunnelProfile } from '../../shared/model/tunnel-profile';
import { resolveHops } from '../ssh/config/ssh-config';
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

/** The hops of a tunnel profile, resolved through ~/.ssh/config as `jumpgate ssh` would. */
export async function tunnelHops(profile: TunnelProfile, env: NodeJS.ProcessEnv): Promise<HopSpec[]> {
  const { connection } = profile;
  const hops = await resolveHops({
    destination: connection.destination,
    port: connection.port,
    user: connection.user,
    jump: connection.jump,
    identityFiles: connection.identityFiles,
    options: connection.options,
    configFile: connection.configFile,
    env,
  });
  return applyKeepalive(hops, profile.keepalive);
}

/** What the supervisor calls on each attempt: resolve again (the config may have changed), then connect. */
export function tunnelConnector(profile: TunnelProfile, connector: SshConnector, env: NodeJS.ProcessEnv): () => Promise<ConnectionLease> {
  return async () => connector.connect(await tunnelHops(profile, env));
}
