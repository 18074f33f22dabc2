import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { fingerprintSha256 } from '../../../../../main/ssh/host-keys/host-key-format';
import { KnownHosts } from '../../../../../main/ssh/host-keys/known-hosts';

// Every expectation about matching is checked against OpenSSH's own ssh-keygen on the same file.

interface TestKey {
  type: string;
  base64: string;
  blob: Buffer;
  /** `<type> <base64>`, the part of a known_hosts line after the host patterns. */
  text: string;
}

const isRoot = process.getuid?.() === 0;
let root: string;
let dir: string;
let caseNumber = 0;
let ed: TestKey; // ssh-ed25519
let ec: TestKey; // ecdsa-sha2-nistp256
let rsa: TestKey; // ssh-rsa
let ed2: TestKey; // a second ssh-ed25519

function generateKey(name: string, args: string[]): TestKey {
  const file = path.join(root, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', '', '-f', file]);
  const [type = '', base64 = ''] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ');
  return { type, base64, blob: Buffer.from(base64, 'base64'), text: `${type} ${base64}` };
}

/** ssh-keygen exits 1 when it finds nothing; that is an answer here, not a failure. */
function sshKeygen(args: string[]): string {
  try {
    return execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { status, stdout } = error as { status?: number; stdout?: string };
    if (status === 1 && stdout !== undefined) return stdout;
    throw error;
  }
}

/** Line numbers from ssh-keygen's "# Host NAME found: line N" comments. */
function foundLines(output: string): number[] {
  return [...output.matchAll(/^# Host .* found: line (\d+)/gm)].map((match) => Number(match[1]));
}

/** `-l` makes ssh-keygen parse each key, so malformed lines are skipped as ssh skips them. */
function opensshLookup(file: string, name: string): number[] {
  return foundLines(sshKeygen(['-l', '-F', name, '-f', file]));
}

function keyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jumpgate-kh-'));
  ed = generateKey('ed', ['-t', 'ed25519']);
  ec = generateKey('ec', ['-t', 'ecdsa', '-b', '256']);
  rsa = generateKey('rsa', ['-t', 'rsa', '-b', '2048']);
  ed2 = generateKey('ed2', ['-t', 'ed25519']);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  dir = path.join(root, `case${++caseNumber}`);
  mkdirSync(dir);
});

/** Only well-formed lines, because ssh-keygen -H and -R refuse files with malformed ones. */
function validFixture(): string {
  return [
    '# hosts for the cross-check',
    `alpha ${ed.text}`,
    `Alpha.Example.COM ${ec.text} a comment`,
    `[beta]:2222 ${ed.text}`,
    `[gamma]:22 ${rsa.text}`,
    `*.wild.org,!bad.wild.org ${ec.text}`,
    `a?c ${ed.text}`,
    `@revoked alpha ${rsa.text}`,
    `@cert-authority *.ca.net ${ed.text}`,
    `multi1,multi2 ${rsa.text}`,
    '',
    `  alpha\t${ec.text}\tindented, tab separated`,
    `alpha ${ed2.text}\r`,
    `!alpha,!*.wild.org,* ${ed2.text}`,
    `[*.wild.org]:* ${ed.text}`,
    `zeta ${ed.text}`,
  ].join('\n');
}

function malformedFixture(): string {
  const corrupt = `${ed.base64.slice(0, -4)}#abc`;
  return [
    validFixture(),
    `alpha ED25519 ${ed.base64}`,
    `alpha ssh-rsa ${ed.base64}`,
    `@bogus alpha ${ed.text}`,
    `@REVOKED alpha ${ed.text}`,
    `alpha ssh-ed25519 ${corrupt}`,
    `alpha ssh-ed25519 ${ed.base64.slice(0, 20)} ${ed.base64.slice(20)}`,
    `alpha ssh-ed25519`,
    `alpha rsa-sha2-256 ${rsa.base64}`,
    `alpha ssh-ed25519 ${ed.base64.replace(/=+$/, '')}`,
    `|2|abc|def ${ed.text}`,
    `alpha ${ed.text}`, // last line, no newline
  ].join('\n');
}

const QUERIES: [string, number][] = [
  ['alpha', 22],
  ['alpha', 2222],
  ['beta', 2222],
  ['beta', 22],
  ['gamma', 22],
  ['gamma', 2222],
  ['x.wild.org', 22],
  ['bad.wild.org', 22],
  ['x.wild.org', 2200],
  ['abc', 22],
  ['abbc', 22],
  ['multi1', 22],
  ['multi2', 22],
  ['alpha.example.com', 22],
  ['zeta', 22],
  ['host.ca.net', 22],
  ['nothing.here', 22],
];

function nameOf(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

async function ourLines(file: string, host: string, port: number): Promise<number[]> {
  const entries = await new KnownHosts({ userFiles: [file] }).lookup(host, port);
  return entries.map((entry) => entry.line);
}

describe('KnownHosts.lookup, cross-checked with ssh-keygen -F', () => {
  it('finds the same lines as OpenSSH in a plain file with malformed lines', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, malformedFixture());
    for (const [host, port] of QUERIES) {
      expect(await ourLines(file, host, port), `${host}:${port}`).toEqual(opensshLookup(file, nameOf(host, port)));
    }
    // Anchors, so that an ssh-keygen whose output we failed to parse cannot pass for agreement.
    expect(await ourLines(file, 'alpha', 22)).toEqual([2, 8, 12, 13, 24, 25, 27]);
    // A bare '*' also matches bracketed names: wildcards see '[host]:port' as plain text.
    expect(opensshLookup(file, '[x.wild.org]:2200')).toEqual([14, 15]);
  });

  it('finds the same lines as OpenSSH after ssh-keygen -H hashed the file', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, validFixture());
    sshKeygen(['-H', '-f', file]);
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/m);
    for (const [host, port] of QUERIES) {
      expect(await ourLines(file, host, port), `${host}:${port}`).toEqual(opensshLookup(file, nameOf(host, port)));
    }
    const entries = await new KnownHosts({ userFiles: [file] }).lookup('beta', 2222);
    expect(entries.map((entry) => [entry.isHashed, entry.keyType])).toEqual([
      [true, 'ssh-ed25519'],
      [false, 'ssh-ed25519'], // ssh-keygen -H leaves wildcard lines as they are
    ]);
  });

  it('does not let [host]:22 match port 22, as neither ssh-keygen -F nor ssh does', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `[gamma]:22 ${ed.text}\n`);
    expect(opensshLookup(file, 'gamma')).toEqual([]);
    expect(await ourLines(file, 'gamma', 22)).toEqual([]);
  });

  it('lowercases the host before matching hashed names, as ssh does', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n`);
    sshKeygen(['-H', '-f', file]);
    expect(await ourLines(file, 'ALPHA', 22)).toEqual([1]);
    expect(await ourLines(file, 'alpha', 22)).toEqual(opensshLookup(file, 'alpha'));
  });

  it('reads every user and global file, each with its own line numbers', async () => {
    const user = path.join(dir, 'user');
    const global = path.join(dir, 'global');
    writeFileSync(user, `# c\nalpha ${ed.text}\n`);
    writeFileSync(global, `alpha ${ec.text}\n`);
    const entries = await new KnownHosts({ userFiles: [path.join(dir, 'missing'), user], globalFiles: [global] }).lookup('alpha', 22);
    expect(entries.map((entry) => [entry.file, entry.line, entry.keyType, entry.marker])).toEqual([
      [user, 2, 'ssh-ed25519', null],
      [global, 1, 'ecdsa-sha2-nistp256', null],
    ]);
    expect(entries[0]?.key.equals(ed.blob)).toBe(true);
  });

  it('sees a change another program made to the file since the last call', async () => {
    const file = path.join(dir, 'known_hosts');
    const knownHosts = new KnownHosts({ userFiles: [file] });
    expect(await knownHosts.lookup('alpha', 22)).toEqual([]);
    writeFileSync(file, `alpha ${ed.text}\n`);
    expect((await knownHosts.lookup('alpha', 22)).map((entry) => entry.line)).toEqual([1]);
  });

  it('treats a file it cannot read as empty', async () => {
    const folder = path.join(dir, 'is-a-folder');
    mkdirSync(folder);
    expect(await new KnownHosts({ userFiles: [folder] }).lookup('alpha', 22)).toEqual([]);
  });

  it.skipIf(isRoot)('treats a file without read permission as empty', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n`, { mode: 0o000 });
    expect(await new KnownHosts({ userFiles: [file] }).lookup('alpha', 22)).toEqual([]);
  });
});

describe('KnownHosts.check', () => {
  async function check(content: string, host: string, port: number, key: TestKey) {
    const file = path.join(dir, `known_hosts_${host}_${port}_${key.type}`);
    writeFileSync(file, content);
    return new KnownHosts({ userFiles: [file] }).check(host, port, key.blob);
  }

  it('says known for a stored key, and which line holds it', async () => {
    const result = await check(`other ${ec.text}\nalpha ${ec.text}\nalpha ${ed.text}\n`, 'alpha', 22, ed);
    expect(result).toMatchObject({ status: 'known', entry: { line: 3, keyType: 'ssh-ed25519', marker: null } });
  });

  it('says changed with every stored key when none is this one', async () => {
    const result = await check(`alpha ${ed2.text}\n# x\n[alpha]:2222 ${ed.text}\n`, 'alpha', 22, ed);
    expect(result.status).toBe('changed');
    expect(result.status === 'changed' && result.entries.map((entry) => entry.line)).toEqual([1]);
  });

  it('says changed when only keys of another type are stored', async () => {
    const result = await check(`alpha ${rsa.text}\nalpha ${ec.text}\n`, 'alpha', 22, ed);
    expect(result.status === 'changed' && result.entries.map((entry) => [entry.line, entry.keyType])).toEqual([
      [1, 'ssh-rsa'],
      [2, 'ecdsa-sha2-nistp256'],
    ]);
  });

  it('says revoked even when the same key is also stored as trusted', async () => {
    const result = await check(`alpha ${ed.text}\n@revoked * ${ed.text}\n`, 'alpha', 22, ed);
    expect(result).toMatchObject({ status: 'revoked', entry: { line: 2, marker: 'revoked' } });
  });

  it('ignores a revocation whose host patterns do not name the host, as ssh does', async () => {
    const result = await check(`@revoked zzz ${ed.text}\nalpha ${ed.text}\n`, 'alpha', 22, ed);
    expect(result).toMatchObject({ status: 'known', entry: { line: 2 } });
  });

  it('says unknown when only certificate authorities or other ports are stored', async () => {
    const result = await check(`@cert-authority alpha ${ed2.text}\n[alpha]:2222 ${ec.text}\n`, 'alpha', 22, ed);
    expect(result).toEqual({ status: 'unknown' });
  });

  it('lists the key types stored for the host, once each, without marked lines', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n@revoked alpha ${rsa.text}\nalpha ${ec.text}\nalpha ${ed2.text}\n`);
    expect(await new KnownHosts({ userFiles: [file] }).knownKeyTypes('alpha', 22)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256']);
  });
});

describe('KnownHosts.add', () => {
  it('creates a private folder and file and writes the line OpenSSH writes', async () => {
    const file = path.join(dir, 'new', '.ssh', 'known_hosts');
    const result = await new KnownHosts({ userFiles: [file] }).add('Alpha', 22, ed.blob);
    expect(result).toEqual({ isSaved: true, file, line: 1 });
    expect(readFileSync(file, 'utf8')).toBe(`alpha ${ed.text}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(sshKeygen(['-l', '-F', 'alpha', '-f', file])).toContain(fingerprintSha256(ed.blob));
  });

  it('writes a hashed name that ssh-keygen -F finds, with a fresh salt each time', async () => {
    const file = path.join(dir, 'known_hosts');
    const knownHosts = new KnownHosts({ userFiles: [file] });
    expect(await knownHosts.add('beta', 2222, ec.blob, { hash: true })).toEqual({ isSaved: true, file, line: 1 });
    expect(await knownHosts.add('beta', 2222, ed.blob, { hash: true })).toEqual({ isSaved: true, file, line: 2 });
    const [first = '', second = ''] = readFileSync(file, 'utf8').split('\n');
    expect(first).toMatch(/^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ecdsa-sha2-nistp256 /);
    expect(first.split(' ')[0]).not.toBe(second.split(' ')[0]);
    expect(opensshLookup(file, '[beta]:2222')).toEqual([1, 2]);
    expect(opensshLookup(file, 'beta')).toEqual([]);
  });

  it('keeps every earlier byte, adding the missing final newline first', async () => {
    const file = path.join(dir, 'known_hosts');
    const before = Buffer.concat([
      Buffer.from(`# comment\r\nalpha ${ed.text}\r\n\n   \n@cert-authority *.ca.net ${ed.text}\n`),
      Buffer.from([0x23, 0xff, 0xfe, 0x0a]), // '#', bytes that are not UTF-8, newline
      Buffer.from(`zeta ${ec.text} no newline`),
    ]);
    writeFileSync(file, before);
    const result = await new KnownHosts({ userFiles: [file] }).add('beta', 22, rsa.blob);
    const after = readFileSync(file);
    expect(after.equals(Buffer.concat([before, Buffer.from(`\nbeta ${rsa.text}\n`)]))).toBe(true);
    expect(result.line).toBe(8);
    expect(opensshLookup(file, 'beta')).toEqual([8]);
  });

  it('adds no extra newline to a file that ends with one', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n`);
    expect((await new KnownHosts({ userFiles: [file] }).add('beta', 22, ed.blob)).line).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(`alpha ${ed.text}\nbeta ${ed.text}\n`);
  });

  it('keeps the file mode and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n`);
    chmodSync(file, 0o664); // group-writable, so that the usual umask (022) would narrow it
    const knownHosts = new KnownHosts({ userFiles: [file] });
    await knownHosts.add('beta', 22, ed.blob);
    await knownHosts.remove('alpha', 22);
    expect(statSync(file).mode & 0o777).toBe(0o664);
    expect(readdirSync(dir)).toEqual(['known_hosts']);
  });

  it('writes through a symbolic link instead of replacing it', async () => {
    const real = path.join(dir, 'real_known_hosts');
    const link = path.join(dir, 'known_hosts');
    writeFileSync(real, `alpha ${ed.text}\n`);
    symlinkSync(real, link);
    await new KnownHosts({ userFiles: [link] }).add('beta', 22, ed.blob);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(`alpha ${ed.text}\nbeta ${ed.text}\n`);
  });

  it('loses no line when many adds run at once, from one or two instances', async () => {
    const file = path.join(dir, 'known_hosts');
    const first = new KnownHosts({ userFiles: [file] });
    const second = new KnownHosts({ userFiles: [file] });
    const hosts = Array.from({ length: 30 }, (_, index) => `host${index}`);
    const results = await Promise.all(hosts.map((host, index) => (index % 2 ? first : second).add(host, 22, ed.blob)));
    expect(results.map((result) => result.line ?? 0).sort((a, b) => a - b)).toEqual(hosts.map((_, index) => index + 1));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[0]).sort()).toEqual([...hosts].sort());
    results.forEach((result, index) => expect(lines[(result.line ?? 0) - 1]).toBe(`host${index} ${ed.text}`));
  });

  it('fails with KNOWN_HOSTS_WRITE_FAILED naming the file and the reason', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const file = path.join(blocker, 'known_hosts');
    const error = await new KnownHosts({ userFiles: [file] }).add('alpha', 22, ed.blob).catch((caught: unknown) => caught);
    expect(AppError.is(error, 'KNOWN_HOSTS_WRITE_FAILED')).toBe(true);
    expect((error as AppError).message).toBe(`Could not save the host key to ${file}: a part of its path is a file, not a folder.`);
  });

  it.skipIf(isRoot)('says permission denied for a folder it may not write', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `alpha ${ed.text}\n`);
    chmodSync(dir, 0o500);
    try {
      const error = await new KnownHosts({ userFiles: [file] }).add('beta', 22, ed.blob).catch((caught: unknown) => caught);
      expect((error as AppError).message).toBe(`Could not save the host key to ${file}: permission denied. Check the file's permissions.`);
      expect(readdirSync(dir)).toEqual(['known_hosts']);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('refuses a key blob OpenSSH could not read back', async () => {
    const file = path.join(dir, 'known_hosts');
    const truncated = ed.blob.subarray(0, ed.blob.length - 1);
    await expect(new KnownHosts({ userFiles: [file] }).add('alpha', 22, truncated)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('KnownHosts.remove, cross-checked with ssh-keygen -R', () => {
  const NAMES: [string, number][] = [
    ['alpha', 22],
    ['beta', 2222],
    ['multi2', 22],
    ['x.wild.org', 22],
    ['x.wild.org', 2200],
    ['nothing', 22],
  ];

  for (const isHashed of [false, true]) {
    it(`leaves the same lines as ssh-keygen -R in a${isHashed ? ' hashed' : 'n unhashed'} file`, async () => {
      for (const [host, port] of NAMES) {
        const ours = path.join(dir, `ours_${host}_${port}`);
        const theirs = path.join(dir, `theirs_${host}_${port}`);
        writeFileSync(ours, validFixture());
        if (isHashed) sshKeygen(['-H', '-f', ours]);
        writeFileSync(theirs, readFileSync(ours));
        const output = sshKeygen(['-R', nameOf(host, port), '-f', theirs]);

        const removed = await new KnownHosts({ userFiles: [ours] }).remove(host, port);
        expect(removed, `${host}:${port}`).toBe(foundLines(output).length);
        expect(keyLines(readFileSync(ours, 'utf8')), `${host}:${port}`).toEqual(keyLines(readFileSync(theirs, 'utf8')));
      }
    });
  }

  it('keeps every other byte, marked lines and lines it cannot parse', async () => {
    const file = path.join(dir, 'known_hosts');
    const kept = [`# c\r\n`, `@revoked alpha ${rsa.text}\n`, `alpha not-a-key\n`, `\n`, `beta ${ed.text}\r\n`, `@cert-authority alpha ${ed.text}`];
    const gone = [`alpha ${ed.text}\r\n`, `ALPHA,beta ${ec.text}\n`, `al* ${ed2.text}\n`];
    writeFileSync(file, [kept[0], gone[0], kept[1], gone[1], kept[2], kept[3], gone[2], kept[4], kept[5]].join(''));
    expect(await new KnownHosts({ userFiles: [file] }).remove('alpha', 22)).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(kept.join(''));
  });

  it('only writes the first user file, and leaves it alone when nothing matches', async () => {
    const user = path.join(dir, 'user');
    const other = path.join(dir, 'other');
    writeFileSync(user, `beta ${ed.text}`);
    writeFileSync(other, `alpha ${ed.text}\n`);
    const before = statSync(user).mtimeMs;
    const knownHosts = new KnownHosts({ userFiles: [user, other] });
    expect(await knownHosts.remove('alpha', 22)).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe(`alpha ${ed.text}\n`);
    expect(statSync(user).mtimeMs).toBe(before);
    expect(await new KnownHosts({ userFiles: [path.join(dir, 'missing')] }).remove('alpha', 22)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['other', 'user']);
  });
});
