import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolveOptions } from '../../../../../main/ssh/config/ssh-config';
import { type FakeHome, makeFakeHome, rejection, route } from './ssh-config-home';

let fake: FakeHome;
beforeEach(() => {
  fake = makeFakeHome();
});
afterEach(() => fake.dispose());

const config = (text: string) => fake.write('.ssh/config', text);

describe('resolveHops: one host', () => {
  it('fills in OpenSSH-like defaults when nothing is configured', async () => {
    const [hop, ...rest] = await fake.resolve({ destination: 'server.example' });
    expect(rest).toEqual([]);
    const ssh = path.join(fake.home, '.ssh');
    expect(hop).toMatchObject({
      alias: 'server.example',
      host: 'server.example',
      port: 22,
      user: 'tester',
      identityFiles: [path.join(ssh, 'id_ed25519'), path.join(ssh, 'id_ecdsa'), path.join(ssh, 'id_rsa')],
      identitiesOnly: false,
      agentSocket: '/run/agent.sock',
      preferredAuthentications: ['publickey', 'keyboard-interactive', 'password'],
      passwordPrompts: 3,
      strictHostKeyChecking: 'ask',
      userKnownHostsFiles: [path.join(ssh, 'known_hosts'), path.join(ssh, 'known_hosts2')],
      globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      hashKnownHosts: false,
      forwardAgent: false,
      serverAliveInterval: 0,
      serverAliveCountMax: 3,
      tcpKeepAlive: true,
      connectTimeoutMs: 20_000,
      legacyAlgorithms: false,
      terrapin: 'warn',
    });
    expect(hop!.proxyCommand).toBeUndefined();
    expect(hop!.proxy).toBeUndefined();
  });

  it('has no agent when SSH_AUTH_SOCK is not set', async () => {
    const [hop] = await fake.resolve({ destination: 'h', env: {} });
    expect(hop!.agentSocket).toBeUndefined();
  });

  it('takes the typed user and port over the config, and -l / -p over the typed ones', async () => {
    config('Host db\n  User cfg\n  Port 2200\n');
    expect(route(await fake.resolve({ destination: 'db' }))).toEqual(['cfg@db:2200']);
    expect(route(await fake.resolve({ destination: 'me@db:2022' }))).toEqual(['me@db:2022']);
    expect(route(await fake.resolve({ destination: 'me@db:2022', user: 'dash-l', port: 2023 }))).toEqual(['dash-l@db:2023']);
  });

  it('reads Key Value and Key=Value with any case, first value wins, and expands %h in HostName (lower-cased)', async () => {
    config(['HOSTNAME=%h.Example.COM', 'port = 2201', 'Port 2202', 'user\tfirst', 'User second', ''].join('\n'));
    const [hop] = await fake.resolve({ destination: 'web' });
    expect(route([hop!])).toEqual(['first@web.example.com:2201']);
    expect(hop!.alias).toBe('web');
  });

  it('matches Host patterns with *, ?, several per line and !negation, case-sensitively like OpenSSH', async () => {
    config(
      [
        // A negated pattern rules the line out wherever it stands.
        'Host !printer.lan *.lan',
        '  User lan',
        'Host db? other',
        '  Port 3000',
        'Host Prod',
        '  Port 4000',
        'Host *',
        '  User everyone',
      ].join('\n'),
    );
    expect(route(await fake.resolve({ destination: 'nas.lan' }))).toEqual(['lan@nas.lan:22']);
    expect(route(await fake.resolve({ destination: 'printer.lan' }))).toEqual(['everyone@printer.lan:22']);
    expect(route(await fake.resolve({ destination: 'db1' }))).toEqual(['everyone@db1:3000']);
    expect(route(await fake.resolve({ destination: 'db12' }))).toEqual(['everyone@db12:22']);
    expect(route(await fake.resolve({ destination: 'other' }))).toEqual(['everyone@other:3000']);
    expect(route(await fake.resolve({ destination: 'Prod' }))).toEqual(['everyone@prod:4000']);
    expect(route(await fake.resolve({ destination: 'PROD' }))).toEqual(['everyone@prod:22']);
  });

  it('accumulates IdentityFile lines in order, expands ~ and %d %u %h %r %l, drops repeats, and keeps quoted spaces', async () => {
    config(
      [
        'Host web',
        '  HostName web.example.com',
        '  User deploy',
        '  IdentityFile "~/.ssh/my key"',
        '  IdentityFile %d/keys/%u-%r@%h',
        '  IdentityFile /keys/%l',
        'Host *',
        '  IdentityFile ~/.ssh/my\\ key',
        '  IdentityFile ~/.ssh/common',
      ].join('\n'),
    );
    const [hop] = await fake.resolve({ destination: 'web' });
    const { hostname } = await import('node:os');
    expect(hop!.identityFiles).toEqual([
      path.join(fake.home, '.ssh', 'my key'),
      `${fake.home}/keys/tester-deploy@web.example.com`,
      `/keys/${hostname()}`,
      path.join(fake.home, '.ssh', 'common'),
    ]);
  });

  it('expands ${VAR} in paths and refuses an unset one, naming the line', async () => {
    config('IdentityFile ${KEYS}/id\nUserKnownHostsFile ${KEYS}/kh\n');
    const [hop] = await fake.resolve({ destination: 'h', env: { KEYS: '/vault' } });
    expect(hop!.identityFiles).toEqual(['/vault/id']);
    expect(hop!.userKnownHostsFiles).toEqual(['/vault/kh']);
    const error = await rejection(fake.resolve({ destination: 'h', env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('line 1');
    expect(error.message).toContain('${KEYS}');
  });

  it('maps every supported keyword onto the hop', async () => {
    config(
      [
        'Host box',
        '  IdentitiesOnly yes',
        '  IdentityAgent ~/agent.sock',
        '  ForwardAgent yes',
        '  ServerAliveInterval 1m',
        '  ServerAliveCountMax 5',
        '  ConnectTimeout 1m30s',
        '  UserKnownHostsFile ~/kh1 "/tmp/k h2"',
        '  UserKnownHostsFile /ignored',
        '  GlobalKnownHostsFile /etc/g1',
        '  StrictHostKeyChecking off',
        '  HashKnownHosts yes',
        '  HostKeyAlias box-key',
        '  PreferredAuthentications gssapi-with-mic,password,hostbased,publickey',
        '  NumberOfPasswordPrompts 5',
        '  TCPKeepAlive no',
        '  JumpgateLegacyAlgorithms yes',
        '  JumpgateTerrapin fatal',
        '  JumpgateProxy socks5://alice@proxy.example:1080',
      ].join('\n'),
    );
    const [hop] = await fake.resolve({ destination: 'box' });
    expect(hop).toMatchObject({
      identitiesOnly: true,
      agentSocket: path.join(fake.home, 'agent.sock'),
      forwardAgent: true,
      serverAliveInterval: 60,
      serverAliveCountMax: 5,
      connectTimeoutMs: 90_000,
      userKnownHostsFiles: [path.join(fake.home, 'kh1'), '/tmp/k h2'],
      globalKnownHostsFiles: ['/etc/g1'],
      strictHostKeyChecking: 'no',
      hashKnownHosts: true,
      hostKeyAlias: 'box-key',
      preferredAuthentications: ['password', 'publickey'],
      passwordPrompts: 5,
      tcpKeepAlive: false,
      legacyAlgorithms: true,
      terrapin: 'fatal',
      proxy: { type: 'socks5', host: 'proxy.example', port: 1080, username: 'alice' },
    });
  });

  it.each([
    ['IdentityAgent none', undefined],
    ['IdentityAgent SSH_AUTH_SOCK', '/run/agent.sock'],
    ['IdentityAgent $OTHER_SOCK', '/run/other.sock'],
    ['IdentityAgent $UNSET_SOCK', undefined],
    ['StrictHostKeyChecking accept-new', 'accept-new'],
  ])('%s', async (line, expected) => {
    config(`${line}\n`);
    const [hop] = await fake.resolve({ destination: 'h', env: { SSH_AUTH_SOCK: '/run/agent.sock', OTHER_SOCK: '/run/other.sock' } });
    if (line.startsWith('Identity')) expect(hop!.agentSocket).toBe(expected);
    else expect(hop!.strictHostKeyChecking).toBe(expected);
  });

  it('turns methods off with PubkeyAuthentication / PasswordAuthentication / KbdInteractiveAuthentication no', async () => {
    config('PasswordAuthentication no\nKbdInteractiveAuthentication no\n');
    const [hop] = await fake.resolve({ destination: 'h' });
    expect(hop!.preferredAuthentications).toEqual(['publickey']);
  });

  it('keeps ProxyCommand as written; ProxyCommand none turns it off', async () => {
    config('Host a\n  ProxyCommand nc -x proxy:1080 %h %p\nHost b\n  ProxyCommand none\nHost *\n  ProxyCommand never-used %h\n');
    expect((await fake.resolve({ destination: 'a' }))[0]!.proxyCommand).toBe('nc -x proxy:1080 %h %p');
    expect((await fake.resolve({ destination: 'b' }))[0]!.proxyCommand).toBeUndefined();
  });

  it('ignores keywords it does not know or use, and Match criteria it cannot evaluate', async () => {
    config(
      [
        'FutureOption 1',
        'SendEnv LANG LC_*',
        'ControlMaster auto',
        'Match exec "touch /tmp/should-never-run-%h"',
        '  Port 1111',
        'Match localnetwork 10.0.0.0/8',
        '  Port 2222',
        'Match !exec "false"',
        '  Port 3333',
        'Match !all',
        '  Port 5555',
        'Host *',
        '  Port 4444',
      ].join('\n'),
    );
    expect(route(await fake.resolve({ destination: 'h' }))).toEqual(['tester@h:4444']);
  });

  it('evaluates Match all, host (against HostName), originalhost, user, localuser and negation', async () => {
    config(
      [
        'Host short',
        '  HostName short.corp.example',
        'Match host *.corp.example !originalhost other',
        '  User corp',
        'Match originalhost other',
        '  User other-user',
        'Match user corp localuser tester',
        '  Port 2022',
        'Match !host *.corp.example',
        '  Port 3022',
        'Match all',
        '  IdentityFile ~/.ssh/all',
      ].join('\n'),
    );
    const [short] = await fake.resolve({ destination: 'short' });
    expect(route([short!])).toEqual(['corp@short.corp.example:2022']);
    expect(short!.identityFiles).toEqual([path.join(fake.home, '.ssh', 'all')]);
    expect(route(await fake.resolve({ destination: 'other' }))).toEqual(['other-user@other:3022']);
  });

  it('re-reads the config for Match final, where Host lines see the resolved name (OpenSSH 9.2)', async () => {
    config(
      [
        'Host real.example.com',
        '  User final-user',
        'Host nick',
        '  HostName Real.Example.com',
        '  IdentityFile ~/.ssh/one',
        'Match final',
        '  Port 2022',
        '  IdentityFile ~/.ssh/two',
        'Match canonical',
        '  ServerAliveInterval 7',
        'Host *',
        '  IdentityFile ~/.ssh/one',
        '  IdentityFile ~/.ssh/three',
      ].join('\n'),
    );
    const [hop] = await fake.resolve({ destination: 'nick' });
    expect(route([hop!])).toEqual(['final-user@real.example.com:2022']);
    expect(hop!.serverAliveInterval).toBe(7);
    expect(hop!.identityFiles.map((file) => path.basename(file))).toEqual(['one', 'three', 'two']);
  });
});

describe('resolveHops: command-line options', () => {
  beforeEach(() => {
    config(
      [
        'Host dest',
        '  ProxyJump bastion',
        '  IdentityFile ~/.ssh/dest_key',
        'Host bastion',
        '  HostName bastion.example.com',
        '  User jumper',
        '  IdentityFile ~/.ssh/bastion_key',
        'Host *',
        '  StrictHostKeyChecking yes',
        '  ConnectTimeout 5',
        '  ServerAliveInterval 10',
      ].join('\n'),
    );
  });

  it('-o wins over the config on every hop, keys in any case', async () => {
    const hops = await fake.resolve({ destination: 'dest', options: { stricthostkeychecking: 'accept-new', ConnectTimeout: '9', SERVERALIVEINTERVAL: '3' } });
    expect(hops.map((hop) => [hop.alias, hop.strictHostKeyChecking, hop.connectTimeoutMs, hop.serverAliveInterval])).toEqual([
      ['bastion', 'accept-new', 9000, 3],
      ['dest', 'accept-new', 9000, 3],
    ]);
  });

  it('-o User / Port / HostName / ProxyJump / ForwardAgent name the destination only', async () => {
    const hops = await fake.resolve({ destination: 'dest', options: { User: 'root', Port: '2200', HostName: 'dest.example', ForwardAgent: 'yes' } });
    expect(route(hops)).toEqual(['jumper@bastion.example.com:22', 'root@dest.example:2200']);
    expect(hops.map((hop) => hop.forwardAgent)).toEqual([false, true]);
    expect(route(await fake.resolve({ destination: 'dest', options: { ProxyJump: 'none' } }))).toEqual(['tester@dest:22']);
  });

  it('-i applies to every hop, before the config files, and replaces the default keys', async () => {
    const hops = await fake.resolve({ destination: 'dest', identityFiles: ['~/.ssh/cli_key', '/abs/%r_key'] });
    const cli = path.join(fake.home, '.ssh', 'cli_key');
    expect(hops.map((hop) => hop.identityFiles)).toEqual([
      [cli, '/abs/jumper_key', path.join(fake.home, '.ssh', 'bastion_key')],
      [cli, '/abs/tester_key', path.join(fake.home, '.ssh', 'dest_key')],
    ]);
  });

  it('-A forwards the agent to the destination only', async () => {
    const hops = await fake.resolve({ destination: 'dest', forwardAgent: true });
    expect(hops.map((hop) => hop.forwardAgent)).toEqual([false, true]);
  });

  it('-J replaces the ProxyJump of the config; each jump host is resolved through the config', async () => {
    config(
      [
        'Host dest',
        '  ProxyJump never-used',
        'Host b',
        '  HostName b.example.com',
        '  User b-user',
        '  Port 2022',
        '  ProxyCommand ignored-for-a-later-hop %h',
        '  ProxyJump ignored-too',
      ].join('\n'),
    );
    // A later hop is reached through the one before: its ProxyCommand does not count, so it
    // does not clash with the JumpgateProxy every hop gets from -o.
    const hops = await fake.resolve({ destination: 'dest', jump: 'a,me@b:2200,[::1]:2222,ssh://x@b', options: { JumpgateProxy: 'socks5://127.0.0.1:1080' } });
    expect(route(hops)).toEqual(['tester@a:22', 'me@b.example.com:2200', 'tester@::1:2222', 'x@b.example.com:2022', 'tester@dest:22']);
    expect(hops.map((hop) => hop.alias)).toEqual(['a', 'b', '::1', 'b', 'dest']);
    expect(hops.map((hop) => [hop.proxyCommand, hop.proxy?.port])).toEqual([
      [undefined, 1080],
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('-J none ignores ProxyJump from the config but keeps a ProxyCommand (as OpenSSH 9.2 does)', async () => {
    config('Host dest\n  ProxyJump bastion\n  ProxyCommand nc %h %p\n');
    const hops = await fake.resolve({ destination: 'dest', jump: 'none' });
    expect(route(hops)).toEqual(['tester@dest:22']);
    expect(hops[0]!.proxyCommand).toBe('nc %h %p');
  });

  it('refuses bad flags with INVALID_ARGUMENT before reading any file', async () => {
    config('Port abc\n');
    const flags: Partial<ResolveOptions>[] = [
      { jump: 'a,,b' },
      { jump: 'host:port' },
      { options: { Port: 'abc' } },
      { options: { Host: 'x' } },
      { port: 0 },
      { user: '-oops' },
      { identityFiles: ['~other/key'] },
    ];
    for (const options of flags) {
      const error = await rejection(fake.resolve({ destination: 'dest', ...options }));
      expect(error.code, JSON.stringify(options)).toBe('INVALID_ARGUMENT');
    }
    const error = await rejection(fake.resolve({ destination: 'dest', options: { Port: 'abc' } }));
    expect(error.message).toBe('Option Port=abc: Port must be a number from 1 to 65535, not “abc”.');
  });
});
