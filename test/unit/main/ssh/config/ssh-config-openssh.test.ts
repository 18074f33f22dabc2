import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopSpec } from '../../../../../shared/model';
import { resolveHops } from '../../../../../main/ssh/config/ssh-config';
import { checkJumpList } from '../../../../../main/ssh/config/destination';
import { type FakeHome, makeFakeHome } from './ssh-config-home';

// The reference is the real OpenSSH client: `ssh -G` prints the configuration it resolved.
const hasSsh = spawnSync('ssh', ['-V']).status === 0;
const { username: localUser, homedir: passwdHome } = os.userInfo();

let fake: FakeHome;
let configFile: string;
let kh: string;

beforeAll(() => {
  fake = makeFakeHome();
  kh = path.join(fake.home, 'kh');
  configFile = fake.write(
    '.ssh/config',
    `# A config with most of what people write.
Include conf.d/*.conf

Host bastion
    HostName bastion.%h.example.net
    User admin
    Port 2222
    IdentityFile ~/.ssh/bastion_key

Host prod prod-*
    HostName %h.internal.example.com
    User deploy
    ProxyJump bastion
    IdentityFile "~/.ssh/prod key"
    IdentityFile %d/.ssh/%r@%h

Host prod-db
    Port 5432
    User ignored-because-deploy-came-first

Host *.lan !printer.lan
    User lanuser
    StrictHostKeyChecking accept-new
    UserKnownHostsFile ${kh}/lan_%h ${kh}/lan2

Host legacy
    HostName 10.0.0.9
    Port=2200
    StrictHostKeyChecking=no
    HostKeyAlias legacy-box
    PreferredAuthentications gssapi-with-mic,keyboard-interactive,password
    NumberOfPasswordPrompts 5
    ProxyCommand nc -X 5 -x proxy:1080 %h %p
    ProxyJump bastion
    ConnectTimeout 1m30s
    ServerAliveInterval 15
    ServerAliveCountMax 4
    TCPKeepAlive no
    ForwardAgent yes
    IdentitiesOnly yes
    HashKnownHosts yes
    IdentityAgent none

Host special
    Include special.conf

Match host *.internal.example.com
    ServerAliveInterval 30
    GlobalKnownHostsFile ${kh}/global
    # Inside a Match block: only read for the hosts it matches.
    Include internal.conf

Match final host web.example.org
    ServerAliveCountMax 9
Host web.example.org
    ForwardAgent yes

Match all
    IdentityFile ~/.ssh/id_common
    ConnectTimeout 10
`,
  );
  fake.write('.ssh/conf.d/10-web.conf', 'Host web\n    HostName web.example.org\n    ProxyJump admin@bastion:2022,jump2\n');
  fake.write('.ssh/conf.d/20-jump2.conf', 'Host jump2\n    User j2user\n    IdentityFile ~/.ssh/j2\n    IdentityAgent ~/agent/%r.sock\n');
  fake.write('.ssh/conf.d/.hidden.conf', 'Host *\n    User hidden\n');
  fake.write('.ssh/internal.conf', 'TCPKeepAlive no\nHost *\n    NumberOfPasswordPrompts 2\n');
  fake.write('.ssh/special.conf', 'Port 7000\nHost *\n    User special-star\n');
});
afterAll(() => fake?.dispose());

type SshG = Map<string, string[]>;

function sshG(args: string[]): SshG {
  const output = execFileSync('ssh', ['-G', '-F', configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    // OpenSSH finds ~ for Include through $HOME.
    env: { ...process.env, HOME: fake.home, SSH_AUTH_SOCK: '/run/agent.sock' },
  });
  const values: SshG = new Map();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space);
    values.set(key, [...(values.get(key) ?? []), line.slice(space + 1)]);
  }
  return values;
}

function one(values: SshG, key: string): string | undefined {
  return values.get(key)?.[0];
}

/** ssh -G prints IdentityFile unexpanded: expand them here, independently of the code under test. */
function expandLikeSsh(text: string, values: SshG, alias: string): string {
  const tokens: Record<string, string> = {
    d: fake.home,
    h: one(values, 'hostname')!,
    r: one(values, 'user')!,
    u: localUser,
    p: one(values, 'port')!,
    n: alias,
    '%': '%',
  };
  return text.replace(/^~(?=\/|$)/, fake.home).replace(/%(.)/g, (_, key: string) => tokens[key]!);
}

/** ssh -G prints UserKnownHostsFile and IdentityAgent expanded, with ~ from the password database rather than $HOME. */
function inFakeHome(file: string): string {
  return file.startsWith(`${passwdHome}/`) ? fake.home + file.slice(passwdHome.length) : file;
}

const YES_NO: Record<string, boolean> = { yes: true, no: false, true: true, false: false };
const STRICT: Record<string, string> = { true: 'yes', false: 'no', ask: 'ask', 'accept-new': 'accept-new' };

