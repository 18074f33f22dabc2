import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '../../../shared/model/profile';
import { ProfileStore } from '../../../main/storage/profile-store';
import { confBackend } from '../../../main/storage/store-backend';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { runCli } from '../../helpers/cli';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

let keys: TestKeys;
let env: SshEnv;
let bastion: SshdHandle;
let target: SshdHandle;
let home: TempDir;
let cliEnv: NodeJS.ProcessEnv;
let bastionHost: ConnectionProfile;
let appHost: ConnectionProfile;

/** The target takes no forwarding and the bastion opens channels only to it. */
beforeAll(async () => {
  keys = await getTestKeys();
  const authorizedKeys = [keys.ed25519.publicKey];
  target = await startSshd({ authorizedKeys, extraConfig: ['AllowTcpForwarding no'] });
  bastion = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
  env = makeSshEnv();
  env.addKnownHosts([...bastion.knownHostsLines(), ...target.knownHostsLines()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([bastion, target].map((server) => server?.dispose()));
  home?.dispose();
  env?.dispose();
});

/** A fresh data directory with a bastion and an app host saved as the app saves them: the app jumps through the bastion by reference. */
beforeEach(() => {
  home?.dispose();
  home = makeTempDir('jumpgate-home');
  cliEnv = { ...env.env, JUMPGATE_HOME: home.path };
  env.writeConfig('Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n');
  const store = new ProfileStore(confBackend(), home.path);
  const saved = { identityFiles: [keys.ed25519.path], user: 'root', destination: '127.0.0.1' };
  bastionHost = store.save({ ...saved, name: 'bastion', port: bastion.port, group: 'infra', tags: ['prod', 'edge'] });
  appHost = store.save({ ...saved, name: 'app', port: target.port, jump: [{ profileId: bastionHost.id }], tags: ['prod'] });
});

const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...cliEnv, ...extra } });

interface ListedHost {
  id: string;
  name: string;
  address: string;
  group: string | null;
  tags: string[];
  jump: ({ id: string; name: string | null } | { address: string })[];
  lastUsedAt: string | null;
}
async function listed(): Promise<ListedHost[]> {
  const result = await run(['hosts', 'list', '--json']);
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { hosts: ListedHost[] }).hosts;
}

describe('jumpgate hosts list', () => {
  it('shows the saved hosts as a table that fits 80 columns, and as JSON for scripts', async () => {
    const table = await run(['hosts', 'list'], { COLUMNS: '80' });
    expect(table.status, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ADDRESS\s+GROUP\s+TAGS\s+VIA\s+LAST USED$/);
    expect(lines[1]).toMatch(new RegExp(`^app\\s+root@127\\.0\\.0\\.1:${target.port}\\s+prod\\s+bastion\\s+never$`));
    expect(lines[2]).toMatch(new RegExp(`^bastion\\s+root@127\\.0\\.0\\.1:${bastion.port}\\s+infra\\s+prod,edge\\s+never$`));
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);

    const hosts = await listed();
    expect(hosts.map((host) => host.name)).toEqual(['app', 'bastion']);
    expect(hosts[0]).toEqual({
      id: appHost.id,
      name: 'app',
      address: `root@127.0.0.1:${target.port}`,
      destination: '127.0.0.1',
      user: 'root',
      port: target.port,
      group: null,
      tags: ['prod'],
      jump: [{ id: bastionHost.id, name: 'bastion' }],
      lastUsedAt: null,
      source: null,
    });
  });

  it('with --ssh-config adds the config entries in a section of their own, marking one a saved host shadows', async () => {
    env.writeConfig(`Host app\n  HostName 10.9.9.9\nHost db\n  HostName 10.0.0.7\n  User pg\n  ProxyJump app\nHost *\n  GlobalKnownHostsFile /dev/null\n`);
    const table = await run(['hosts', 'list', '--ssh-config']);
    expect(table.status, table.stderr).toBe(0);
    const [saved, config] = table.stdout.split(/\nFrom ~\/\.ssh\/config[^\n]*\n/);
    expect(saved).toContain('bastion');
    expect(config).toMatch(/^app \*\s+10\.9\.9\.9\s*$/m);
    expect(config).toMatch(/^db\s+pg@10\.0\.0\.7\s+app$/m);
    expect(config).toContain('* a saved host has this name');
    const json = JSON.parse((await run(['hosts', 'list', '--json', '--ssh-config'])).stdout) as { configHosts: unknown[] };
    expect(json.configHosts).toEqual([
      { alias: 'app', address: '10.9.9.9', jump: [], isShadowed: true },
      { alias: 'db', address: 'pg@10.0.0.7', jump: ['app'], isShadowed: false },
    ]);
  });
});

