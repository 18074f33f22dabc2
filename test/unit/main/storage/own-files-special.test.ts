import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeFileAtomicSync } from '../../../../main/base/atomic-file';
import { confBackend } from '../../../../main/storage/store-backend';
import { Vault } from '../../../../main/storage/vault';
import { type StoreSchema, VersionedStore } from '../../../../main/storage/versioned-store';
import { makeSpecialFile, specialKinds } from '../../../helpers/special-files';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

/**
 * Jumpgate's own files (the vault, the store files) follow the known_hosts policy: a symlinked
 * file is written through to its target and stays a link; a path that is not a regular file is
 * never replaced or written (STORAGE_WRITE_FAILED) and reading it never hangs.
 */

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery staple';

let temp: TempDir;
let dir: string;
beforeEach(() => {
  temp = makeTempDir('own-files');
  dir = temp.path;
});
afterEach(() => temp.dispose());

const KINDS = specialKinds();

/** Only `name` (and what the test made) is in the folder: no temporary file was left. */
const leftovers = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

const Item = z.object({ id: z.string() });
const schema: StoreSchema<{ id: string }[]> = {
  name: 'items',
  noun: 'items',
  version: 1,
  migrations: [],
  empty: () => [],
  salvage: (body) => ({ value: z.array(Item).catch([]).parse(body.items), dropped: [] }),
  serialize: (items) => ({ items }),
};
const openStore = () => new VersionedStore(confBackend(), dir, schema);

describe('writeFileAtomicSync', () => {
  it('writes a symlinked file through to its target and keeps the link', () => {
    mkdirSync(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'real.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync('dotfiles/real.json', link);
    writeFileAtomicSync(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('dotfiles/real.json');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it.each(KINDS)('never replaces or writes %s, with a coded error, and leaves no temporary file', (kind) => {
    const file = join(dir, 'vault.json');
    const isIntact = makeSpecialFile(file, kind);
    expect(() => writeFileAtomicSync(file, 'x')).toThrowError(
      expect.objectContaining({ code: 'STORAGE_WRITE_FAILED', message: expect.stringMatching(/is not a regular file/) }),
    );
    expect(isIntact()).toBe(true);
    expect(leftovers()).toEqual([]);
  });
});

describe('the vault file', () => {
  it('a symlinked vault.json stays a link when the vault changes', async () => {
    const target = join(dir, 'elsewhere.json');
    await new Vault({ file: target, scrypt: FAST }).setup(PASS);
    const file = join(dir, 'vault.json');
    symlinkSync(target, file);
    const vault = new Vault({ file, scrypt: FAST });
    await vault.unlock(PASS);
    vault.setSecret('profile/a/password', 'kept');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(await new Vault({ file: target, scrypt: FAST }).unlock(PASS)).toMatchObject({ state: 'unlocked' });
  });

  it.each(KINDS)('vault.json that is %s: status answers (no hang), setup refuses with a coded error, the path stays what it was', async (kind) => {
    const file = join(dir, 'vault.json');
    const isIntact = makeSpecialFile(file, kind);
    const vault = new Vault({ file, scrypt: FAST });
    expect(vault.status().state).toBe('locked');
    await expect(vault.unlock(PASS)).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringMatching(/not a regular file/) });
    await expect(vault.setup(PASS)).rejects.toMatchObject({ code: expect.stringMatching(/VAULT_ALREADY_SET_UP|STORAGE_WRITE_FAILED/) });
    expect(isIntact()).toBe(true);
    expect(leftovers()).toEqual([]);
  });
});

describe('store files (profiles, tunnels, settings)', () => {
  it('a symlinked store file stays a link, also when it was unreadable and set aside', () => {
    const target = join(dir, 'real-items.json');
    writeFileSync(target, '{ not json');
    const file = join(dir, 'items.json');
    symlinkSync(target, file);
    const store = openStore();
    expect(store.problems[0]?.message).toMatch(/not valid JSON/);
    store.write([{ id: 'a' }]);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ items: [{ id: 'a' }] });
  });

  it.each(KINDS)('a store file that is %s: opening does not hang, it is reported, a change is STORAGE_WRITE_FAILED, the path stays what it was', (kind) => {
    const file = join(dir, 'items.json');
    const isIntact = makeSpecialFile(file, kind);
    const store = openStore();
    expect(store.value).toEqual([]);
    expect(store.problems[0]?.message).toMatch(/not a regular file/);
    expect(() => store.write([{ id: 'a' }])).toThrowError(
      expect.objectContaining({ code: 'STORAGE_WRITE_FAILED', message: expect.stringMatching(/items\.json is not a regular file/) }),
    );
    expect(isIntact()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.includes('corrupt') || name.endsWith('.tmp'))).toEqual([]);
  });
});
