import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { CLI, runCli } from '../../helpers/cli';
import { makeNullDevice } from '../../helpers/null-device';
import { pollUntil } from '../../helpers/poll-until';

let keys: TestKeys;
let env: SshEnv;
let bastion: SshdHandle;
let inner: SshdHandle;
let target: SshdHandle;

beforeAll(async () => {
  keys = await getTestKeys();
  const authorizedKeys = [keys.ed25519.publicKey];
  target = await startSshd({ authorizedKeys });
  inner = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
  bastion = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${inner.port}`] });
  env = makeSshEnv();
  env.addKnownHosts([...bastion.knownHostsLines(), ...inner.knownHostsLines(), ...target.knownHostsLines()]);
  env.writeConfig(`Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`);
}, 60_000);
afterAll(async () => {
  await Promise.all([bastion, inner, target].map((s) => s?.dispose()));
  env?.dispose();
});

const base = () => ['-i', keys.ed25519.path, '-p', String(target.port)];

describe('jumpgate ssh with a command', () => {
  it('keeps stdout and stderr apart and passes the exit status through', async () => {
    const result = await runCli(['ssh', ...base(), 'root@127.0.0.1', 'echo out; echo err >&2; exit 7'], { env: env.env });
    expect(result).toEqual({ status: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('sends stdin to the remote command', async () => {
    const result = await runCli(['ssh', ...base(), 'root@127.0.0.1', 'wc', '-c'], { env: env.env, input: 'twelve bytes' });
    expect(result.stdout.trim()).toBe('12');
    expect(result.status).toBe(0);
  });

  it('reports a remote signal and exits 255, as ssh does', async () => {
    const result = await runCli(['ssh', ...base(), 'root@127.0.0.1', 'kill -9 $$'], { env: env.env });
    expect(result.status).toBe(255);
    expect(result.stderr).toContain('signal KILL');
  });

  it('goes through a -J chain; -i applies to every hop', async () => {
    const jumps = `root@127.0.0.1:${bastion.port},root@127.0.0.1:${inner.port}`;
    const result = await runCli(['ssh', '-v', '-J', jumps, ...base(), 'root@127.0.0.1', 'echo "$SSH_CONNECTION"'], { env: env.env });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(` ${target.port}\\n$`));
    for (const server of [bastion, inner, target]) expect(result.stderr).toContain(`root@127.0.0.1:${server.port}: ready`);
  });

  it('follows ProxyJump and HostName from ~/.ssh/config', async () => {
    const local = makeSshEnv();
    try {
      local.addKnownHosts([...bastion.knownHostsLines(), ...inner.knownHostsLines(), ...target.knownHostsLines()]);
      local.writeConfig(
        [
          'Host bastion',
          `  HostName 127.0.0.1`,
          `  Port ${bastion.port}`,
          'Host inner',
          `  HostName 127.0.0.1`,
          `  Port ${inner.port}`,
          '  ProxyJump bastion',
          'Host app',
          `  HostName 127.0.0.1`,
          `  Port ${target.port}`,
          '  ProxyJump inner',
          'Host *',
          '  User root',
          `  IdentityFile ${keys.ed25519.path}`,
          '  StrictHostKeyChecking yes',
          '',
        ].join('\n'),
      );
      const result = await runCli(['ssh', 'app', 'echo via-config'], { env: local.env });
      expect(result).toMatchObject({ status: 0, stdout: 'via-config\n' });
    } finally {
      local.dispose();
    }
  });

  it('prints errors as "jumpgate: <hop>: <sentence> (<CODE>)" and exits 255', async () => {
    const stranger = makeSshEnv();
    try {
      const result = await runCli(['ssh', '-o', 'StrictHostKeyChecking=yes', ...base(), 'root@127.0.0.1', 'true'], { env: stranger.env });
      expect(result.status).toBe(255);
      expect(result.stderr).toMatch(new RegExp(`^jumpgate: root@127\\.0\\.0\\.1:${target.port}: .+ \\(HOST_KEY_UNKNOWN\\)\\n$`));
      expect(result.stderr).not.toMatch(/\s+at /);
    } finally {
      stranger.dispose();
    }
  });

  it('asks about an unknown host key through SSH_ASKPASS and saves it on "yes"', async () => {
    const stranger = makeSshEnv();
    try {
      const askpass = join(stranger.home, 'askpass.sh');
      const log = join(stranger.home, 'asked.txt');
      writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n---\\n' "$1" >> ${log}\necho yes\n`);
      chmodSync(askpass, 0o755);
      const askEnv = { ...stranger.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' };
      const result = await runCli(
        ['ssh', '-o', 'StrictHostKeyChecking=ask', '-o', 'HostKeyAlgorithms=ssh-ed25519', ...base(), 'root@127.0.0.1', 'echo saved'],
        { env: askEnv },
      );
      expect(result).toMatchObject({ status: 0, stdout: 'saved\n' });
      const question = readFileSync(log, 'utf8');
      expect(question).toContain(`The authenticity of host '[127.0.0.1]:${target.port}' can't be established.`);
      const fingerprints = target.hostKeys.map((k) => k.fingerprint);
      expect(fingerprints.some((f) => question.includes(f))).toBe(true);
      // Debian's /etc/ssh/ssh_config sets HashKnownHosts yes, which Jumpgate honours as ssh does.
      const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${target.port}`, '-f', stranger.knownHostsPath], { encoding: 'utf8' });
      expect(found).toContain('ssh-ed25519');
    } finally {
      stranger.dispose();
    }
  });

  it('-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no connects, and /dev/null stays a device', async (context) => {
    const stranger = makeSshEnv();
    try {
      // As root, a private copy of /dev/null: a regression must not replace the machine's own.
      const isRoot = process.getuid?.() === 0;
      const nullDevice = isRoot ? makeNullDevice(stranger.home) : '/dev/null';
      if (nullDevice === undefined) return context.skip('root here cannot make a device (no mknod in this container)');
      const args = ['ssh', '-o', `UserKnownHostsFile=${nullDevice}`, '-o', 'StrictHostKeyChecking=no', ...base(), 'root@127.0.0.1', 'echo in'];
      for (let run = 1; run <= 2; run++) {
        const result = await runCli(args, { env: stranger.env });
        expect(result).toMatchObject({ status: 0, stdout: 'in\n' });
        expect(lstatSync(nullDevice).isCharacterDevice()).toBe(true);
        expect(result.stderr).toContain(`for this connection only: ${nullDevice} is not a regular file`);
      }
      expect(readdirSync(dirname(nullDevice)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      stranger.dispose();
    }
  });

  it('uses the default identity ~/.ssh/id_ed25519 when no -i is given', async () => {
    const local = makeSshEnv();
    try {
      local.addKnownHosts(target.knownHostsLines());
      copyFileSync(keys.ed25519.path, join(local.sshDir, 'id_ed25519'));
      chmodSync(join(local.sshDir, 'id_ed25519'), 0o600);
      const result = await runCli(['ssh', '-p', String(target.port), 'root@127.0.0.1', 'echo default-key'], { env: local.env });
      expect(result).toMatchObject({ status: 0, stdout: 'default-key\n' });
    } finally {
      local.dispose();
    }
  });

  it('-N holds the connection without a command until interrupted, then exits 0', async () => {
    const child = spawn(process.execPath, [CLI, 'ssh', '-N', '-v', ...base(), 'root@127.0.0.1'], { env: env.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await pollUntil(() => stderr.includes('holding the connection open'), { message: 'the -N connection to be held' });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('jumpgate version', () => {
  it('names the data directory (JUMPGATE_HOME) and says truthfully whether native crypto loaded', async () => {
    const result = await runCli(['version'], { env: { ...env.env, JUMPGATE_HOME: '/srv/jumpgate-test' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('data directory: /srv/jumpgate-test');
    const hasBinding = existsSync('node_modules/ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
    expect(result.stdout).toContain(`ssh2 native crypto: ${hasBinding ? 'loaded' : 'NOT loaded'}`);
  });
});
