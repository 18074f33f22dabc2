import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { type ForwardSpec, parseForward } from '../../../shared/model/forward-spec';
import { ForwardSet } from '../../../main/forward/forward-set';
import type { ConnectionLease } from '../../../main/ssh/connect/ssh-connector';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { connectTcp, echoRoundTrip, sha256, socks4aConnect, socks5Connect, startEchoServer } from './forward-helpers';

let keys: TestKeys;
let env: SshEnv;
let target: SshdHandle;
let bastion: SshdHandle;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let unixEcho: Awaited<ReturnType<typeof startEchoServer>>;
let socketDir: TempDir;

beforeAll(async () => {
  keys = await getTestKeys();
  const authorizedKeys = [keys.ed25519.publicKey];
  target = await startSshd({ authorizedKeys });
  // The bastion may open channels to the target only: every forward below runs on the target's connection.
  bastion = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
  env = makeSshEnv();
  env.addKnownHosts([...target.knownHostsLines(), ...bastion.knownHostsLines()]);
  echo = await startEchoServer();
  socketDir = makeTempDir('sock');
  unixEcho = await startEchoServer({ path: join(socketDir.path, 'echo.sock') });
}, 60_000);
afterAll(async () => {
  await Promise.all([target, bastion].map((s) => s?.dispose()));
  await echo?.close();
  await unixEcho?.close();
  socketDir?.dispose();
  env?.dispose();
});

const hop = (server: SshdHandle) => hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' });

async function withForwards(route: SshdHandle[], specs: ForwardSpec[], body: (set: ForwardSet, lease: ConnectionLease) => Promise<void>): Promise<void> {
  const { connector } = recordingConnector();
  const lease = await connector.connect(route.map(hop));
  const { set, failures } = await ForwardSet.start(lease.connection, specs);
  try {
    expect(failures).toEqual([]);
    await body(set, lease);
  } finally {
    set.dispose();
    lease.dispose();
    connector.dispose();
  }
}

const boundPort = (set: ForwardSet, index = 0) => set.statuses[index]!.boundPort!;

describe.each([
  ['directly', () => [target]],
  ['through a 2-hop chain', () => [bastion, target]],
])('forwards %s carry data intact both ways', (_name, route) => {
  it('-L to a TCP target', async () => {
    await withForwards(route(), [parseForward('local', `0:127.0.0.1:${echo.port}`)], async (set) => {
      const result = await echoRoundTrip(await connectTcp(boundPort(set)));
      expect(result.received).toBe(result.sent);
      await pollUntil(() => set.statuses[0]!.activeConnections === 0 && set.statuses[0]!.bytesToClient === result.bytes, { message: 'counters to settle' });
      expect(set.statuses[0]).toMatchObject({ state: 'listening', totalConnections: 1, bytesFromClient: result.bytes, bytesToClient: result.bytes });
    });
  });

  it('-R to a TCP target', async () => {
    await withForwards(route(), [parseForward('remote', `0:127.0.0.1:${echo.port}`)], async (set) => {
      const port = boundPort(set);
      expect(port).toBeGreaterThan(0);
      const result = await echoRoundTrip(await connectTcp(port));
      expect(result.received).toBe(result.sent);
    });
  });

  it('-D with SOCKS5 and a host name resolved by the server', async () => {
    await withForwards(route(), [parseForward('dynamic', '0')], async (set) => {
      const { socket, reply } = await socks5Connect(boundPort(set), 'localhost', echo.port);
      expect(reply).toBe(0);
      const result = await echoRoundTrip(socket);
      expect(result.received).toBe(result.sent);
    });
  });
});

