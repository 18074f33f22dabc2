import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { CLI, runCli } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { connectTcp, echoRoundTrip, startEchoServer } from './forward-helpers';

let keys: TestKeys;
let env: SshEnv;
let server: SshdHandle;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let home: TempDir;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  keys = await getTestKeys();
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
  env.writeConfig('Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n');
  echo = await startEchoServer();
  home = makeTempDir('jumpgate-home');
  cliEnv = { ...env.env, JUMPGATE_HOME: home.path };
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  await echo?.close();
  home?.dispose();
  env?.dispose();
});

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the CLI in the background; `exited` resolves with its status and stderr. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ status: number | null; stderr: string }>((resolve) => child.once('close', (status) => resolve({ status, stderr })));
  return { child, exited, stderr: () => stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const isListening = (port: number) =>
  connectTcp(port).then(
    (socket) => (socket.destroy(), true),
    () => false,
  );
const sshBase = () => ['-i', keys.ed25519.path, '-p', String(server.port)];

describe('jumpgate ssh with forwards', () => {
  it('-N -L holds the forward until Ctrl+C, then releases the port', async () => {
    // Port 0: jumpgate binds and says where (-v), so no other listener can be mistaken for it.
    const cli = startCli(['ssh', '-v', '-N', '-L', `0:127.0.0.1:${echo.port}`, ...sshBase(), 'root@127.0.0.1']);
    const listening = await pollUntil(() => /listening on 127\.0\.0\.1:(\d+)$/m.exec(cli.stderr()), { message: `jumpgate to listen; stderr: ${cli.stderr()}` });
    const port = Number(listening[1]);
    const result = await echoRoundTrip(await connectTcp(port), 1024 * 1024);
    expect(result.received).toBe(result.sent);
    cli.child.kill('SIGINT');
    expect((await cli.exited).status).toBe(0);
    expect(await isListening(port)).toBe(false);
  });

  it('-R 0 prints the port the server allocated, as ssh does', async () => {
    const result = await runCli(['ssh', '-R', `0:127.0.0.1:${echo.port}`, ...sshBase(), 'root@127.0.0.1', 'true'], { env: cliEnv });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Allocated port \\d+ for remote forward to 127\\.0\\.0\\.1:${echo.port}$`, 'm'));
  });

  it('-N -R 0:/path/to.sock forwards a port on the server to a unix socket here, and prints the port', async () => {
    const socketPath = `${home.path}/app.sock`;
    const unixEcho = await startEchoServer({ path: socketPath });
    try {
      const cli = startCli(['ssh', '-N', '-R', `0:${socketPath}`, ...sshBase(), 'root@127.0.0.1']);
      const allocated = await pollUntil(() => new RegExp(`^Allocated port (\\d+) for remote forward to ${socketPath}$`, 'm').exec(cli.stderr()), {
        message: `the allocated port; stderr: ${cli.stderr()}`,
      });
      const result = await echoRoundTrip(await connectTcp(Number(allocated[1])), 1024 * 1024);
      expect(result.received).toBe(result.sent);
      cli.child.kill('SIGINT');
      expect((await cli.exited).status).toBe(0);
    } finally {
      await unixEcho.close();
    }
  });

  it('a port in use is a warning, or fatal with ExitOnForwardFailure=yes', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const warned = await runCli(['ssh', '-L', `${taken}:127.0.0.1:${echo.port}`, ...sshBase(), 'root@127.0.0.1', 'echo ran'], { env: cliEnv });
      expect(warned.status).toBe(0);
      expect(warned.stdout).toBe('ran\n');
      expect(warned.stderr).toContain(`Port ${taken} is already in use`);
      const fatal = await runCli(
        ['ssh', '-o', 'ExitOnForwardFailure=yes', '-L', `${taken}:127.0.0.1:${echo.port}`, ...sshBase(), 'root@127.0.0.1', 'echo ran'],
        { env: cliEnv },
      );
      expect(fatal.status).toBe(255);
      expect(fatal.stdout).toBe('');
      expect(fatal.stderr).toMatch(new RegExp(`Port ${taken} is already in use.*\\(FORWARD_PORT_IN_USE\\)`));
    } finally {
      holder.close();
    }
  });
});

describe('jumpgate tunnel', () => {
  it('adds a tunnel, brings it up with live state in list and show, closes it on Ctrl+C, removes it', async () => {
    const port = await freePort();
    const add = await runCli(
      ['tunnel', 'add', 'echo', '--keepalive', 'ssh', ...sshBase(), '-o', 'ServerAliveInterval=5', '-L', `${port}:127.0.0.1:${echo.port}`, 'root@127.0.0.1'],
      { env: cliEnv },
    );
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toContain('Saved tunnel echo');
    expect((await runCli(['tunnel', 'add', 'echo', '-D', '0', 'root@127.0.0.1'], { env: cliEnv })).stderr).toContain('TUNNEL_EXISTS');

    const listed = await runCli(['tunnel', 'list'], { env: cliEnv });
    expect(listed.stdout).toMatch(new RegExp(`echo\\s+stopped\\s+-L ${port}:127.0.0.1:${echo.port}\\s+root@127.0.0.1 port ${server.port}`));
    const shown = await runCli(['tunnel', 'show', 'echo'], { env: cliEnv });
    expect(shown.stdout).toContain('keepalive: ssh, every 5 s');

    const up = startCli(['tunnel', 'up', 'echo']);
    await pollUntil(() => isListening(port), { message: `the tunnel to listen on ${port}; stderr: ${up.stderr()}` });
    const result = await echoRoundTrip(await connectTcp(port), 1024 * 1024);
    expect(result.received).toBe(result.sent);
    await pollUntil(async () => (await runCli(['tunnel', 'list'], { env: cliEnv })).stdout.includes(`up (pid ${up.child.pid}`), {
      message: 'live state in tunnel list',
    });
    type Shown = { live: { status: { forwards: { totalConnections: number; bytesFromClient: number }[] } } };
    await pollUntil(
      async () => {
        const shown = JSON.parse((await runCli(['tunnel', 'show', 'echo', '--json'], { env: cliEnv })).stdout) as Shown;
        return shown.live.status.forwards[0]!.bytesFromClient === 1024 * 1024;
      },
      { message: 'the byte counters in the live state' },
    );

    up.child.kill('SIGINT');
    const exited = await up.exited;
    expect(exited.status).toBe(0);
    expect(exited.stderr).toContain('jumpgate: tunnel echo: up');
    expect(exited.stderr).toContain('tunnel echo closed');
    expect(await isListening(port)).toBe(false);
    expect((await runCli(['tunnel', 'list'], { env: cliEnv })).stdout).toMatch(/echo\s+stopped/);

    expect((await runCli(['tunnel', 'rm', 'echo'], { env: cliEnv })).status).toBe(0);
    expect((await runCli(['tunnel', 'show', 'echo'], { env: cliEnv })).stderr).toContain('TUNNEL_NOT_FOUND');
  });

  it('tunnel up exits 255 with the reason when the tunnel cannot heal', async () => {
    const stranger = makeSshEnv();
    const strangerHome = makeTempDir('jumpgate-home');
    try {
      stranger.writeConfig('Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n');
      const strangerEnv = { ...stranger.env, JUMPGATE_HOME: strangerHome.path };
      await runCli(['tunnel', 'add', 'nokey', ...sshBase(), '-D', '0', 'root@127.0.0.1'], { env: strangerEnv });
      const result = await runCli(['tunnel', 'up', 'nokey'], { env: strangerEnv });
      expect(result.status).toBe(255);
      expect(result.stderr).toMatch(/tunnel nokey: failed: .*\(HOST_KEY_UNKNOWN\)/);
    } finally {
      strangerHome.dispose();
      stranger.dispose();
    }
  });
});
