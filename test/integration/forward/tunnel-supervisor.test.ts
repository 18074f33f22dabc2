import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseForward } from '../../../shared/model/forward-spec';
import { ReconnectPolicy, type TunnelStatus } from '../../../shared/model/tunnel-profile';
import { TunnelSupervisor } from '../../../main/forward/tunnel-supervisor';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { connectTcp, echoRoundTrip, startEchoServer } from './forward-helpers';

let keys: TestKeys;
let env: SshEnv;
let echo: Awaited<ReturnType<typeof startEchoServer>>;

beforeAll(async () => {
  keys = await getTestKeys();
  env = makeSshEnv();
  echo = await startEchoServer();
});
afterAll(async () => {
  await echo?.close();
  env?.dispose();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the tunnel supervisor', () => {
  let server: SshdHandle;
  let supervisor: TunnelSupervisor | undefined;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    supervisor?.dispose();
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await server?.dispose();
  });

  async function upTunnel() {
    server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    env.addKnownHosts(server.knownHostsLines());
    const [localPort, remotePort] = [await freePort(), await freePort()];
    const { connector } = recordingConnector();
    cleanups.push(() => connector.dispose());
    const states: TunnelStatus[] = [];
    supervisor = new TunnelSupervisor({
      name: 'db',
      forwards: [parseForward('local', `${localPort}:127.0.0.1:${echo.port}`), parseForward('remote', `${remotePort}:127.0.0.1:${echo.port}`)],
      exitOnForwardFailure: true,
      reconnect: ReconnectPolicy.parse({ initialDelayMs: 50, maxDelayMs: 400 }),
      connect: () => connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', serverAliveInterval: 1 })]),
    });
    supervisor.onDidChange((status) => states.push(status));
    supervisor.start();
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come up' });
    return { localPort, remotePort, states, connector };
  }

  it('comes back on the same ports after the server restarts, carries data again, and leaks no listener', async () => {
    const { localPort, remotePort, states, connector } = await upTunnel();
    const before = await echoRoundTrip(await connectTcp(localPort), 256 * 1024);
    expect(before.received).toBe(before.sent);

    await server.stop();
    await pollUntil(() => supervisor!.status.state === 'retrying', { message: 'the tunnel to notice the drop' });
    // The listener was released with the connection: nothing answers on the port meanwhile.
    expect(await isRefused(localPort)).toBe(true);
    const retrying = supervisor!.status;
    expect(retrying.retryInMs).toBeGreaterThan(0);
    expect(retrying.error?.code).toMatch(/CONNECTION_LOST|CONNECTION_REFUSED|KEEPALIVE_TIMEOUT/);

    await server.restart();
    await pollUntil(() => supervisor!.status.state === 'up', { timeoutMs: 15_000, message: 'the tunnel to come back' });
    expect(supervisor!.status.forwards.map((f) => [f.state, f.boundPort])).toEqual([
      ['listening', localPort],
      ['listening', remotePort],
    ]);
    for (const port of [localPort, remotePort]) {
      const after = await echoRoundTrip(await connectTcp(port), 256 * 1024);
      expect(after.received).toBe(after.sent);
    }
    expect(states.map((s) => s.state)).toContain('retrying');
    expect(connector.openConnections).toBe(1);

    supervisor!.dispose();
    expect(supervisor!.status.state).toBe('stopped');
    expect(connector.openConnections).toBe(0);
    // Both ports are free again: the local one here, the remote one on the server.
    await pollUntil(() => isRefused(localPort), { message: 'the local port to be released' });
    await pollUntil(() => isRefused(remotePort), { message: 'the remote port to be released' });
  });

  it('notices a bastion restart under a 2-hop tunnel and comes back through it', async () => {
    server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    const bastion = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${server.port}`] });
    cleanups.push(() => bastion.dispose());
    env.addKnownHosts([...server.knownHostsLines(), ...bastion.knownHostsLines()]);
    const localPort = await freePort();
    const { connector } = recordingConnector();
    cleanups.push(() => connector.dispose());
    supervisor = new TunnelSupervisor({
      name: 'inner',
      forwards: [parseForward('local', `${localPort}:127.0.0.1:${echo.port}`)],
      exitOnForwardFailure: true,
      reconnect: ReconnectPolicy.parse({ initialDelayMs: 50, maxDelayMs: 400 }),
      connect: () => connector.connect([bastion, server].map((s) => hopFor(s, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' }))),
    });
    supervisor.start();
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come up' });
    await bastion.stop();
    await pollUntil(() => supervisor!.status.state === 'retrying', { message: 'the tunnel to notice the bastion going' });
    await bastion.restart();
    await pollUntil(() => supervisor!.status.state === 'up', { timeoutMs: 15_000, message: 'the tunnel to come back through the bastion' });
    const result = await echoRoundTrip(await connectTcp(localPort), 256 * 1024);
    expect(result.received).toBe(result.sent);
    expect(connector.openConnections).toBe(2);
  });

  it('stops retrying when the server returns with another host key', async () => {
    const { states } = await upTunnel();
    await server.restart({ freshHostKeys: true });
    await pollUntil(() => supervisor!.status.state === 'failed', { timeoutMs: 15_000, message: 'the tunnel to give up' });
    expect(supervisor!.status.error?.code).toBe('HOST_KEY_CHANGED');
    expect(supervisor!.status.retryInMs).toBeUndefined();
    const attempts = states.filter((s) => s.state === 'connecting').length;
    // A host key change is never retried: the attempt that met it was the last one.
    const lastConnecting = states.map((s) => s.state).lastIndexOf('connecting');
    expect(states.slice(lastConnecting + 1).map((s) => s.state)).toEqual(['failed']);
    expect(attempts).toBeGreaterThanOrEqual(2);
  });
});
