import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatForward } from '../../../main/cli/forward-flags';
import { parseForward } from '../../../shared/model/forward-spec';
import { ForwardSet } from '../../../main/forward/forward-set';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { echoRoundTrip, socks4aConnect, socks5Connect, startEchoServer } from './forward-helpers';

let keys: TestKeys;
let env: SshEnv;
let server: SshdHandle;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let dir: TempDir;

beforeAll(async () => {
  keys = await getTestKeys();
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
  echo = await startEchoServer();
  dir = makeTempDir('sockets');
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  await echo?.close();
  dir?.dispose();
  env?.dispose();
});

async function connected() {
  const { connector } = recordingConnector();
  const lease = await connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })]);
  return {
    lease,
    dispose: () => {
      lease.dispose();
      connector.dispose();
    },
  };
}

function connectUnix(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path, allowHalfOpen: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('-R as a SOCKS proxy on the server', () => {
  it('parses and prints as OpenSSH writes it', () => {
    expect(parseForward('remote', '1080')).toEqual({ kind: 'remote', bindPort: 1080 });
    expect(parseForward('remote', '0.0.0.0:1080')).toEqual({ kind: 'remote', bindAddress: '0.0.0.0', bindPort: 1080 });
    expect(formatForward(parseForward('remote', '127.0.0.1:0'))).toBe('-R 127.0.0.1:0');
  });

  it('serves SOCKS5 and SOCKS4a requests from the server by connecting out from here, both ways, and refuses what cannot be reached', async () => {
    const { lease, dispose } = await connected();
    const { set, failures } = await ForwardSet.start(lease.connection, [parseForward('remote', '127.0.0.1:0')]);
    try {
      expect(failures).toEqual([]);
      const [status] = set.statuses;
      expect(status).toMatchObject({ state: 'listening', boundPort: expect.any(Number) });
      // The server's listener is on this machine too (127.0.0.1): a client there speaks SOCKS to it.
      const five = await socks5Connect(status!.boundPort!, '127.0.0.1', echo.port);
      expect(five.reply).toBe(0);
      const result = await echoRoundTrip(five.socket, 512 * 1024);
      expect(result.received).toBe(result.sent);
      const four = await socks4aConnect(status!.boundPort!, 'localhost', echo.port);
      expect(four.reply).toBe(0x5a);
      const again = await echoRoundTrip(four.socket, 64 * 1024);
      expect(again.received).toBe(again.sent);
      await pollUntil(() => set.statuses[0]!.bytesToClient >= 576 * 1024, { message: 'the bytes counted' });
      expect(set.statuses[0]!.totalConnections).toBe(2);

      const closed = await new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as net.AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const refused = await socks5Connect(status!.boundPort!, '127.0.0.1', closed);
      expect(refused.reply).toBe(5);
      refused.socket.destroy();
      await pollUntil(() => set.statuses[0]!.lastError?.code === 'FORWARD_REFUSED', { message: 'the refusal recorded' });
    } finally {
      set.dispose();
      dispose();
    }
  });
});

describe('-L listening on a unix socket here', () => {
  it('parses and prints as OpenSSH writes it', () => {
    expect(parseForward('local', '/tmp/db.sock:db:5432')).toEqual({
      kind: 'local',
      bindPort: 0,
      bindSocket: '/tmp/db.sock',
      target: { host: 'db', port: 5432 },
    });
    expect(parseForward('local', '/tmp/a.sock:/run/b.sock')).toEqual({
      kind: 'local',
      bindPort: 0,
      bindSocket: '/tmp/a.sock',
      target: { socketPath: '/run/b.sock' },
    });
    expect(formatForward(parseForward('local', '/tmp/db.sock:db:5432'))).toBe('-L /tmp/db.sock:db:5432');
  });

  it('refuses a socket another program listens on, and a path that is not a socket', async () => {
    const path = join(dir.path, 'taken.sock');
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(path, () => resolve()));
    const { lease, dispose } = await connected();
    try {
      const taken = await ForwardSet.start(lease.connection, [parseForward('local', `${path}:127.0.0.1:${echo.port}`)]);
      expect(taken.failures.map((f) => f.code)).toEqual(['FORWARD_PORT_IN_USE']);
      taken.set.dispose();
      // The other program's socket is left alone.
      expect(await connectUnix(path).then((socket) => (socket.destroy(), true))).toBe(true);
      const file = join(dir.path, 'not-a-socket');
      writeFileSync(file, 'x');
      const notSocket = await ForwardSet.start(lease.connection, [parseForward('local', `${file}:127.0.0.1:${echo.port}`)]);
      expect(notSocket.failures.map((f) => f.code)).toEqual(['FORWARD_BIND_FAILED']);
      notSocket.set.dispose();
    } finally {
      dispose();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('carries data both ways through a private socket, replaces a stale one, and removes it when closed', async () => {
    const path = join(dir.path, 'db.sock');
    // A process killed outright leaves its socket file behind with nothing listening.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)},()=>console.log('ready'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(statSync(path).isSocket()).toBe(true);

    const { lease, dispose } = await connected();
    const { set, failures } = await ForwardSet.start(lease.connection, [parseForward('local', `${path}:127.0.0.1:${echo.port}`)]);
    try {
      expect(failures).toEqual([]);
      expect(set.statuses[0]).toMatchObject({ state: 'listening', boundAddress: path, label: `${path} → 127.0.0.1:${echo.port} (local)` });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const result = await echoRoundTrip(await connectUnix(path), 512 * 1024);
      expect(result.received).toBe(result.sent);
      expect(set.statuses[0]!.bytesToClient).toBe(512 * 1024);
    } finally {
      set.dispose();
      dispose();
    }
    await pollUntil(() => !existsSync(path), { message: 'the socket file removed' });
  });
});
