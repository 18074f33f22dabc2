import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { CLI, runCli } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { echoRoundTrip, socks5Connect, startEchoServer } from './forward-helpers';

let keys: TestKeys;
let env: SshEnv;
let server: SshdHandle;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let home: TempDir;
let child: ChildProcess | undefined;

beforeAll(async () => {
  keys = await getTestKeys();
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
  env.writeConfig('Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n');
  echo = await startEchoServer();
  home = makeTempDir('jumpgate-home');
}, 60_000);
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await server?.dispose();
  await echo?.close();
  home?.dispose();
  env?.dispose();
});

describe('jumpgate ssh with the forwards OpenSSH added last', () => {
  it('-R port alone is a SOCKS proxy on the server and -L /path.sock listens on a unix socket here; both carry data', async () => {
    const socketPath = join(home.path, 'echo.sock');
    child = spawn(
      process.execPath,
      [
        CLI,
        'ssh',
        '-v',
        '-N',
        '-R',
        '127.0.0.1:0',
        '-L',
        `${socketPath}:127.0.0.1:${echo.port}`,
        '-i',
        keys.ed25519.path,
        '-p',
        String(server.port),
        'root@127.0.0.1',
      ],
      { env: { ...env.env, JUMPGATE_HOME: home.path }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const allocated = await pollUntil(() => /^Allocated port (\d+) for remote forward to a SOCKS proxy$/m.exec(stderr), {
      message: `the SOCKS port; stderr: ${stderr}`,
    });
    await pollUntil(() => stderr.includes(`listening on ${socketPath}\n`), { message: `the socket listening; stderr: ${stderr}` });

    const socks = await socks5Connect(Number(allocated[1]), '127.0.0.1', echo.port);
    expect(socks.reply).toBe(0);
    const viaSocks = await echoRoundTrip(socks.socket, 256 * 1024);
    expect(viaSocks.received).toBe(viaSocks.sent);

    const unix = await new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ path: socketPath, allowHalfOpen: true });
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
    const viaSocket = await echoRoundTrip(unix, 256 * 1024);
    expect(viaSocket.received).toBe(viaSocket.sent);

    const exited = new Promise((resolve) => child!.once('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('tunnel add keeps the SOCKS -R, the unix-socket -L and target probing, and show says so', async () => {
    const cliEnv = { ...env.env, JUMPGATE_HOME: home.path };
    const socketPath = join(home.path, 'db.sock');
    const added = await runCli(
      ['tunnel', 'add', 'probed', '--probe-targets', '30', '-R', '1080', '-L', `${socketPath}:127.0.0.1:5432`, '-p', String(server.port), 'root@127.0.0.1'],
      { env: cliEnv },
    );
    expect(added.status, added.stderr).toBe(0);
    const shown = await runCli(['tunnel', 'show', 'probed'], { env: cliEnv });
    expect(shown.stdout).toContain('  -R 1080\n');
    expect(shown.stdout).toContain(`  -L ${socketPath}:127.0.0.1:5432\n`);
    expect(shown.stdout).toContain('probe -L targets: every 30 s');
    const refused = await runCli(['tunnel', 'add', 'bad', '--probe-targets', '0', '-D', '1080', 'root@127.0.0.1'], { env: cliEnv });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('from 1 to 3600');
  });
});