describe('forward details', () => {
  it('-L keeps backpressure end to end: a client that does not read stops the server side, and nothing is lost', async () => {
    const size = 32 * 1024 * 1024;
    const payload = randomBytes(size);
    let sourceSocket: net.Socket | undefined;
    const source = net.createServer((socket) => {
      sourceSocket = socket;
      socket.on('error', () => {});
      socket.end(payload);
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    try {
      await withForwards([target], [parseForward('local', `0:127.0.0.1:${(source.address() as net.AddressInfo).port}`)], async (set) => {
        const client = await connectTcp(boundPort(set));
        client.pause();
        // Wait until the forward has stopped taking data from the channel: the counter holds still.
        let last = -1;
        let stillFor = 0;
        await pollUntil(
          () => {
            const now = set.statuses[0]!.bytesToClient;
            stillFor = now === last && now > 0 ? stillFor + 1 : 0;
            last = now;
            return stillFor >= 5;
          },
          { intervalMs: 50, message: 'the forward to stall behind the paused client' },
        );
        // Only socket buffers and one channel window are in flight, far from the whole payload,
        // and the source itself is held back (its writes wait for the ssh server to read).
        expect(last).toBeLessThan(size / 2);
        expect(sourceSocket!.writableLength).toBeGreaterThan(0);
        const chunks: Buffer[] = [];
        client.on('data', (chunk: Buffer) => chunks.push(chunk));
        await new Promise((resolve) => client.once('end', resolve).resume());
        client.destroy();
        expect(sha256(Buffer.concat(chunks))).toBe(sha256(payload));
      });
    } finally {
      source.close();
    }
  });

  it('-L to a unix socket on the server', async () => {
    await withForwards([target], [parseForward('local', `0:${join(socketDir.path, 'echo.sock')}`)], async (set) => {
      const result = await echoRoundTrip(await connectTcp(boundPort(set)), 256 * 1024);
      expect(result.received).toBe(result.sent);
    });
  });

  it('-R to a unix socket here: the server listens on TCP, each connection reaches the local socket', async () => {
    await withForwards([bastion, target], [parseForward('remote', `0:${join(socketDir.path, 'echo.sock')}`)], async (set) => {
      const port = boundPort(set);
      expect(set.statuses[0]).toMatchObject({ state: 'listening', label: `server's localhost:0 → ${join(socketDir.path, 'echo.sock')} (remote)` });
      const result = await echoRoundTrip(await connectTcp(port), 1024 * 1024);
      expect(result.received).toBe(result.sent);
      await pollUntil(() => set.statuses[0]!.activeConnections === 0 && set.statuses[0]!.bytesToClient === result.bytes, { message: 'counters to settle' });
      expect(set.statuses[0]).toMatchObject({ totalConnections: 1, bytesFromClient: result.bytes, bytesToClient: result.bytes });
    });
  });

  it('-R to a unix socket nobody listens on refuses that connection, names the socket, and keeps listening', async () => {
    const missing = join(socketDir.path, 'nobody.sock');
    await withForwards([target], [parseForward('remote', `0:${missing}`)], async (set) => {
      const socket = await connectTcp(boundPort(set));
      // The server ends the connection whose channel was refused.
      await new Promise((resolve) => socket.once('end', resolve).resume());
      socket.destroy();
      await pollUntil(() => set.statuses[0]!.lastError, { message: 'the refusal in the status' });
      expect(set.statuses[0]!.lastError).toMatchObject({ code: 'FORWARD_REFUSED' });
      expect(set.statuses[0]!.lastError!.message).toContain(`could not connect to ${missing} (ENOENT)`);
      expect(set.statuses[0]!.state).toBe('listening');
      const again = await startEchoServer({ path: missing });
      try {
        const result = await echoRoundTrip(await connectTcp(boundPort(set)), 64 * 1024);
        expect(result.received).toBe(result.sent);
      } finally {
        await again.close();
      }
    });
  });

  it('-D answers a refused target with the SOCKS error and keeps serving; SOCKS4a works too', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await withForwards([target], [parseForward('dynamic', '0')], async (set) => {
      const refused = await socks5Connect(boundPort(set), '127.0.0.1', closed);
      expect(refused.reply).toBe(5); // connection refused
      refused.socket.destroy();
      await pollUntil(() => set.statuses[0]!.lastError, { message: 'the refusal in the status' });
      expect(set.statuses[0]!.lastError!.message).toContain(`127.0.0.1:${closed}`);
      const again = await socks4aConnect(boundPort(set), 'localhost', echo.port);
      expect(again.reply).toBe(0x5a);
      const result = await echoRoundTrip(again.socket, 64 * 1024);
      expect(result.received).toBe(result.sent);
      expect(set.statuses[0]!.state).toBe('listening');
    });
  });

  it('a local port in use fails that forward with FORWARD_PORT_IN_USE naming the port; the others start', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    const { connector } = recordingConnector();
    const lease = await connector.connect([hop(target)]);
    try {
      const { set, failures } = await ForwardSet.start(lease.connection, [
        parseForward('local', `${taken}:127.0.0.1:${echo.port}`),
        parseForward('dynamic', '0'),
      ]);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.code).toBe('FORWARD_PORT_IN_USE');
      expect(failures[0]!.message).toContain(`Port ${taken}`);
      expect(set.statuses.map((s) => s.state)).toEqual(['failed', 'listening']);
      set.dispose();
      // ExitOnForwardFailure: the same failure is fatal and nothing is left listening.
      const error = await ForwardSet.start(lease.connection, [parseForward('dynamic', '0'), parseForward('local', `${taken}:127.0.0.1:${echo.port}`)], {
        exitOnForwardFailure: true,
      }).catch((e: unknown) => e);
      expect(AppError.is(error, 'FORWARD_PORT_IN_USE')).toBe(true);
    } finally {
      lease.dispose();
      connector.dispose();
      holder.close();
    }
  });
});

describe('a server that refuses forwarding', () => {
  let strict: SshdHandle;
  beforeAll(async () => {
    strict = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['AllowTcpForwarding no'] });
    env.addKnownHosts(strict.knownHostsLines());
  });
  afterAll(() => strict?.dispose());

  it('-R fails with FORWARD_REFUSED naming the forward; -L reports each refused connection', async () => {
    const { connector } = recordingConnector();
    const lease = await connector.connect([hop(strict)]);
    try {
      const { set, failures } = await ForwardSet.start(lease.connection, [
        parseForward('remote', `0:127.0.0.1:${echo.port}`),
        parseForward('local', `0:127.0.0.1:${echo.port}`),
      ]);
      expect(failures.map((f) => f.code)).toEqual(['FORWARD_REFUSED']);
      expect(failures[0]!.message).toContain(`server's localhost:0 → 127.0.0.1:${echo.port} (remote)`);
      const socket = await connectTcp(boundPort(set, 1));
      // The refused connection is ended by the forward.
      await new Promise((resolve) => socket.once('end', resolve).resume());
      socket.destroy();
      await pollUntil(() => set.statuses[1]!.lastError, { message: 'the -L refusal in the status' });
      expect(set.statuses[1]!.lastError).toMatchObject({ code: 'FORWARD_REFUSED' });
      expect(set.statuses[1]!.lastError!.message).toContain(`localhost:0 → 127.0.0.1:${echo.port} (local)`);
      set.dispose();
      const error = await ForwardSet.start(lease.connection, [parseForward('remote', `0:127.0.0.1:${echo.port}`)], { exitOnForwardFailure: true }).catch(
        (e: unknown) => e,
      );
      expect(AppError.is(error, 'FORWARD_REFUSED')).toBe(true);
    } finally {
      lease.dispose();
      connector.dispose();
    }
  });
});
