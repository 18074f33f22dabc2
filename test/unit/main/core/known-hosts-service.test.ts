import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownHostsService } from '../../../../main/core/known-hosts-service';
import { fingerprintSha256, hashKnownHostsName } from '../../../../main/ssh/host-keys/host-key-format';
import { refusingConfirmer, type TrustConfirmation } from '../../../../main/prompts/trusted-confirmer';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

// The Known hosts page's listing and removal, on a file with every kind of line OpenSSH meets;
// removal is compared byte for byte with what OpenSSH's ssh-keygen -R makes of a copy.

let temp: TempDir;
let keys: { text: string; blob: Buffer }[];

function key(index: number): { text: string; blob: Buffer } {
  return keys[index]!;
}

beforeAll(() => {
  temp = makeTempDir('known-hosts-page');
  keys = ['ed25519', 'ecdsa', 'ed25519', 'ed25519', 'ed25519'].map((type, index) => {
    const file = path.join(temp.path, `key${index}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', file]);
    const text = readFileSync(`${file}.pub`, 'utf8').trim();
    return { text, blob: Buffer.from(text.split(' ')[1]!, 'base64') };
  });
});
afterAll(() => temp.dispose());

/** Every kind of line: comment, two patterns, [host]:port, hashed, @revoked, @cert-authority, CRLF, garbage, huge, blank. */
function mixedFile(options: { withGarbage?: boolean } = {}): Buffer {
  const salt = Buffer.alloc(20, 7);
  return Buffer.from(
    [
      '# written by hand\n',
      `plain.example.com,192.0.2.10 ${key(0).text}\n`,
      `[plain.example.com]:2222 ${key(1).text}\n`,
      `${hashKnownHostsName('hashed.example.com', salt)} ${key(2).text}\n`,
      `@revoked plain.example.com ${key(3).text}\n`,
      `@cert-authority *.example.com ${key(4).text}\n`,
      `crlf.example.com ${key(2).text}\r\n`,
      options.withGarbage === false ? '' : 'this is not a known_hosts line\n',
      `${'h'.repeat(200_000)} ${key(3).text}\n`,
      '\n',
      `plain.example.com ${key(4).text}\n`,
    ].join(''),
  );
}

function homeWith(content: Buffer, mode = 0o644): { home: string; file: string } {
  const home = path.join(temp.path, `home-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  const file = path.join(home, '.ssh', 'known_hosts');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return { home, file };
}

function service(home: string, answer: boolean | 'refuse' = true) {
  const asked: TrustConfirmation[] = [];
  const confirmer = answer === 'refuse' ? refusingConfirmer : { confirm: async (request: TrustConfirmation) => (asked.push(request), answer) };
  return { asked, knownHosts: new KnownHostsService({ env: { HOME: home }, findProfile: () => undefined, confirmer }) };
}

describe('the Known hosts page: listing', () => {
  it('lists every entry with its patterns, port, type, fingerprint, file and line; markers as such; garbage counted, not shown', async () => {
    const { home, file } = homeWith(mixedFile());
    const listing = await service(home).knownHosts.list({});
    const rows = listing.entries.filter((entry) => entry.file === file);
    expect(rows.map((row) => [row.line, row.hosts?.slice(0, 40) ?? null, row.port, row.marker, row.keyType])).toEqual([
      [2, 'plain.example.com,192.0.2.10', 22, null, 'ssh-ed25519'],
      [3, '[plain.example.com]:2222', 2222, null, 'ecdsa-sha2-nistp256'],
      [4, null, null, null, 'ssh-ed25519'],
      [5, 'plain.example.com', 22, 'revoked', 'ssh-ed25519'],
      [6, '*.example.com', 22, 'cert-authority', 'ssh-ed25519'],
      [7, 'crlf.example.com', 22, null, 'ssh-ed25519'],
      [9, 'h'.repeat(40), 22, null, 'ssh-ed25519'],
      [11, 'plain.example.com', 22, null, 'ssh-ed25519'],
    ]);
    expect(rows[0]!.fingerprint).toBe(fingerprintSha256(key(0).blob));
    // A huge field is cut short for the window.
    expect(rows[6]!.hosts!.length).toBeLessThan(600);
    expect(listing.files.find((info) => info.file === file)).toMatchObject({ exists: true, isWritable: true, ignoredLines: 1 });
    expect(listing.files.map((info) => path.basename(info.file))).toEqual(['known_hosts', 'known_hosts2', 'ssh_known_hosts', 'ssh_known_hosts2']);
    expect(listing.files.find((info) => info.file.endsWith('known_hosts2') && info.isWritable)).toMatchObject({ exists: false });
  });

  it('a search finds a hashed line when the typed host hashes to it, as OpenSSH looks it up; and plain text elsewhere', async () => {
    const { home } = homeWith(mixedFile());
    const { knownHosts } = service(home);
    const hashed = await knownHosts.list({ search: 'Hashed.Example.com' });
    expect(hashed.searchedName).toBe('hashed.example.com');
    // The certificate authority for *.example.com names it too, as ssh-keygen -F would show.
    expect(hashed.entries).toEqual([
      expect.objectContaining({ line: 4, hosts: null, port: 22, matchedName: 'hashed.example.com' }),
      expect.objectContaining({ line: 6, marker: 'cert-authority', matchedName: 'hashed.example.com' }),
    ]);
    const ported = await knownHosts.list({ search: '[plain.example.com]:2222' });
    expect(ported.entries.map((entry) => entry.line)).toEqual([3]);
    expect(ported.entries[0]).toMatchObject({ port: 2222, matchedName: '[plain.example.com]:2222' });
    const text = await knownHosts.list({ search: 'example' });
    expect(text.entries.map((entry) => entry.line)).toEqual([2, 3, 5, 6, 7, 11]);
    const byFingerprint = await knownHosts.list({ search: fingerprintSha256(key(1).blob).slice(7, 20) });
    expect(byFingerprint.entries.map((entry) => entry.line)).toEqual([3]);
  });
});

describe('the Known hosts page: removal, byte for byte as ssh-keygen -R', () => {
  for (const name of ['plain.example.com', 'hashed.example.com', '[plain.example.com]:2222', 'crlf.example.com', '192.0.2.10']) {
    it(`removes ${name} leaving exactly what ssh-keygen -R leaves, with the file's mode`, async () => {
      // ssh-keygen -R rewrites no file with a line it cannot parse (the next test): this one has none.
      const { home, file } = homeWith(mixedFile({ withGarbage: false }), 0o640);
      const theirs = path.join(temp.path, `theirs-${Math.random().toString(36).slice(2)}`);
      copyFileSync(file, theirs);
      execFileSync('ssh-keygen', ['-R', name, '-f', theirs], { stdio: ['ignore', 'ignore', 'pipe'] });
      const { knownHosts, asked } = service(home);
      const result = await knownHosts.remove(name);
      expect(readFileSync(file).equals(readFileSync(theirs))).toBe(true);
      expect(result.removed).toEqual([{ file, lines: expect.any(Number) }]);
      expect(statSync(file).mode & 0o777).toBe(0o640);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.message).toContain(name.toLowerCase());
    });
  }

  it('keeps a line it cannot parse as it is, where ssh-keygen -R would refuse to rewrite the file at all', async () => {
    const { home, file } = homeWith(mixedFile());
    const expected = Buffer.from(
      mixedFile()
        .toString('latin1')
        .split(/(?<=\n)/)
        .filter((line) => !/^(plain\.example\.com[ ,])/.test(line))
        .join(''),
      'latin1',
    );
    await service(home).knownHosts.remove('plain.example.com');
    expect(readFileSync(file).equals(expected)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('this is not a known_hosts line\n');
  });

  it('removes nothing unless the person confirms through main; the browser bridge refuses and says how to do it instead', async () => {
    const { home, file } = homeWith(mixedFile());
    const before = readFileSync(file);
    await expect(service(home, false).knownHosts.remove('plain.example.com')).rejects.toMatchObject({ code: 'PROMPT_CANCELLED' });
    await expect(service(home, 'refuse').knownHosts.remove('plain.example.com')).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      hint: { kind: 'forget-host-key', host: 'plain.example.com' },
    });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('says when no saved key names the host, and refuses what is not a host name', async () => {
    const { home } = homeWith(mixedFile());
    const { knownHosts, asked } = service(home);
    await expect(knownHosts.remove('nowhere.example.net')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(knownHosts.remove('*.example.com')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(asked).toHaveLength(0);
  });
});
