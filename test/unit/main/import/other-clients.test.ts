import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMobaxterm } from '../../../../main/import/mobaxterm-sessions';
import { parsePuttyReg } from '../../../../main/import/putty-sessions';
import { parseTabbyConfig } from '../../../../main/import/tabby-profiles';
import { MAX_IMPORT_ENTRIES } from '../../../../main/import/imported-host';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/import', name), 'utf8');

describe('PuTTY sessions (.reg export)', () => {
  it('maps SSH sessions, decodes their names, makes an SSH proxy a jump host and skips the rest with reasons', () => {
    const scan = parsePuttyReg(fixture('putty-sessions.reg'));
    const web = scan.hosts.find((host) => host.key === 'Web server (prod)')!;
    expect(web).toMatchObject({ name: 'Web server (prod)', host: 'web1.example.net', port: 2326, user: 'deploy', hasPassword: false });
    expect(web.identityFiles).toEqual(['C:\\Users\\ana\\keys\\deploy.ppk']);
    expect(web.warnings.join(' ')).toMatch(/Windows path/);
    expect(web.jump).toEqual(['jump:ana@bastion.example.net:22']);
    expect(scan.hosts.find((host) => host.key === web.jump[0])).toMatchObject({ host: 'bastion.example.net', user: 'ana', port: 22, isJumpOnly: true });
    const db = scan.hosts.find((host) => host.key === 'db')!;
    expect(db).toMatchObject({ host: 'db.internal', user: 'admin', port: 22, jump: [] });
    expect(db.warnings.join(' ')).toMatch(/SOCKS 5.*not imported/);
    expect(scan.skipped).toEqual([
      { name: 'Default Settings', reason: expect.stringMatching(/no host name/) },
      { name: 'Router', reason: expect.stringMatching(/telnet session/) },
    ]);
  });

  it('reads a UTF-16 export decoded with its byte order mark', () => {
    expect(parsePuttyReg(`\uFEFF${fixture('putty-sessions.reg')}`).hosts.map((host) => host.key)).toContain('db');
  });
});

describe('MobaXterm bookmarks', () => {
  it('maps SSH sessions with folder, key file and SSH gateway; skips other kinds and garbage lines', () => {
    const scan = parseMobaxterm(fixture('bookmarks.mxtsessions'));
    expect(scan.hosts.find((host) => host.key === 'Build box')).toMatchObject({
      host: 'build.example.net',
      port: 2222,
      user: 'ci',
      group: undefined,
      identityFiles: ['/home/ana/.ssh/ci_ed25519'],
      jump: [],
    });
    const app = scan.hosts.find((host) => host.name === 'Acme app')!;
    expect(app).toMatchObject({ key: 'Customers/Acme/Acme app', host: 'app.acme.test', port: 22, user: 'ana', group: 'Customers/Acme' });
    expect(app.jump).toEqual(['jump:jump@gw.acme.test:2200']);
    expect(app.warnings.join(' ')).toMatch(/Windows path/);
    expect(scan.skipped).toEqual([
      { name: 'Acme desktop', reason: expect.stringMatching(/VNC session/) },
      { name: 'Broken', reason: expect.stringMatching(/not a MobaXterm session/) },
    ]);
  });
});

describe('Tabby config.yaml', () => {
  it('maps ssh profiles with their group name, key files (file:// URLs) and jump host by id; reports a stored password without showing it', () => {
    const scan = parseTabbyConfig(fixture('tabby-config.yaml'));
    expect(scan.hosts.find((host) => host.name === 'Bastion')).toMatchObject({
      key: 'ssh:custom:bastion:6c1b2f0e',
      host: 'bastion.example.org',
      port: 2200,
      user: 'ops',
      group: 'Production',
      identityFiles: ['/home/ana/.ssh/ops_ed25519'],
    });
    const metrics = scan.hosts.find((host) => host.name === 'Metrics')!;
    expect(metrics).toMatchObject({ jump: ['ssh:custom:bastion:6c1b2f0e'], hasPassword: true });
    expect(JSON.stringify(metrics)).not.toContain('hunter2');
    expect(scan.passwords.get(metrics.key)).toBe('hunter2-not-real');
    expect(scan.skipped).toEqual([{ name: 'Local shell', reason: expect.stringMatching(/local profile/) }]);
  });

  it('refuses YAML anchors (a billion-laughs file) and garbage without throwing', () => {
    const bomb = ['a: &a ["x","x"]', 'b: &b [*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b]', 'profiles: [*c]'].join('\n');
    expect(parseTabbyConfig(bomb).hosts).toEqual([]);
    expect(parseTabbyConfig(bomb).skipped[0]!.reason).toMatch(/not YAML Jumpgate can read/);
    expect(parseTabbyConfig('profiles: 42').hosts).toEqual([]);
    expect(parseTabbyConfig(':\n  - [').skipped).toHaveLength(1);
  });
});

describe('hostile files', () => {
  it('escapes control and bidi characters in names, refuses odd host names, and bounds the number of entries', () => {
    const reg = (name: string, host: string) =>
      `[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\${name}]\n"HostName"="${host}"\n"Protocol"="ssh"\n`;
    const scan = parsePuttyReg(reg('evil%1B%5B2J%E2%80%AEname', 'ok.example') + reg('injected', 'host -oProxyCommand=x'));
    expect(scan.hosts[0]!.name).toBe('evil\\x1b[2J\\u202ename');
    expect(scan.skipped).toEqual([{ name: 'injected', reason: expect.stringMatching(/no host name/) }]);
    const long = parsePuttyReg(reg('x'.repeat(600), 'h.example'));
    expect(long.hosts).toEqual([]);
    expect(long.skipped[0]!.reason).toMatch(/longer than 512/);
    const gateways = Array.from({ length: 40 }, (_, i) => `gw${i}.example`).join('__PIPE__');
    expect(
      parseMobaxterm(`[Bookmarks]\nwide=#109#0%h.example%22%u%%-1%-1%%${gateways}%%%0%0%0%%\n`).hosts.find((host) => host.key === 'wide')!.jump,
    ).toHaveLength(16);
    const many = Array.from({ length: MAX_IMPORT_ENTRIES + 50 }, (_, i) => reg(`s${i}`, 'h.example')).join('');
    expect(parsePuttyReg(many).hosts).toHaveLength(MAX_IMPORT_ENTRIES);
    expect(parseMobaxterm('[Bookmarks]\n' + '\u0000'.repeat(1000) + '\nx=#109#0%\n').hosts).toEqual([]);
  });
});
