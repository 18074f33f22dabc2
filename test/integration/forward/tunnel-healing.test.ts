import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseForward } from '../../../shared/model/forward-spec';
import { ReconnectPolicy, type TunnelStatus } from '../../../shared/model/tunnel-profile';
import { WakeSignal } from '../../../main/base/wake-signal';
import { TunnelSupervisor } from '../../../main/forward/tunnel-supervisor';
import { startCuttingProxy, type CuttingProxy } from '../../fixtures/cutting-proxy';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { connectTcp, echoRoundTrip, freePort, startEchoServer } from './forward-helpers';

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

/** A backoff far longer than any test waits: only a wake can bring the tunnel back in time. */
const LONG_BACKOFF = ReconnectPolicy.parse({ initialDelayMs: 600_000, maxDelayMs: 600_000, jitter: 0 });

describe('healing after a wake or a network change', () => {
  let server: SshdHandle;
  let proxy: CuttingProxy | undefined;
  let supervisor: TunnelSupervisor | undefined;
  const wake = new WakeSignal();
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    supervisor?.dispose();
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await proxy?.close();
    proxy = undefined;
    await server?.dispose();
  });

  function supervise(localPort: number, connect: () => ReturnType<ReturnType<typeof recordingConnector>['connector']['connect']>) {
    const states: TunnelStatus[] = [];
    supervisor = new TunnelSupervisor({
      name: 'db',
      forwards: [parseForward('local', `${localPort}:127.0.0.1:${echo.port}`)],
      exitOnForwardFailure: true,
      reconnect: LONG_BACKOFF,
      aliveTimeoutMs: 500,
      connect,
    });
    supervisor.onDidChange((status) => states.push(status));
    const heal = wake.onDidWake(() => void supervisor!.heal());
    cleanups.push(() => heal.dispose());
    supervisor.start();
    return states;
  }

  it('retries at once on a wake instead of waiting out a ten-minute backoff', async () => {
    server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    env.addKnownHosts(server.knownHostsLines());
    const localPort = await freePort();
    const { connector } = recordingConnector();
    cleanups.push(() => connector.dispose());
    supervise(localPort, () => connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })]));
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come up' });

    await server.stop();
    await pollUntil(() => supervisor!.status.state === 'retrying', { message: 'the tunnel to notice the drop' });
    expect(supervisor!.status.retryInMs).toBe(600_000);
    await server.restart();
    // Still waiting: nothing but the wake will make it try before ten minutes.
    expect(supervisor!.status.state).toBe('retrying');

    wake.fire('resume');
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come back right after the wake' });
    const result = await echoRoundTrip(await connectTcp(localPort), 64 * 1024);
    expect(result.received).toBe(result.sent);
    expect(connector.openConnections).toBe(1);
  });

  it('checks a connection that looks up, and drops and replaces one whose peer went silent', async () => {
    server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    proxy = await startCuttingProxy(server.port);
    // The first connection goes through the proxy, as over a network that will vanish; later ones directly.
    env.addKnownHosts([...server.knownHostsLines(), ...server.knownHostsLines().map((line) => line.replace(`:${server.port} `, `:${proxy!.port} `))]);
    const localPort = await freePort();
    const { connector } = recordingConnector();
    cleanups.push(() => connector.dispose());
    let connects = 0;
    const states = supervise(localPort, () => {
      const via = connects++ === 0 ? { host: '127.0.0.1', port: proxy!.port } : server;
      // No keepalive of its own: without the check after the wake, the dead connection would look up forever.
      return connector.connect([hopFor(via, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', serverAliveInterval: 0 })]);
    });
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come up' });

    // The network goes silent under the connection: nothing is closed, nothing answers.
    proxy.stallAfter = { direction: 'up', bytes: proxy.relayed.up };
    wake.fire('online');
    await pollUntil(() => states.some((s) => s.state === 'retrying'), { message: 'the silent connection to be dropped' });
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come back on a new connection' });
    expect(states.find((s) => s.state === 'retrying')?.error?.code).toBe('KEEPALIVE_TIMEOUT');
    expect(connects).toBe(2);
    const result = await echoRoundTrip(await connectTcp(localPort), 64 * 1024);
    expect(result.received).toBe(result.sent);
  });

  it('leaves a healthy connection alone', async () => {
    server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    env.addKnownHosts(server.knownHostsLines());
    const localPort = await freePort();
    const { connector } = recordingConnector();
    cleanups.push(() => connector.dispose());
    let connects = 0;
    const states = supervise(localPort, () => {
      connects++;
      return connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', serverAliveInterval: 0 })]);
    });
    await pollUntil(() => supervisor!.status.state === 'up', { message: 'the tunnel to come up' });
    const before = states.length;
    await supervisor!.heal();
    expect(supervisor!.status.state).toBe('up');
    const result = await echoRoundTrip(await connectTcp(localPort), 64 * 1024);
    expect(result.received).toBe(result.sent);
    expect(connects).toBe(1);
    expect(states.slice(before).map((s) => s.state)).not.toContain('retrying');
  });
});
