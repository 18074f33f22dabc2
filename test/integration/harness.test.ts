import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { afterEach, describe, expect, test } from 'vitest';
import { pollUntil } from '../helpers/poll-until';
import { makeTempDir } from '../helpers/temp-dir';
import { startFakeServer, type FakeServer } from '../fixtures/fake-server';
import { getTestKeys, TEST_KEY_PASSPHRASE } from '../fixtures/keys';
import { startClosingServer, startGarbageServer, startHttpServer, startSilentServer, type RawServer } from '../fixtures/raw-servers';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../fixtures/sshd';

// The harness is proved with OpenSSH's own client (and plain ssh2 where ssh cannot show a thing),
// never with Jumpgate's code, so a failure here is the harness's fault alone.

const execFileAsync = promisify(execFile);
const cleanups: (() => unknown)[] = [];
const track = <T extends { dispose(): unknown } | { close(): unknown }>(resource: T): T => {
  cleanups.push(() => ('dispose' in resource ? resource.dispose() : resource.close()));
  return resource;
};

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface SshRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs OpenSSH's ssh. stdin gets `input` and is closed at once, or (for -W) once
 * `closeStdinWhen(stdout)` says the answer has arrived.
 */
function runSsh(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; closeStdinWhen?: (stdout: string) => boolean } = {}): Promise<SshRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { env: options.env ?? process.env, stdio: 'pipe' });
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (options.closeStdinWhen?.(stdout)) child.stdin.end();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => {}); // ssh may exit before reading its input.
    child.stdin.write(options.input ?? '');
    if (!options.closeStdinWhen) child.stdin.end();
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function sshArgs(home: SshEnv, port: number, extra: string[] = []): string[] {
  return [...extra, ...home.opensshArgs(), '-o', 'BatchMode=yes', '-p', String(port)];
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Live pids whose argv is exactly `argv` (to find a remote command that sshd started). */
function pidsRunning(argv: readonly string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const isZombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
        return !isZombie && readFileSync(`/proc/${name}/cmdline`, 'utf8') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Connects with ssh2's Client; resolves with what ended the attempt. */
function connectWithSsh2(config: ConnectConfig): Promise<{ client: ssh2.Client; outcome: 'ready' | Error }> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve({ client, outcome: 'ready' }));
    // `on`, not `once`: a second error (a reset after a failed banner) must not go unhandled.
    client.on('error', (error) => resolve({ client, outcome: error }));
    client.once('close', () => resolve({ client, outcome: new Error('closed before ready') }));
    client.connect({ host: '127.0.0.1', readyTimeout: 5_000, ...config });
  });
}

function untilClosed(client: ssh2.Client): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let lastError: Error | undefined;
    client.on('error', (error) => (lastError = error));
    client.once('close', () => resolve(lastError));
  });
}

describe('pollUntil', () => {
  test('resolves with the first truthy value', async () => {
    let calls = 0;
    await expect(pollUntil(() => (++calls >= 3 ? `call ${calls}` : undefined), { intervalMs: 1 })).resolves.toBe('call 3');
  });

  test('rejects naming what it waited for, with the last error', async () => {
    const waiting = pollUntil(
      () => {
        throw new Error('not there');
      },
      { timeoutMs: 50, intervalMs: 5, message: 'the thing' },
    );
    await expect(waiting).rejects.toThrow(/Timed out after 50 ms waiting for the thing; last error: not there/);
  });
});

describe('makeTempDir', () => {
  test('creates a directory and removes it on dispose', () => {
    const dir = makeTempDir('harness');
    writeFileSync(join(dir.path, 'file'), 'x');
    dir.dispose();
    expect(existsSync(dir.path)).toBe(false);
  });
});