describe('saved hosts as destinations', () => {
  it('jumpgate ssh NAME connects as the saved host, through its saved bastion, and marks it used', async () => {
    const result = await run(['ssh', '-v', 'app', 'echo connected']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('connected\n');
    expect(result.stderr).toContain(`saved host app, route: root@127.0.0.1:${bastion.port} -> root@127.0.0.1:${target.port}`);
    expect(result.stderr).toContain(`root@127.0.0.1:${bastion.port}: ready`);
    const app = (await listed()).find((host) => host.name === 'app')!;
    expect(Date.parse(app.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('copy-id takes a saved host by name and reaches it through its saved bastion (-n: nothing changed)', async () => {
    const result = await run(['copy-id', '-n', '-i', `${keys.ed25519.path}.pub`, 'app']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The host the key went to is the saved app host behind the bastion, not a DNS name "app".
    expect(result.stdout).toContain(`root@127.0.0.1:${target.port}`);
  });

  it('comes before a ~/.ssh/config alias of the same name; flags given on the command line win over its settings', async () => {
    env.writeConfig('Host app\n  HostName 10.9.9.9\nHost *\n  GlobalKnownHostsFile /dev/null\n');
    expect((await run(['ssh', 'app', 'true'])).status).toBe(0);
    // -p replaces the saved port (the bastion may open a channel only to the saved one).
    const moved = await run(['ssh', '-p', '1', 'app', 'true']);
    expect(moved.status).toBe(255);
    expect(moved.stderr).toMatch(/127\.0\.0\.1:1\b.*\(JUMP_CHANNEL_FAILED\)/);
    // -J none drops the saved route: the target then is reached directly.
    const direct = await run(['ssh', '-v', '-J', 'none', 'app', 'true']);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stderr).toContain(`route: root@127.0.0.1:${target.port}\n`);
  });

  it('takes a saved host by name in -J, with its own user and key', async () => {
    const result = await run(['ssh', '-v', '-J', 'bastion', '-i', keys.ed25519.path, '-p', String(target.port), 'root@127.0.0.1', 'echo via']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('via\n');
    expect(result.stderr).toContain(`route: root@127.0.0.1:${bastion.port} -> root@127.0.0.1:${target.port}`);
    const refused = await run(['ssh', '-J', 'ops@bastion', '127.0.0.1', 'true']);
    expect(refused.status).toBe(255);
    expect(refused.stderr).toContain('(INVALID_ARGUMENT)');
  });

  it('jumpgate cp NAME:/path copies from the saved host, and sftp ls lists it', async () => {
    const file = join(home.path, 'remote.txt');
    writeFileSync(file, 'from the saved host\n');
    const local = join(home.path, 'local.txt');
    const copied = await run(['cp', '-q', `app:${file}`, local]);
    expect(copied.status, copied.stderr).toBe(0);
    expect(readFileSync(local, 'utf8')).toBe('from the saved host\n');
    const ls = await run(['sftp', 'ls', `app:${home.path}`]);
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout.split('\n')).toContain('remote.txt');
  });

  it('a name that is no saved host and no host at all is a coded error', async () => {
    const result = await run(['ssh', 'no-such-host.invalid', 'true']);
    expect(result.status).toBe(255);
    expect(result.stderr).toMatch(/no-such-host\.invalid.*\(DNS_FAILED\)\n$/);
    const exported = await run(['hosts', 'export', 'no-such-host']);
    expect(exported.status).toBe(255);
    expect(exported.stderr).toContain('No saved host is called "no-such-host". See the saved hosts with: jumpgate hosts list. (PROFILE_NOT_FOUND)');
  });

  it('jumpgate tunnel add keeps a saved host as a reference, and refuses flags that would copy its settings', async () => {
    const added = await run(['tunnel', 'add', 'web', '-L', '0:127.0.0.1:80', 'app']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('Saved tunnel web: the saved host app,');
    const shown = JSON.parse((await run(['tunnel', 'show', 'web', '--json'])).stdout) as { profile: { connection: unknown } };
    expect(shown.profile.connection).toEqual({ profileId: appHost.id });
    const refused = await run(['tunnel', 'add', 'web2', '-p', '2222', '-L', '0:127.0.0.1:80', 'app']);
    expect(refused.status).toBe(255);
    expect(refused.stderr).toContain('is the saved host app');
    const viaSaved = await run(['tunnel', 'add', 'web3', '-J', 'bastion', '-L', '0:127.0.0.1:80', 'root@127.0.0.1']);
    expect(viaSaved.status, viaSaved.stderr).toBe(0);
    expect(viaSaved.stdout).toContain('root@127.0.0.1 via bastion');
  });
});

describe('jumpgate hosts export', () => {
  it('prints a Host block that connects on its own: jumpgate ssh -F that-file ALIAS', async () => {
    const exported = await run(['hosts', 'export', 'app']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(
      [
        'Host app',
        '    HostName 127.0.0.1',
        '    User root',
        `    Port ${target.port}`,
        `    IdentityFile ${keys.ed25519.path}`,
        `    ProxyJump root@127.0.0.1:${bastion.port}`,
        '',
      ].join('\n'),
    );
    // Where no host is saved, the block alone (and a key for the jump host, as a user's config has) reaches the target through the bastion.
    const file = join(env.home, 'exported.conf');
    writeFileSync(file, `${exported.stdout}Host *\n  IdentityFile ${keys.ed25519.path}\n  GlobalKnownHostsFile /dev/null\n`, { mode: 0o600 });
    const elsewhere = makeTempDir('jumpgate-home-empty');
    try {
      const result = await run(['ssh', '-v', '-F', file, 'app', 'echo round trip'], { JUMPGATE_HOME: elsewhere.path });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toBe('round trip\n');
      expect(result.stderr).toContain(`route: root@127.0.0.1:${bastion.port} -> root@127.0.0.1:${target.port}`);
    } finally {
      elsewhere.dispose();
    }
  });
});

describe('jumpgate hosts import', () => {
  it('imports ~/.ssh/config with ProxyJump after a dry run, connects by the new name, and updates instead of duplicating', async () => {
    env.writeConfig(
      [
        'Host jumpbox',
        '  HostName 127.0.0.1',
        `  Port ${bastion.port}`,
        'Host web',
        '  HostName 127.0.0.1',
        `  Port ${target.port}`,
        '  ProxyJump jumpbox',
        'Host *',
        '  User root',
        `  IdentityFile ${keys.ed25519.path}`,
        '  GlobalKnownHostsFile /dev/null',
        '',
      ].join('\n'),
    );
    const dry = await run(['hosts', 'import', '--ssh-config', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}create\s+jumpbox\s+root@127\.0\.0\.1:\d+$/m);
    expect(dry.stdout).toMatch(new RegExp(`^  create\\s+web\\s+root@127\\.0\\.0\\.1:${target.port} via jumpbox$`, 'm'));
    expect(dry.stdout).toContain('Nothing was saved');
    expect((await listed()).map((host) => host.name)).toEqual(['app', 'bastion']);

    const done = await run(['hosts', 'import', '--ssh-config', 'web']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('Saved hosts: 2 new, 0 updated, 0 unchanged, 0 skipped.');
    expect((await listed()).map((host) => host.name)).toEqual(['app', 'bastion', 'jumpbox', 'web']);

    // The saved hosts stand on their own: without the config, `web` still goes through jumpbox.
    env.writeConfig('Host *\n  GlobalKnownHostsFile /dev/null\n');
    const connected = await run(['ssh', '-v', 'web', 'echo imported']);
    expect(connected.status, connected.stderr).toBe(0);
    expect(connected.stdout).toBe('imported\n');
    expect(connected.stderr).toContain(`root@127.0.0.1:${bastion.port}: ready`);
  });

  it('imports a PuTTY registry export (UTF-16, as reg export writes it), lists it, and a second import changes nothing', async () => {
    const reg = join(home.path, 'sessions.reg');
    const text = readFileSync('test/fixtures/import/putty-sessions.reg', 'utf8');
    writeFileSync(reg, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const first = await run(['hosts', 'import', reg]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('(PuTTY sessions)');
    expect(first.stdout).toMatch(/^ {2}create\s+Web server \(prod\)\s+deploy@web1\.example\.net:2326 via /m);
    expect(first.stdout).toMatch(/^ {2}skip\s+Router\s+it is a telnet session/m);
    const names = (await listed()).map((host) => host.name);
    expect(names).toEqual(expect.arrayContaining(['Web server (prod)', 'db']));

    const again = await run(['hosts', 'import', reg]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Saved hosts: 0 new, 0 updated, 3 unchanged/);
    expect((await listed()).map((host) => host.name)).toEqual(names);
  });

  it('never imports a password, and says how to keep it; a file of no known kind asks for --from', async () => {
    const result = await run(['hosts', 'import', 'test/fixtures/import/tabby-config.yaml', 'Metrics']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('(password not imported)');
    expect(result.stdout).toContain('the command line does not import passwords');
    expect((await listed()).map((host) => host.name)).toEqual(['app', 'bastion', 'Bastion', 'Metrics']);
    expect(readFileSync(join(home.path, 'profiles.json'), 'utf8')).not.toMatch(/password/i);

    const unknown = join(home.path, 'notes.txt');
    writeFileSync(unknown, 'just some notes\n');
    const refused = await run(['hosts', 'import', unknown]);
    expect(refused.status).toBe(255);
    expect(refused.stderr).toMatch(/say which with --from\. \(INVALID_ARGUMENT\)/);
    const missing = await run(['hosts', 'import', 'test/fixtures/import/tabby-config.yaml', 'Nobody']);
    expect(missing.stderr).toContain('"Nobody" is not an entry of');
  });
});
