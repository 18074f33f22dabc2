import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionProfile, type ProfileId } from '../../../../shared/model/profile';
import { hostBlock } from '../../../../main/import/export-host';
import { destinationText, jumpChain, jumpRoute, type PlannedHost, planImport } from '../../../../main/import/import-plan';
import { scanConfigHosts } from '../../../../main/import/ssh-config-hosts';
import { makeTempDir } from '../../../helpers/temp-dir';

const dirs: { dispose(): void }[] = [];
/** The user name ssh would use when the config names none (%r then). */
const LOCAL = userInfo().username;
afterEach(() => dirs.splice(0).forEach((dir) => dir.dispose()));

function home(config: string, files: Record<string, string> = {}) {
  const dir = makeTempDir('import-home');
  dirs.push(dir);
  const ssh = join(dir.path, '.ssh');
  mkdirSync(ssh, { mode: 0o700 });
  writeFileSync(join(ssh, 'config'), config, { mode: 0o600 });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ssh, name), text, { mode: 0o600 });
  const env = { HOME: dir.path };
  return { dir: dir.path, scan: () => scanConfigHosts({ env, systemConfigFile: join(dir.path, 'no-system-config') }) };
}

const CONFIG = `
Include hosts.d
Host a
    HostName 10.0.0.1
    User jumper
    Port 2201
Host b
    HostName 10.0.0.2
    IdentityFile ~/.ssh/b_key
Host web web-alias
    HostName %h.example.com
Host db
    ProxyJump a,b
    HostName 10.0.0.9
Host far
    ProxyJump root@z.example:2222
Match host 10.0.0.9
    Port 5432
    User dba
Host *.internal !secret.internal
    User nobody
Host *
    IdentityFile ~/.ssh/id_%r
`;

describe('~/.ssh/config hosts', () => {
  it('lists the concrete Host entries (Includes where they stand), each resolved as ssh would', async () => {
    const { dir, scan } = home(CONFIG, { 'hosts.d': 'Host inc\n  HostName 192.0.2.7\n  User incl\n' });
    const result = await scan();
    expect(result.hosts.filter((host) => !host.isJumpOnly).map((host) => host.key)).toEqual(['inc', 'a', 'b', 'web', 'web-alias', 'db', 'far']);
    const byKey = new Map(result.hosts.map((host) => [host.key, host]));
    expect(byKey.get('inc')).toMatchObject({ host: '192.0.2.7', user: 'incl', port: undefined, jump: [] });
    expect(byKey.get('a')).toMatchObject({ host: '10.0.0.1', user: 'jumper', port: 2201, identityFiles: [join(dir, '.ssh/id_jumper')] });
    expect(byKey.get('b')!.identityFiles).toEqual([join(dir, '.ssh/b_key'), join(dir, `.ssh/id_${LOCAL}`)]);
    expect(byKey.get('web')).toMatchObject({ host: 'web.example.com', user: undefined });
    // Match host sees the HostName; first value wins.
    expect(byKey.get('db')).toMatchObject({ host: '10.0.0.9', port: 5432, user: 'dba', jump: ['a', 'b'] });
    // A jump host that is no entry of its own comes along, marked as such.
    expect(byKey.get('far')!.jump).toEqual(['root@z.example:2222']);
    expect(byKey.get('root@z.example:2222')).toMatchObject({ host: 'z.example', port: 2222, user: 'root', isJumpOnly: true });
    expect(result.files).toEqual([join(dir, '.ssh/config'), join(dir, '.ssh/hosts.d')]);
  });

  it('skips an entry whose settings cannot be used, with the reason, and lists the rest', async () => {
    const { scan } = home('Host loop1\n  ProxyJump loop2\nHost loop2\n  ProxyJump loop1\nHost fine\n  HostName 192.0.2.1\n');
    const result = await scan();
    expect(result.hosts.map((host) => host.key)).toEqual(['fine']);
    expect(result.skipped.map((entry) => entry.name)).toEqual(['loop1', 'loop2']);
    expect(result.skipped[0]!.reason).toMatch(/circle/);
  });
});

