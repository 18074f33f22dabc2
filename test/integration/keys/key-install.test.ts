import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SshdHandle } from '../../fixtures/sshd';
import { runCli } from '../../helpers/cli';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';

let stand: CoreStand;
let sshd: SshdHandle;

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
  ({ sshd } = stand);
  // Besides the harness's own file (the test key the app signs in with), sshd takes what was installed in the session's ~/.ssh.
  await sshd.restart({ extraConfig: [`AuthorizedKeysFile ${join(sshd.dir, 'authorized_keys')} ${remoteSshDir()}/authorized_keys`] });
  // The bastion is this same sshd under the name localhost, so the chain has two hops.
  stand.env.addKnownHosts(sshd.knownHostsLines().map((line) => line.replace('127.0.0.1', 'localhost')));
}, 60_000);
afterAll(() => stand?.dispose());
beforeEach(() => rmSync(remoteSshDir(), { recursive: true, force: true }));

/** The ~/.ssh of a session on the host (the harness gives sessions a HOME of their own). */
function remoteSshDir(): string {
  return join(sshd.dir, 'home', '.ssh');
}
const remoteAuthorizedKeys = () => readFileSync(join(remoteSshDir(), 'authorized_keys'), 'utf8');

async function value<T>(method: string, input: unknown): Promise<T> {
  const result = await stand.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** OpenSSH's ssh with this key alone (no agent, no other identity): exit status and output. */
function opensshWith(keyPath: string): { status: number | null; stdout: string } {
  const result = spawnSync(
    'ssh',
    ['-o', 'BatchMode=yes', '-i', keyPath, ...stand.env.opensshArgs(), '-p', String(sshd.port), 'root@127.0.0.1', 'echo signed-in'],
    { encoding: 'utf8', env: stand.env.env },
  );
  return { status: result.status, stdout: result.stdout };
}

async function saveHostBehindBastion(): Promise<string> {
  const bastion = await value<{ id: string }>('profiles.save', { name: 'Bastion', destination: 'localhost', port: sshd.port, user: 'root' });
  const host = await value<{ id: string }>('profiles.save', {
    name: 'Box',
    destination: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    jump: [{ profileId: bastion.id }],
  });
  return host.id;
}

describe('keys.install', () => {
  it('adds a generated key through the jump chain once (0700, 0600), and OpenSSH then signs in with it', async () => {
    const profileId = await saveHostBehindBastion();
    const key = await value<{ name: string; publicKey: string }>('keys.generate', { name: 'id_app', comment: 'me@laptop' });
    expect(opensshWith(join(stand.env.sshDir, 'id_app')).status).not.toBe(0);

    expect(await value('keys.install', { name: 'id_app', profileId })).toEqual({ outcome: 'added', host: 'Box' });
    expect(await value('keys.install', { name: 'id_app', profileId })).toEqual({ outcome: 'present', host: 'Box' });
    expect(remoteAuthorizedKeys()).toBe(`${key.publicKey}\n`);
    expect(statSync(remoteSshDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(remoteSshDir(), 'authorized_keys')).mode & 0o777).toBe(0o600);
    expect(opensshWith(join(stand.env.sshDir, 'id_app'))).toEqual({ status: 0, stdout: 'signed-in\n' });
  });

  it('lists the saved hosts that use a key', async () => {
    await value('keys.generate', { name: 'id_used', kind: 'ecdsa', bits: 384 });
    const host = await value<{ id: string }>('profiles.save', { name: 'Uses it', destination: 'example.com', identityFiles: ['~/.ssh/id_used'] });
    const listed = (await value<{ keys: { name: string; usedBy: unknown[]; bits: number }[] }>('keys.list', {})).keys.find((key) => key.name === 'id_used');
    expect(listed).toMatchObject({ bits: 384, usedBy: [{ id: host.id, name: 'Uses it' }] });
  });

  it('says what the host could not do: KEY_INSTALL_FAILED when ~/.ssh there is a file', async () => {
    const profileId = await saveHostBehindBastion();
    await value('keys.generate', { name: 'id_blocked' });
    writeFileSync(remoteSshDir(), 'not a folder');
    const result = await stand.call('keys.install', { name: 'id_blocked', profileId });
    expect(result).toMatchObject({ ok: false, error: { code: 'KEY_INSTALL_FAILED' } });
    expect(readFileSync(remoteSshDir(), 'utf8')).toBe('not a folder');
  });
});

describe('jumpgate copy-id', () => {
  const route = () => ['-J', `root@localhost:${sshd.port}`, '-p', String(sshd.port), 'root@127.0.0.1'];

  it('installs the key through a jump host once, however often it runs, and ssh -i signs in', async () => {
    const key = await value<{ publicKey: string }>('keys.generate', { name: 'id_cli', kind: 'rsa' });
    const first = await runCli(['copy-id', '-i', '~/.ssh/id_cli.pub', ...route()], { env: stand.env.env, timeoutMs: 30_000 });
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ status: 0, stdout: `1 key added to root@127.0.0.1:${sshd.port} (${join(stand.env.sshDir, 'id_cli.pub')}).\n` });
    const second = await runCli(['copy-id', '-i', join(stand.env.sshDir, 'id_cli'), ...route()], { env: stand.env.env });
    expect(second).toMatchObject({ status: 0, stdout: expect.stringContaining('is already installed') });
    expect(remoteAuthorizedKeys()).toBe(`${key.publicKey}\n`);
    expect(statSync(remoteSshDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(remoteSshDir(), 'authorized_keys')).mode & 0o777).toBe(0o600);
    expect(opensshWith(join(stand.env.sshDir, 'id_cli')).status).toBe(0);
  });

  it('picks the newest ~/.ssh/id*.pub by default; -n changes nothing', async () => {
    await value('keys.generate', { name: 'id_older' });
    const newest = await value<{ publicKey: string }>('keys.generate', { name: 'id_newest' });
    utimesSync(join(stand.env.sshDir, 'id_older.pub'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    const dry = await runCli(['copy-id', '-n', ...route()], { env: stand.env.env });
    expect(dry).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(`1 key would be added to root@127.0.0.1:${sshd.port} (${join(stand.env.sshDir, 'id_newest.pub')})`),
    });
    expect(() => statSync(remoteSshDir())).toThrow();
    expect((await runCli(['copy-id', ...route()], { env: stand.env.env })).status).toBe(0);
    expect(remoteAuthorizedKeys()).toBe(`${newest.publicKey}\n`);
  });

  it('refuses a public key whose private key is missing, unless -f', async () => {
    writeFileSync(join(stand.env.sshDir, 'orphan.pub'), readFileSync(join(stand.env.sshDir, 'id_cli.pub')));
    const refused = await runCli(['copy-id', '-i', '~/.ssh/orphan.pub', ...route()], { env: stand.env.env });
    expect(refused.status).toBe(255);
    expect(refused.stderr).toMatch(/orphan, the private key of .*orphan\.pub, is missing.*\(KEY_UNREADABLE\)/);
    const forced = await runCli(['copy-id', '-f', '-i', '~/.ssh/orphan.pub', ...route()], { env: stand.env.env });
    expect(forced.status).toBe(0);
  });
});
