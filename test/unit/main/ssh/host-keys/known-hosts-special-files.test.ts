import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnownHosts } from '../../../../../main/ssh/host-keys/known-hosts';
import { freshEd25519Blob } from '../../../../helpers/host-key-blob';
import { makeSpecialFile, type SpecialKind, specialKinds } from '../../../../helpers/special-files';
import { makeTempDir, type TempDir } from '../../../../helpers/temp-dir';

const keyBlob = freshEd25519Blob;
const lineFor = (name: string, blob: Buffer) => `${name} ssh-ed25519 ${blob.toString('base64')}\n`;

let temp: TempDir;
let dir: string;
beforeEach(() => {
  temp = makeTempDir('known-hosts-special');
  dir = temp.path;
});
afterEach(() => temp.dispose());

/** A path that is not a regular file, with a check that it is still what it was. */
function makeSpecial(kind: SpecialKind): { file: string; isIntact: () => boolean } {
  const file = path.join(dir, 'known_hosts');
  return { file, isIntact: makeSpecialFile(file, kind) };
}

const KINDS = specialKinds();

describe.each(KINDS)('a known_hosts path that is %s is read if it can be, never written or replaced', (kind) => {
  it('add: accepts without saving and says why; the path stays what it was, and no temporary file is left', async () => {
    const special = makeSpecial(kind);
    const result = await new KnownHosts({ userFiles: [special.file] }).add('alpha', 22, keyBlob());
    expect(result).toMatchObject({ isSaved: false, file: special.file });
    expect(result.isSaved ? '' : result.reason).toContain('not a regular file');
    expect(special.isIntact()).toBe(true);
    expect(readdirSync(dir)).toEqual(['known_hosts']);
  });

  it('remove: removes nothing and leaves the path alone', async () => {
    const special = makeSpecial(kind);
    expect(await new KnownHosts({ userFiles: [special.file] }).remove('alpha', 22)).toBe(0);
    expect(special.isIntact()).toBe(true);
  });

  it('lookup: finds nothing (a FIFO nobody writes does not hang it)', async () => {
    const special = makeSpecial(kind);
    expect(await new KnownHosts({ userFiles: [special.file] }).lookup('alpha', 22)).toEqual([]);
  });
});

it('reads /dev/null itself as an empty file', async () => {
  const knownHosts = new KnownHosts({ userFiles: ['/dev/null'], globalFiles: ['/dev/null'] });
  expect(await knownHosts.check('alpha', 22, keyBlob())).toEqual({ status: 'unknown' });
});

describe('a symlinked known_hosts is written through to its target, keeping the link', () => {
  it('a chain of links: the last target gets the line, every link stays a link', async () => {
    const real = path.join(dir, 'real_known_hosts');
    const middle = path.join(dir, 'middle');
    const link = path.join(dir, 'known_hosts');
    const first = keyBlob();
    writeFileSync(real, lineFor('alpha', first));
    symlinkSync('real_known_hosts', middle);
    symlinkSync(middle, link);
    const second = keyBlob();
    expect(await new KnownHosts({ userFiles: [link] }).add('beta', 22, second)).toMatchObject({ file: link, line: 2 });
    expect(readlinkSync(middle)).toBe('real_known_hosts');
    expect(readlinkSync(link)).toBe(middle);
    expect(readFileSync(real, 'utf8')).toBe(lineFor('alpha', first) + lineFor('beta', second));
  });

  it('a dangling link: its target is created (0600), as ssh does, and the link stays', async () => {
    const target = path.join(dir, 'dotfiles', 'known_hosts');
    const link = path.join(dir, 'known_hosts');
    symlinkSync(target, link);
    const blob = keyBlob();
    await new KnownHosts({ userFiles: [link] }).add('alpha', 22, blob);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(lineFor('alpha', blob));
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('a link to a special file is not replaced either', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'known_hosts');
    symlinkSync(fifo, link);
    await new KnownHosts({ userFiles: [link] }).add('alpha', 22, keyBlob());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});