/** What ssh -G says about one host, in HopSpec terms. */
function expectedHop(values: SshG, alias: string): Partial<HopSpec> {
  const agent = one(values, 'identityagent');
  const timeout = one(values, 'connecttimeout');
  const preferred = one(values, 'preferredauthentications');
  return {
    host: one(values, 'hostname'),
    user: one(values, 'user'),
    port: Number(one(values, 'port')),
    identityFiles: (values.get('identityfile') ?? []).map((file) => expandLikeSsh(file, values, alias)),
    identitiesOnly: YES_NO[one(values, 'identitiesonly')!],
    agentSocket: agent === undefined || agent === 'SSH_AUTH_SOCK' ? '/run/agent.sock' : agent === 'none' ? undefined : inFakeHome(agent),
    strictHostKeyChecking: STRICT[one(values, 'stricthostkeychecking')!] as HopSpec['strictHostKeyChecking'],
    hashKnownHosts: YES_NO[one(values, 'hashknownhosts')!],
    userKnownHostsFiles: one(values, 'userknownhostsfile')!.split(' ').map(inFakeHome),
    globalKnownHostsFiles: one(values, 'globalknownhostsfile')!.split(' '),
    hostKeyAlias: one(values, 'hostkeyalias'),
    proxyCommand: one(values, 'proxycommand'),
    forwardAgent: YES_NO[one(values, 'forwardagent')!],
    serverAliveInterval: Number(one(values, 'serveraliveinterval')),
    serverAliveCountMax: Number(one(values, 'serveralivecountmax')),
    tcpKeepAlive: YES_NO[one(values, 'tcpkeepalive')!],
    passwordPrompts: Number(one(values, 'numberofpasswordprompts')),
    connectTimeoutMs: timeout === undefined || timeout === 'none' ? 20_000 : Number(timeout) * 1000,
    preferredAuthentications: preferred
      ? (preferred.split(',').filter((name) => ['publickey', 'keyboard-interactive', 'password'].includes(name)) as HopSpec['preferredAuthentications'])
      : ['publickey', 'keyboard-interactive', 'password'],
  };
}

function pick(hop: HopSpec, like: Partial<HopSpec>): Partial<HopSpec> {
  return Object.fromEntries(Object.keys(like).map((key) => [key, hop[key as keyof HopSpec]]));
}

async function resolve(destination: string, jump?: string): Promise<HopSpec[]> {
  return resolveHops({ destination, jump, configFile, homeDir: fake.home, localUser, env: { SSH_AUTH_SOCK: '/run/agent.sock' } });
}

describe.skipIf(!hasSsh)('resolveHops agrees with ssh -G', () => {
  const aliases = ['prod', 'prod-db', 'prod-web', 'bastion', 'nas.lan', 'printer.lan', 'legacy', 'web', 'jump2', 'special', 'other', 'PROD'];

  it.each(aliases)('%s: the destination hop', async (alias) => {
    const values = sshG([alias]);
    const hops = await resolve(alias);
    const destination = hops.at(-1)!;
    const expected = expectedHop(values, alias);
    expect(pick(destination, expected)).toEqual(expected);
    expect(destination.alias).toBe(alias);
  });

  it.each(aliases)('%s: the jump hosts are the ProxyJump list, resolved as OpenSSH resolves them', async (alias) => {
    const values = sshG([alias]);
    const hops = await resolve(alias);
    const proxyJump = one(values, 'proxyjump');
    if (proxyJump === undefined) {
      expect(hops).toHaveLength(1);
      return;
    }
    const jumps = checkJumpList(proxyJump);
    if (!jumps.ok) throw new Error(jumps.problem);
    expect(hops.map((hop) => hop.alias)).toEqual([...jumps.value.map((jump) => jump.host), alias]);
    // OpenSSH reaches jump host n with `ssh -l user -p port -J <hosts before it> host`.
    for (const [index, jump] of jumps.value.entries()) {
      const args = [...(jump.user ? ['-l', jump.user] : []), ...(jump.port ? ['-p', String(jump.port)] : [])];
      if (index > 0) args.push('-J', proxyJump.split(',').slice(0, index).join(','));
      const expected = expectedHop(sshG([...args, jump.host]), jump.host);
      // Only the first hop opens its own connection, so only it may keep a ProxyCommand.
      if (index > 0) expected.proxyCommand = undefined;
      expect(pick(hops[index]!, expected), `${alias}: hop ${index} (${jump.host})`).toEqual(expected);
    }
  });

  it('a -J list replaces the ProxyJump of the config, as ssh -J does', async () => {
    const jump = 'deploy@prod-db:2200,jump2';
    const values = sshG(['-J', jump, 'web']);
    expect(one(values, 'proxyjump')).toBe(jump);
    const hops = await resolve('web', jump);
    expect(hops.map((hop) => hop.alias)).toEqual(['bastion', 'prod-db', 'jump2', 'web']);
    // prod-db's own ProxyJump (bastion) is followed, since it is the first host of the list.
    expect(pick(hops[0]!, expectedHop(sshG(['bastion']), 'bastion'))).toEqual(expectedHop(sshG(['bastion']), 'bastion'));
    const dbExpected = expectedHop(sshG(['-l', 'deploy', '-p', '2200', 'prod-db']), 'prod-db');
    expect(pick(hops[1]!, dbExpected)).toEqual(dbExpected);
  });
});
