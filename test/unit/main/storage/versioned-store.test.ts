import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { salvageList } from '../../../../main/storage/salvage';
import { confBackend } from '../../../../main/storage/store-backend';
import { type Migration, type StoreSchema, VersionedStore } from '../../../../main/storage/versioned-store';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

// A store whose format changed twice: v1 kept `host`, v2 renamed it to `destination`,
// v3 added `tags`. What a real store's history would look like after a few releases.
const Item = z.object({ id: z.string(), destination: z.string(), tags: z.array(z.string()) });
type Item = z.infer<typeof Item>;

function itemsSchema(version: number): StoreSchema<Item[]> {
  return {
    name: 'items',
    noun: 'items',
    version,
    migrations: (
      [
        {
          from: 1,
          up: (body) => ({ items: (body.items as { host: string }[]).map(({ host, ...rest }) => ({ ...rest, destination: host })) }),
        },
        { from: 2, up: (body) => ({ items: (body.items as object[]).map((item) => ({ ...item, tags: [] })) }) },
      ] satisfies Migration[]
    ).filter((migration) => migration.from < version),
    empty: () => [],
    salvage: (body) => salvageList(body.items, { schema: Item, noun: 'item', key: (item) => item.id, label: (raw) => String(raw.id) }),
    serialize: (items) => ({ items }),
  };
}

describe('VersionedStore', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('store');
    file = join(dir.path, 'items.json');
  });
  afterEach(() => dir.dispose());

  const open = (version = 3): VersionedStore<Item[]> => new VersionedStore(confBackend(), dir.path, itemsSchema(version));
  const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const backups = (kind: string) => readdirSync(dir.path).filter((name) => name.startsWith(`items.json.${kind}`));

  it('starts empty without creating a file, and writes the current version on the first change', () => {
    const store = open();
    expect(store.value).toEqual([]);
    expect(store.problems).toEqual([]);
    expect(readdirSync(dir.path)).toEqual([]);
    store.write([{ id: 'a', destination: 'h', tags: [] }]);
    expect(onDisk()).toEqual({ schemaVersion: 3, items: [{ id: 'a', destination: 'h', tags: [] }] });
    expect(open().value).toEqual([{ id: 'a', destination: 'h', tags: [] }]);
  });

  it('upgrades a v1 file through every migration, keeps its data, and keeps the v1 original', () => {
    const v1 = JSON.stringify({
      schemaVersion: 1,
      items: [
        { id: 'a', host: 'alpha' },
        { id: 'b', host: 'beta' },
      ],
    });
    writeFileSync(file, v1);
    const store = open();
    expect(store.problems).toEqual([]);
    expect(store.value).toEqual([
      { id: 'a', destination: 'alpha', tags: [] },
      { id: 'b', destination: 'beta', tags: [] },
    ]);
    expect(onDisk()).toEqual({ schemaVersion: 3, items: store.value });
    expect(readFileSync(join(dir.path, 'items.json.v1.bak'), 'utf8')).toBe(v1);
  });

  it('reads a file without a version as v1', () => {
    writeFileSync(file, JSON.stringify({ items: [{ id: 'a', host: 'alpha' }] }));
    expect(open().value).toEqual([{ id: 'a', destination: 'alpha', tags: [] }]);
    expect(onDisk().schemaVersion).toBe(3);
  });

  it('keeps broken JSON byte for byte as a backup, reports it, and stays usable', () => {
    const broken = '{"schemaVersion": 3, "items": [{"id": "a", "destination": "h", "tags": []},, \u0000';
    writeFileSync(file, broken);
    const store = open();
    expect(store.value).toEqual([]);
    expect(store.problems).toHaveLength(1);
    const [problem] = store.problems;
    expect(problem?.file).toBe(file);
    expect(problem?.message).toMatch(/not valid JSON/);
    expect(problem?.backup).toMatch(/items\.json\.corrupt-/);
    expect(readFileSync(problem!.backup!, 'utf8')).toBe(broken);
    expect(backups('corrupt')).toHaveLength(1);
    expect(onDisk()).toEqual({ schemaVersion: 3, items: [] });

    store.write([{ id: 'b', destination: 'x', tags: [] }]);
    expect(open().value).toEqual([{ id: 'b', destination: 'x', tags: [] }]);
    expect(readFileSync(problem!.backup!, 'utf8')).toBe(broken);
  });

  it('treats JSON that is not an object as broken', () => {
    writeFileSync(file, '[1, 2, 3]');
    const store = open();
    expect(store.problems[0]?.message).toMatch(/not valid JSON/);
    expect(store.isReadOnly).toBe(false);
  });

  it('keeps the valid items of a partly invalid file, names the dropped ones, backs the original up', () => {
    const original = JSON.stringify({
      schemaVersion: 3,
      items: [
        { id: 'a', destination: 'h', tags: [] },
        { id: 'bad', destination: 42, tags: [] },
        'junk',
        { id: 'a', destination: 'dup', tags: [] },
        { id: 'c', destination: 'k', tags: ['x'] },
      ],
    });
    writeFileSync(file, original);
    const store = open();
    expect(store.value.map((item) => item.id)).toEqual(['a', 'c']);
    expect(store.problems).toHaveLength(1);
    const message = store.problems[0]!.message;
    expect(message).toContain('item #2 "bad" (destination:');
    expect(message).toContain('item #3 (');
    expect(message).toContain('item #4 "a" (same id as an earlier one)');
    expect(readFileSync(store.problems[0]!.backup!, 'utf8')).toBe(original);
    // The salvaged content was written, so the next start is clean.
    expect(open().problems).toEqual([]);
  });

  it('opens a newer-version file read-only and never rewrites it', () => {
    const newer = JSON.stringify({ schemaVersion: 9, items: [{ id: 'a', destination: 'h', tags: [], future: true }] });
    writeFileSync(file, newer);
    const store = open();
    expect(store.isReadOnly).toBe(true);
    expect(store.value.map((item) => item.id)).toEqual(['a']);
    expect(store.problems[0]?.message).toMatch(/newer Jumpgate \(format 9; this one knows up to 3\)/);
    expect(() => store.write([])).toThrowError(expect.objectContaining({ code: 'STORAGE_READ_ONLY' }) as AppError);
    expect(readFileSync(file, 'utf8')).toBe(newer);
    expect(readdirSync(dir.path)).toEqual(['items.json']);
  });

  it('opens read-only, untouched, when a migration fails', () => {
    const v1 = JSON.stringify({ schemaVersion: 1, items: 'not a list' });
    writeFileSync(file, v1);
    const store = open();
    expect(store.isReadOnly).toBe(true);
    expect(store.problems[0]?.message).toMatch(/could not be upgraded from format 1/);
    expect(readFileSync(file, 'utf8')).toBe(v1);
  });

  it('sees what another process wrote since it last looked, and builds on it', () => {
    const app = open();
    const cli = open();
    app.write([{ id: 'a', destination: 'h', tags: [] }]);
    cli.write([...cli.value, { id: 'b', destination: 'k', tags: [] }]);
    expect(app.value.map((item) => item.id)).toEqual(['a', 'b']);
    writeFileSync(file, '{ broken');
    expect(app.value).toEqual([]);
    expect(app.problems[0]?.message).toMatch(/not valid JSON/);
  });

  it('writes owner-only files, in an owner-only folder it creates', () => {
    open().write([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const nested = join(dir.path, 'fresh', 'jumpgate');
    new VersionedStore(confBackend(), nested, itemsSchema(3)).write([]);
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    expect(statSync(join(nested, 'items.json')).mode & 0o777).toBe(0o600);
  });
});