describe('test keys', () => {
  test('are generated once, in every format, and the encrypted ones need the passphrase', async () => {
    const keys = await getTestKeys();
    expect(await getTestKeys()).toBe(keys);
    const all = [keys.ed25519, keys.ecdsa, keys.rsa, keys.ed25519Encrypted, keys.rsaPem, keys.rsaPemEncrypted];
    for (const key of all) {
      const { stdout } = await execFileAsync('ssh-keygen', ['-l', '-f', key.publicKeyPath]);
      expect(stdout).toContain(key.fingerprint);
      const parsed = ssh2.utils.parseKey(readFileSync(key.path), key.passphrase);
      expect(parsed, key.path).not.toBeInstanceOf(Error);
    }
    expect(keys.ecdsa.publicKey).toMatch(/^ecdsa-sha2-nistp256 /);
    expect(readFileSync(keys.rsaPem.path, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(readFileSync(keys.rsaPemEncrypted.path, 'utf8')).toContain('Proc-Type: 4,ENCRYPTED');
    expect(keys.ed25519Encrypted.passphrase).toBe(TEST_KEY_PASSPHRASE);
    expect(ssh2.utils.parseKey(readFileSync(keys.ed25519Encrypted.path))).toBeInstanceOf(Error);
    expect(ssh2.utils.parseKey(readFileSync(keys.rsaPemEncrypted.path))).toBeInstanceOf(Error);
  });
});

describe('startSshd', () => {
  test('lets OpenSSH ssh run a command with an authorized key, and records the host key', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey] }));
    const home = track(makeSshEnv());
    const run = await runSsh([
      ...sshArgs(home, sshd.port, ['-o', 'StrictHostKeyChecking=accept-new', '-o', 'HostKeyAlgorithms=ssh-ed25519']),
      '-i',
      keys.ed25519.path,
      'root@127.0.0.1',
      'echo hi',
    ]);
    expect(run).toMatchObject({ code: 0, stdout: 'hi\n' });
    const knownHosts = readFileSync(home.knownHostsPath, 'utf8');
    const ed25519 = sshd.hostKeys.find((key) => key.type === 'ed25519');
    expect(knownHosts.trim()).toBe(sshd.knownHostsLines().find((line) => line.includes('ssh-ed25519')));
    expect(ed25519?.fingerprint).toMatch(/^SHA256:/);
    expect(sshd.readLog()).toContain(`Accepted publickey for root from 127.0.0.1`);
  });

  test('refuses a key that is not authorized', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey] }));
    const home = track(makeSshEnv());
    home.addKnownHosts(sshd.knownHostsLines());
    const run = await runSsh([...sshArgs(home, sshd.port), '-i', keys.ecdsa.path, 'root@127.0.0.1', 'true']);
    expect(run.code).toBe(255);
    expect(run.stderr).toContain('Permission denied (publickey)');
  });

  test('offers only the host key types asked for', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.rsa.publicKey], hostKeyTypes: ['ecdsa'] }));
    const home = track(makeSshEnv());
    const run = await runSsh([...sshArgs(home, sshd.port, ['-o', 'StrictHostKeyChecking=accept-new']), '-i', keys.rsa.path, 'root@127.0.0.1', 'true']);
    expect(run.code).toBe(0);
    expect(sshd.hostKeys.map((key) => key.algorithm)).toEqual(['ecdsa-sha2-nistp256']);
    expect(readFileSync(home.knownHostsPath, 'utf8').trim()).toBe(sshd.knownHostsLines()[0]);
  });

  test('restarts on the same port, and with fresh host keys looks like a changed host', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey], hostKeyTypes: ['ed25519'] }));
    const home = track(makeSshEnv());
    home.addKnownHosts(sshd.knownHostsLines());
    const command = [...sshArgs(home, sshd.port, ['-o', 'StrictHostKeyChecking=yes']), '-i', keys.ed25519.path];
    const { port } = sshd;
    const oldKey = sshd.hostKeys[0]?.publicKeyLine;

    await sshd.restart();
    expect(sshd.port).toBe(port);
    expect(await runSsh([...command, 'root@127.0.0.1', 'echo again'])).toMatchObject({ code: 0, stdout: 'again\n' });

    await sshd.restart({ freshHostKeys: true });
    expect(sshd.port).toBe(port);
    expect(sshd.hostKeys[0]?.publicKeyLine).not.toBe(oldKey);
    const changed = await runSsh([...command, 'root@127.0.0.1', 'true']);
    expect(changed.code).toBe(255);
    expect(changed.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');

    const freshKeys = sshd.hostKeys;
    await sshd.restart();
    expect(sshd.hostKeys).toEqual(freshKeys);
  });

  test('logs direct-tcpip opens at DEBUG1, and the requests PermitOpen denies', async () => {
    const keys = await getTestKeys();
    const echo = track(createServer((socket) => socket.pipe(socket)));
    const echoPort = await listen(echo);
    const home = track(makeSshEnv());
    const forward = (sshd: SshdHandle) =>
      runSsh([...sshArgs(home, sshd.port), '-i', keys.ed25519.path, '-W', `127.0.0.1:${echoPort}`, 'root@127.0.0.1'], {
        input: 'ping\n',
        closeStdinWhen: (stdout) => stdout.includes('ping'),
      });

    const open = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey] }));
    home.addKnownHosts(open.knownHostsLines());
    expect(await forward(open)).toMatchObject({ code: 0, stdout: 'ping\n' });
    const target = `target 127.0.0.1 port ${echoPort}`;
    expect(await open.waitForLog(target)).toMatch(/^debug1: server_request_direct_tcpip: originator 127\.0\.0\.1 port \d+, target 127\.0\.0\.1 port \d+$/);

    const denying = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['PermitOpen 127.0.0.1:1'] }));
    home.addKnownHosts(denying.knownHostsLines());
    const denied = await forward(denying);
    expect(denied.code).toBe(255);
    expect(denied.stderr).toContain('administratively prohibited');
    await denying.waitForLog(`to connect to host 127.0.0.1 port ${echoPort}, but the request was denied.`);
  });

  test('puts extraConfig before the defaults so it wins, and Match blocks last', async () => {
    const extraConfig = ['PasswordAuthentication yes', 'Subsystem sftp internal-sftp -l VERBOSE', 'Match User nobody', 'AllowTcpForwarding no'];
    const sshd = track(await startSshd({ extraConfig }));
    const effectiveFor = async (user: string) => {
      const connection = `user=${user},host=localhost,addr=127.0.0.1`;
      return (await execFileAsync('/usr/sbin/sshd', ['-T', '-f', sshd.configPath, '-C', connection])).stdout;
    };
    const forRoot = await effectiveFor('root');
    expect(forRoot).toMatch(/^passwordauthentication yes$/m);
    expect(forRoot).toMatch(/^subsystem sftp internal-sftp -l VERBOSE$/m);
    expect(forRoot).toMatch(/^allowtcpforwarding yes$/m);
    expect(await effectiveFor('nobody')).toMatch(/^allowtcpforwarding no$/m);
  });

  test('stop() ends the sessions it forked and frees the port', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey] }));
    const home = track(makeSshEnv());
    home.addKnownHosts(sshd.knownHostsLines());
    // A sleep no other test runs: 300.<pid><time> seconds is still a valid duration.
    const remoteArgv = ['sleep', `300.${process.pid}${Date.now() % 100_000}`];
    const login = [...sshArgs(home, sshd.port), '-i', keys.ed25519.path, 'root@127.0.0.1'];
    const session = runSsh([...login, remoteArgv.join(' ')]);
    const remote = await pollUntil(() => pidsRunning(remoteArgv)[0], { message: 'the remote sleep to start' });

    await sshd.stop();

    expect(pidsRunning(remoteArgv)).not.toContain(remote);
    expect(await isPortOpen(sshd.port)).toBe(false);
    expect((await session).code).toBe(255);
  });

  test('an sshd left running is killed when the test process gets SIGTERM, as vitest sends', async () => {
    const scratch = track(makeTempDir('sigterm'));
    const script = join(scratch.path, 'leaky.mts');
    const sshdModule = join(import.meta.dirname, '../fixtures/sshd.ts');
    writeFileSync(
      script,
      `import { startSshd } from ${JSON.stringify(sshdModule)};\n` +
        'const sshd = await startSshd();\n' +
        'console.log(JSON.stringify({ pid: sshd.pid, dir: sshd.dir }));\n' +
        'setInterval(() => {}, 1000);\n',
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: 'pipe' });
    cleanups.push(() => child.kill('SIGKILL'));
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const line = await pollUntil(() => output.split('\n').find((l) => l.startsWith('{')), {
      timeoutMs: 20_000,
      message: 'the child to start sshd',
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\nchild stderr: ${errors}`);
    });
    const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

    child.kill('SIGTERM');

    expect(await exited).toBe('SIGTERM');
    await pollUntil(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'), {
      message: `sshd ${pid} to be killed`,
    });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('startFakeServer', () => {
  function askpassScript(answers: Record<string, string>): string {
    const dir = track(makeTempDir('askpass'));
    const path = join(dir.path, 'askpass.sh');
    const cases = Object.entries(answers)
      .map(([prompt, answer]) => `  *${JSON.stringify(prompt)}*) echo ${JSON.stringify(answer)} ;;`)
      .join('\n');
    // ssh passes the prompt as $1; the script logs it so a test can see which prompts came.
    writeFileSync(path, `#!/bin/sh\necho "$1" >> "$0.prompts"\ncase "$1" in\n${cases}\n  *) exit 1 ;;\nesac\n`);
    chmodSync(path, 0o755);
    return path;
  }

  function sshWithAskpass(server: FakeServer, askpass: string, method: string, command: string): Promise<SshRun> {
    const home = track(makeSshEnv());
    home.addKnownHosts([server.knownHostsLine()]);
    return runSsh(
      [
        '-o',
        'BatchMode=no',
        '-o',
        `PreferredAuthentications=${method}`,
        '-o',
        'NumberOfPasswordPrompts=1',
        ...home.opensshArgs(),
        '-p',
        String(server.port),
        'tester@127.0.0.1',
        command,
      ],
      { env: { ...home.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' } },
    );
  }

  test('accepts OpenSSH ssh with a password, shows its banner and runs exec', async () => {
    const server = track(
      await startFakeServer({
        password: 'sesame',
        banner: 'Authorised use only\n',
        exec: (command) => (command === 'fail' ? { stderr: 'no\n', exitCode: 3 } : { stdout: `ran ${command}\n` }),
      }),
    );
    const askpass = askpassScript({ password: 'sesame' });
    const run = await sshWithAskpass(server, askpass, 'password', 'hello world');
    expect(run).toMatchObject({ code: 0, stdout: 'ran hello world\n' });
    expect(run.stderr).toContain('Authorised use only');
    expect(server.authAttempts('password')).toBe(1);
    expect(server.events).toContainEqual({ type: 'exec', command: 'hello world' });

    const failing = await sshWithAskpass(server, askpass, 'password', 'fail');
    expect(failing).toMatchObject({ code: 3, stderr: expect.stringContaining('no\n') });
  });

  test('rejects a wrong password and counts the attempt', async () => {
    const server = track(await startFakeServer({ password: 'sesame' }));
    const run = await sshWithAskpass(server, askpassScript({ password: 'wrong' }), 'password', 'true');
    expect(run.code).toBe(255);
    expect(server.authAttempts('password')).toBe(1);
    expect(server.events).toContainEqual(expect.objectContaining({ type: 'auth', method: 'password', isAccepted: false }));
  });

  test('asks keyboard-interactive prompts in rounds', async () => {
    const server = track(
      await startFakeServer({
        keyboardInteractive: [
          { prompts: [{ prompt: 'Password: ', echo: false, answer: 'sesame' }] },
          { prompts: [{ prompt: 'Verification code: ', echo: true, answer: '123456' }] },
        ],
      }),
    );
    const askpass = askpassScript({ 'Password:': 'sesame', 'Verification code:': '123456' });
    const run = await sshWithAskpass(server, askpass, 'keyboard-interactive', 'echo ok');
    expect(run).toMatchObject({ code: 0, stdout: 'echo ok\n' });
    expect(readFileSync(`${askpass}.prompts`, 'utf8')).toMatch(/Password: \n.*Verification code: \n/s);
    expect(server.events).toContainEqual(
      expect.objectContaining({
        type: 'auth',
        method: 'keyboard-interactive',
        isAccepted: true,
        answers: ['sesame', '123456'],
      }),
    );
  });

  test('accepts an authorized public key with ssh2 and reports exit signals', async () => {
    const keys = await getTestKeys();
    const server = track(await startFakeServer({ publicKeys: [keys.rsa.publicKey], exec: () => ({ exitSignal: 'KILL' }) }));
    const { client, outcome } = await connectWithSsh2({
      port: server.port,
      username: 'tester',
      privateKey: readFileSync(keys.rsa.path),
      hostVerifier: (key: Buffer) => key.equals(server.hostKey.blob),
    });
    track({ dispose: () => client.end() });
    expect(outcome).toBe('ready');
    const signal = await new Promise((resolve, reject) =>
      client.exec('anything', (error, channel) => {
        if (error) return reject(error);
        channel.on('exit', (_code: number | null, signalName?: string) => resolve(signalName));
        channel.resume();
      }),
    );
    expect(signal).toBe('SIGKILL');

    const wrongKey = readFileSync(keys.ed25519.path);
    const wrong = await connectWithSsh2({ port: server.port, username: 'tester', privateKey: wrongKey });
    expect(wrong.outcome).toBeInstanceOf(Error);
    wrong.client.end();
  });

  test('drop-after-auth closes the connection right after a successful login', async () => {
    const server = track(await startFakeServer({ password: 'sesame', afterAuth: 'drop' }));
    const { client, outcome } = await connectWithSsh2({ port: server.port, username: 'tester', password: 'sesame' });
    expect(outcome).toBe('ready');
    await untilClosed(client);
    expect(server.events.map((event) => event.type)).toContain('dropped');
  });

  test('stall-after-auth leaves the connection open but silent, so keepalives fail', async () => {
    const server = track(await startFakeServer({ password: 'sesame', afterAuth: 'stall' }));
    const { client, outcome } = await connectWithSsh2({
      port: server.port,
      username: 'tester',
      password: 'sesame',
      keepaliveInterval: 100,
      keepaliveCountMax: 2,
    });
    expect(outcome).toBe('ready');
    const error = await untilClosed(client);
    expect(error?.message).toMatch(/Keepalive timeout/);
  });

  test('dropConnections() cuts an open shell', async () => {
    const server = track(await startFakeServer({ password: 'sesame' }));
    const { client, outcome } = await connectWithSsh2({ port: server.port, username: 'tester', password: 'sesame' });
    expect(outcome).toBe('ready');
    const closed = untilClosed(client);
    const echoed = await new Promise<string>((resolve, reject) =>
      client.shell({ term: 'xterm-256color', cols: 100, rows: 30 }, (error, channel) => {
        if (error) return reject(error);
        channel.once('data', (data: Buffer) => resolve(data.toString()));
        channel.write('typed');
      }),
    );
    expect(echoed).toBe('typed');
    expect(server.events).toContainEqual({ type: 'pty', term: 'xterm-256color', cols: 100, rows: 30 });

    server.dropConnections();

    await closed;
  });
});

describe('raw servers', () => {
  async function attempt(server: RawServer, readyTimeout = 5_000): Promise<Error> {
    track(server);
    const { client, outcome } = await connectWithSsh2({ port: server.port, username: 'tester', readyTimeout });
    client.end();
    if (outcome === 'ready') throw new Error('a raw server let an SSH client log in');
    expect(server.connectionCount).toBe(1);
    return outcome;
  }

  test('silent: the client times out waiting for the banner', async () => {
    expect((await attempt(await startSilentServer(), 300)).message).toMatch(/Timed out while waiting for handshake/);
  });

  test('http: the client gets a 400 and a closed connection', async () => {
    const error = await attempt(await startHttpServer());
    expect(error.message).not.toMatch(/Timed out/);
  });

  test('garbage: the client fails to parse the banner', async () => {
    expect((await attempt(await startGarbageServer())).message).toMatch(/header|identification/i);
  });

  test('closing: the connection ends before any banner', async () => {
    const error = await attempt(await startClosingServer({ reset: true }));
    expect(error.message).not.toMatch(/Timed out/);
  });
});