/** A saved host with the model's defaults. */
const profile = (fields: Partial<ConnectionProfile>): ConnectionProfile =>
  ConnectionProfile.parse({ id: 'profile-1', name: 'db', destination: '10.0.0.9', createdAt: '', updatedAt: '', ...fields });

describe('import plan', () => {
  it('turns ProxyJump a,b into saved jump hosts first, each with its own user, port and keys, then the host going through them by reference', async () => {
    const { dir, scan } = home(CONFIG);
    const result = await scan();
    const plan = planImport('ssh-config', result, ['db'], []);
    expect(plan.map((host) => [host.entry.key, host.action.action])).toEqual([
      ['a', 'create'],
      ['b', 'create'],
      ['db', 'create'],
    ]);
    const [a, b, db] = plan as [PlannedHost, PlannedHost, PlannedHost];
    expect(a.draft).toMatchObject({ destination: '10.0.0.1', user: 'jumper', port: 2201, identityFiles: [join(dir, '.ssh/id_jumper')], jump: undefined });
    expect(b.draft).toMatchObject({ destination: '10.0.0.2', identityFiles: [join(dir, '.ssh/b_key'), join(dir, `.ssh/id_${LOCAL}`)] });
    expect(db.draft).toMatchObject({ name: 'db', destination: '10.0.0.9', port: 5432, user: 'dba', source: { kind: 'ssh-config', key: 'db' } });
    // The host keeps its own keys; each hop brings its own when connecting.
    expect(db.draft!.identityFiles).toEqual([join(dir, '.ssh/id_dba')]);
    expect(db.hops).toEqual([a, b]);
    expect(db.action).toMatchObject({ summary: 'dba@10.0.0.9:5432 via a, b', via: ['a', 'b'] });
    // Once the hops are saved, the route is their ids.
    a.action.profileId = 'saved-a' as ProfileId;
    b.action.profileId = 'saved-b' as ProfileId;
    expect(jumpRoute(db.hops)).toEqual([{ profileId: 'saved-a' }, { profileId: 'saved-b' }]);
  });

  it('importing again finds the same saved hosts by their source: unchanged, or updated when the file or the route changed', async () => {
    const { scan } = home(CONFIG);
    const result = await scan();
    const first = planImport('ssh-config', result, ['db'], []);
    const saved = first.map((host, index) =>
      profile({
        ...(host.draft as object),
        id: `saved-${index}-x` as ProfileId,
        jump: index === 2 ? [{ profileId: 'saved-0-x' as ProfileId }, { profileId: 'saved-1-x' as ProfileId }] : undefined,
      }),
    );
    saved[2] = { ...saved[2]!, name: 'My DB' };
    const again = planImport('ssh-config', result, ['db'], saved);
    expect(again.map((host) => host.action.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.at(-1)!.action).toMatchObject({ profileId: 'saved-2-x', name: 'My DB' });
    expect(again.every((host) => host.draft === undefined)).toBe(true);

    const moved = planImport('ssh-config', result, ['db'], [saved[0]!, saved[1]!, { ...saved[2]!, port: 6000 }]);
    expect(moved.at(-1)!.action.action).toBe('update');
    expect(moved.at(-1)!.draft).toMatchObject({ id: 'saved-2-x', name: 'My DB', port: 5432 });
    // A host imported before with its route as text, or whose jump host is new, is updated to the saved route.
    const asText = planImport('ssh-config', result, ['db'], [saved[0]!, saved[1]!, { ...saved[2]!, jump: 'jumper@10.0.0.1:2201,10.0.0.2' }]);
    expect(asText.at(-1)!.action.action).toBe('update');
    const hopGone = planImport('ssh-config', result, ['db'], [saved[1]!, saved[2]!]);
    expect(hopGone.map((host) => host.action.action)).toEqual(['create', 'unchanged', 'update']);
  });

  it('skips a host whose jump host is missing or goes round in a circle, and a key not in the file', () => {
    const entry = (key: string, jump: string[]) => ({
      key,
      name: key,
      host: `${key}.example`,
      identityFiles: [],
      jump,
      hasPassword: false,
      isJumpOnly: false,
      warnings: [],
    });
    const scan = { hosts: [entry('x', ['gone']), entry('p', ['q']), entry('q', ['p'])], skipped: [] };
    const plan = planImport('tabby', scan, ['x', 'p', 'nope'], []);
    expect(Object.fromEntries(plan.map((host) => [host.entry.key, host.action.reason]))).toEqual({
      x: expect.stringMatching(/“gone” is not in the file/),
      p: expect.stringMatching(/cannot be imported/),
      q: expect.stringMatching(/“p” cannot be imported: .*circle \(p → q → p\)/),
      nope: expect.stringMatching(/not in the file/),
    });
  });

  it('builds the chain as OpenSSH does: the first hop’s own jump hosts come before it, a later hop’s do not', () => {
    const entry = (key: string, jump: string[], port?: number) => ({
      key,
      name: key,
      host: key,
      port,
      identityFiles: [],
      jump,
      hasPassword: false,
      isJumpOnly: false,
      warnings: [],
    });
    const hosts = [entry('z', []), entry('a', ['z']), entry('b', ['z'], 2200), entry('d', ['a', 'b'])];
    const chain = jumpChain(hosts[3]!, new Map(hosts.map((host) => [host.key, host])));
    expect(chain.map((hop) => hop.key)).toEqual(['z', 'a', 'b']);
    expect(planImport('tabby', { hosts, skipped: [] }, ['d'], []).at(-1)!.action.summary).toBe('d via z, a, b');
  });
});

describe('export as a Host block', () => {
  it('round-trips through the config reader to the same settings, quoting what needs it', async () => {
    const saved = profile({
      name: 'My DB (prod)',
      user: 'dba',
      port: 5432,
      identityFiles: ['/keys/with space/id "x"', '/keys/100%/id'],
      jump: 'jumper@10.0.0.1:2201,10.0.0.2',
    });
    const text = hostBlock(saved);
    expect(text.split('\n')[0]).toBe('Host My-DB-prod');
    const { scan } = home(text);
    const result = await scan();
    const host = result.hosts.find((entry) => entry.key === 'My-DB-prod')!;
    expect(host).toMatchObject({ host: '10.0.0.9', user: 'dba', port: 5432, identityFiles: saved.identityFiles });
    expect(host.jump).toEqual(['jumper@10.0.0.1:2201', '10.0.0.2']);
    expect(
      jumpChain(host, new Map(result.hosts.map((entry) => [entry.key, entry])))
        .map(destinationText)
        .join(','),
    ).toBe(saved.jump);
  });

  it('writes a jump host saved by reference as its address, after the hosts it goes through itself; a loop is refused', () => {
    const outer = profile({ id: 'outer-1' as never, name: 'Outer', destination: 'gw.example.com', user: 'gw' });
    const bastion = profile({
      id: 'bastion-1' as never,
      name: 'Bastion',
      destination: '10.0.0.1',
      user: 'ops',
      port: 2201,
      jump: [{ profileId: 'outer-1' as never }],
    });
    const saved = [outer, bastion];
    const find = (id: string) => saved.find((host) => host.id === id);
    const host = profile({ jump: [{ profileId: 'bastion-1' as never }, { destination: '10.0.0.2' }] });
    expect(hostBlock(host, find)).toContain('    ProxyJump gw@gw.example.com,ops@10.0.0.1:2201,10.0.0.2\n');
    const looping = profile({ id: 'outer-1' as never, jump: [{ profileId: 'bastion-1' as never }] });
    expect(() => hostBlock(looping, find)).toThrow(/loops back/);
  });

  it('refuses a value that would add lines to the file', () => {
    expect(() => hostBlock(profile({ user: 'x\nProxyCommand evil' }))).toThrow(/spans lines/);
  });
});
