import { chmodSync, existsSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { runCli } from '../../helpers/cli';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, writeRandomFile } from './sftp-fixture';
import { describeTree } from './tree-compare';

let keys: TestKeys;
let env: SshEnv;
let bastion: SshdHandle;
let target: SshdHandle;
let dir: TempDir;

/** The target is reachable only through the bastion, as in the README's example. */
beforeAll(async () => {
  keys = await getTestKeys();
  const authorizedKeys = [keys.ed25519.publicKey];
  target = await startSshd({ authorizedKeys });
  bastion = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
  env = makeSshEnv();
  env.addKnownHosts([...bastion.knownHostsLines(), ...target.knownHostsLines()]);
  env.writeConfig(`Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`);
  dir = makeTempDir('cp-cli');
}, 60_000);
afterAll(async () => {
  await Promise.all([bastion, target].map((s) => s?.dispose()));
  env?.dispose();
  dir?.dispose();
});

const base = () => ['-i', keys.ed25519.path, '-P', String(target.port)];
const viaBastion = () => ['-J', `root@127.0.0.1:${bastion.port}`, ...base()];
const remote = (path: string) => `root@127.0.0.1:${path}`;

describe('jumpgate cp', () => {
  it('uploads through a jump host and downloads back, identical, quietly without a terminal', async () => {
    const source = join(dir.path, 'payload.bin');
    const digest = writeRandomFile(source, 3 * 1024 * 1024 + 17);
    mkdirSync(join(dir.path, 'up'));
    const up = await runCli(['cp', ...viaBastion(), source, remote(join(dir.path, 'up'))], { env: env.env });
    expect(up).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await sha256File(join(dir.path, 'up', 'payload.bin'))).toBe(digest);
    const down = await runCli(['cp', ...viaBastion(), remote(join(dir.path, 'up', 'payload.bin')), join(dir.path, 'down.bin')], { env: env.env });
    expect(down.status).toBe(0);
    expect(await sha256File(join(dir.path, 'down.bin'))).toBe(digest);
  });

  it('copies a tree with -rp between two remote paths', async () => {
    const tree = join(dir.path, 'tree');
    mkdirSync(join(tree, 'empty dir'), { recursive: true });
    mkdirSync(join(tree, 'sous-répertoire'));
    writeFileSync(join(tree, 'sous-répertoire', 'fichier é.txt'), 'bonjour');
    chmodSync(join(tree, 'sous-répertoire', 'fichier é.txt'), 0o640);
    const result = await runCli(['cp', '-rp', ...base(), remote(tree), remote(join(dir.path, 'tree-copy'))], { env: env.env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(describeTree(join(dir.path, 'tree-copy'), { withMeta: true })).toEqual(describeTree(tree, { withMeta: true }));
  });

  it('copies from one server to another, each named by its ~/.ssh/config alias', async () => {
    env.writeConfig(
      `Host from-bastion\n  HostName 127.0.0.1\n  Port ${bastion.port}\n  User root\n` +
        `Host to-target\n  HostName 127.0.0.1\n  Port ${target.port}\n  User root\n` +
        `Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`,
    );
    try {
      const source = join(dir.path, 'between.bin');
      const digest = writeRandomFile(source, 1024 * 1024);
      const result = await runCli(['cp', '-v', '-i', keys.ed25519.path, `from-bastion:${source}`, `to-target:${join(dir.path, 'between-copy.bin')}`], {
        env: env.env,
      });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`root@127.0.0.1:${bastion.port}: ready`);
      expect(result.stderr).toContain(`root@127.0.0.1:${target.port}: ready`);
      expect(await sha256File(join(dir.path, 'between-copy.bin'))).toBe(digest);
    } finally {
      env.writeConfig(`Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`);
    }
  });

  it('splits a large file over two worker connections with --connections=2', async () => {
    const source = join(dir.path, 'wide.bin');
    const digest = writeRandomFile(source, 64 * 1024 * 1024);
    const result = await runCli(['cp', '-v', '--verify=size', '--connections=2', ...base(), source, remote(join(dir.path, 'wide-copy.bin'))], {
      env: env.env,
      timeoutMs: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`debug1: 2 transfer workers connected to root@127.0.0.1:${target.port}`);
    expect(await sha256File(join(dir.path, 'wide-copy.bin'))).toBe(digest);
  });

  it('continues from a partial file with --resume', async () => {
    const source = join(dir.path, 'resumable.bin');
    const digest = writeRandomFile(source, 40 * 1024 * 1024);
    const into = join(dir.path, 'resume-into');
    mkdirSync(into);
    // What an interrupted run leaves: the first 30 MiB under the temporary name.
    writeFileSync(join(into, '.resumable.bin.jgpart'), readFileSync(source).subarray(0, 30 * 1024 * 1024));
    const result = await runCli(['cp', '-v', '--resume', ...base(), source, remote(into)], { env: env.env });
    expect(result.status).toBe(0);
    const kept = Number(/\((\d+) of them kept/.exec(result.stderr)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(await sha256File(join(into, 'resumable.bin'))).toBe(digest);
    expect(existsSync(join(into, '.resumable.bin.jgpart'))).toBe(false);
  });

  it("skips a server's link that points outside the copy with a notice, and recreates it with --unsafe-links", async () => {
    const served = join(dir.path, 'served-links');
    mkdirSync(served);
    writeFileSync(join(served, 'x'), 'x');
    symlinkSync('/etc/passwd', join(served, 'outside'));
    symlinkSync('x', join(served, 'inside'));
    const safe = join(dir.path, 'links-safe');
    const result = await runCli(['cp', '-r', ...base(), remote(served), safe], { env: env.env });
    expect(result.stderr).toBe(
      `jumpgate: skipped the link ${join(served, 'outside')} -> /etc/passwd: it points outside the copy (--unsafe-links copies it as it is).\n`,
    );
    expect(result.status).toBe(0);
    expect(readlinkSync(join(safe, 'inside'))).toBe('x');
    expect(existsSync(join(safe, 'outside'))).toBe(false);
    const unsafe = join(dir.path, 'links-unsafe');
    expect(await runCli(['cp', '-r', '--unsafe-links', ...base(), remote(served), unsafe], { env: env.env })).toMatchObject({ status: 0, stderr: '' });
    expect(readlinkSync(join(unsafe, 'outside'))).toBe('/etc/passwd');
  });

  it('reports a missing file with its path and code, exits 1 and leaves nothing behind', async () => {
    const into = join(dir.path, 'nothing-here');
    mkdirSync(into);
    const missing = join(dir.path, 'does not exist.txt');
    const result = await runCli(['cp', ...base(), remote(missing), into], { env: env.env });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `jumpgate: root@127.0.0.1:${target.port}: Could not stat ${missing} on root@127.0.0.1:${target.port}: no such file or directory. Check the path. (SFTP_NO_SUCH_FILE)\n`,
    );
    expect(statSync(into).isDirectory()).toBe(true);
  });
});

describe('jumpgate sftp', () => {
  it('makes, lists, renames, changes the mode of and removes remote paths', async () => {
    const root = join(dir.path, 'ops');
    const cli = (...args: string[]) => runCli(['sftp', ...args], { env: env.env });
    expect((await cli('mkdir', '-p', ...base(), remote(join(root, 'a/b')))).status).toBe(0);
    writeFileSync(join(root, 'a/file.txt'), 'hello');
    expect((await cli('mv', ...base(), remote(join(root, 'a/file.txt')), join(root, 'a/renamed.txt'))).status).toBe(0);
    expect((await cli('chmod', '600', ...base(), remote(join(root, 'a/renamed.txt')))).status).toBe(0);
    const long = await cli('ls', '-l', ...base(), remote(join(root, 'a')));
    expect(long.status).toBe(0);
    expect(long.stdout).toMatch(/^drwx\S+ root\s+root\s+\d+ \S+ \S+ b\n-rw------- root\s+root\s+5 \S+ \S+ renamed\.txt\n$/);
    const refused = await cli('rm', ...base(), remote(root));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('(SFTP_IS_A_DIRECTORY)');
    const removed = await cli('rm', '-r', ...base(), remote(root));
    expect(removed.status).toBe(0);
    expect(removed.stderr).toContain('removing 1 file(s) and 3 director(ies)');
    expect(existsSync(root)).toBe(false);
  });
});
