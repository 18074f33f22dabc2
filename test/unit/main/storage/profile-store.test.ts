import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import type { ProfileId } from '../../../../shared/model/profile';
import { ProfileStore } from '../../../../main/storage/profile-store';
import { parseForward } from '../../../../shared/model/forward-spec';
import { TunnelProfile } from '../../../../shared/model/tunnel-profile';
import { type KeyValueFile, type StoreBackendFactory, confBackend } from '../../../../main/storage/store-backend';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

const profile = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  destination: `${name}.example.org`,
  identityFiles: [],
  forwardAgent: false,
  options: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('ProfileStore', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('profiles');
    file = join(dir.path, 'profiles.json');
  });
  afterEach(() => dir.dispose());

  it('keeps tags, marks a profile used when asked, and a save from the editor keeps that time', () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const store = new ProfileStore(confBackend(), dir.path, { now: () => new Date(clock) });
    const web = store.save({ name: 'web', destination: 'web.example.org', tags: ['prod', 'eu'] });
    expect(web.tags).toEqual(['prod', 'eu']);
    expect(web.lastUsedAt).toBeUndefined();
    expect(store.save({ name: 'bare', destination: 'bare.example.org' }).tags).toEqual([]);

    clock += 60_000;
    store.markUsed(web.id);
    expect(new ProfileStore(confBackend(), dir.path).get(web.id)?.lastUsedAt).toBe('2026-03-01T10:01:00.000Z');

    clock += 60_000;
    const edited = store.save({ ...web, name: 'web-1', lastUsedAt: '1999-01-01T00:00:00.000Z' } as never);
    expect(edited.lastUsedAt).toBe('2026-03-01T10:01:00.000Z');
    store.markUsed('gone-profile-id' as ProfileId);
    expect(store.list()).toHaveLength(2);
  });

  it('creates, updates, lists and removes profiles, and a second store reads them back', () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const store = new ProfileStore(confBackend(), dir.path, { now: () => new Date(clock) });
    const web = store.save({ name: 'web', destination: 'web.example.org', user: 'deploy', port: 2222 });
    expect(web.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(web).toMatchObject({ name: 'web', identityFiles: [], forwardAgent: false, createdAt: '2026-03-01T10:00:00.000Z' });
    const db = store.save({ name: 'db', destination: 'db.internal', jump: 'web' });

    clock += 60_000;
    const renamed = store.save({ ...web, name: 'web-1' });
    expect(renamed).toMatchObject({ id: web.id, name: 'web-1', createdAt: web.createdAt, updatedAt: '2026-03-01T10:01:00.000Z' });

    const again = new ProfileStore(confBackend(), dir.path);
    expect(again.list().map((p) => p.name)).toEqual(['web-1', 'db']);
    expect(again.get(db.id)).toEqual(db);

    again.remove(db.id, []);
    again.remove(db.id, []);
    expect(new ProfileStore(confBackend(), dir.path).list().map((p) => p.id)).toEqual([web.id]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('hands out copies, so a caller cannot change what is stored', () => {
    const store = new ProfileStore(confBackend(), dir.path);
    const saved = store.save({ name: 'a', destination: 'a' });
    store.list()[0]!.name = 'changed';
    saved.options.x = 'y';
    expect(store.get(saved.id)).toMatchObject({ name: 'a', options: {} });
  });

  it('refuses an invalid draft and an unknown id with coded errors', () => {
    const store = new ProfileStore(confBackend(), dir.path);
    expect(() => store.save({ name: '', destination: 'x' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as AppError);
    expect(() => store.save({ id: 'missing-id' as ProfileId, name: 'x', destination: 'x' })).toThrowError(
      expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }) as AppError,
    );
    expect(store.list()).toEqual([]);
  });

  it('keeps the valid profiles when one is invalid, backs the original up and says which was dropped', () => {
    const original = JSON.stringify({
      schemaVersion: 1,
      profiles: [
        profile('aaaaaaaa', 'alpha'),
        profile('bbbbbbbb', 'broken', { port: 70000 }),
        profile('cccccccc', 'gamma', { color: 'red' }),
        profile('dddddddd', 'delta'),
      ],
    });
    writeFileSync(file, original);
    const store = new ProfileStore(confBackend(), dir.path);
    expect(store.list().map((p) => p.name)).toEqual(['alpha', 'delta']);
    expect(store.problems).toHaveLength(1);
    const [problem] = store.problems;
    expect(problem!.message).toContain('profile #2 "broken" (port:');
    expect(problem!.message).toContain('profile #3 "gamma" (color:');
    expect(readFileSync(problem!.backup!, 'utf8')).toBe(original);
    expect(new ProfileStore(confBackend(), dir.path).list().map((p) => p.name)).toEqual(['alpha', 'delta']);
  });

  it('reports an unknown field instead of dropping it in silence', () => {
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, profiles: [profile('aaaaaaaa', 'alpha', { pasword: 'x' })] }));
    const store = new ProfileStore(confBackend(), dir.path);
    expect(store.list().map((p) => p.name)).toEqual(['alpha']);
    expect(store.problems[0]?.message).toContain('unknown field pasword');
  });

  it('starts usable from broken JSON, with the original kept', () => {
    writeFileSync(file, '{"schemaVersion":1,"profiles":[');
    const store = new ProfileStore(confBackend(), dir.path);
    expect(store.list()).toEqual([]);
    expect(readFileSync(store.problems[0]!.backup!, 'utf8')).toBe('{"schemaVersion":1,"profiles":[');
    store.save({ name: 'fresh', destination: 'f' });
    expect(new ProfileStore(confBackend(), dir.path).list().map((p) => p.name)).toEqual(['fresh']);
  });

  it('does not clobber a profiles file from a newer Jumpgate', () => {
    const newer = JSON.stringify({ schemaVersion: 2, profiles: [profile('aaaaaaaa', 'alpha')], folders: [] });
    writeFileSync(file, newer);
    const store = new ProfileStore(confBackend(), dir.path);
    expect(store.list().map((p) => p.name)).toEqual(['alpha']);
    expect(store.problems[0]?.message).toMatch(/newer Jumpgate/);
    expect(() => store.save({ name: 'x', destination: 'x' })).toThrowError(expect.objectContaining({ code: 'STORAGE_READ_ONLY' }) as AppError);
    expect(() => store.remove(store.list()[0]!.id, [])).toThrowError(expect.objectContaining({ code: 'STORAGE_READ_ONLY' }) as AppError);
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });

  it('goes through any backend with the same files: what one writes the other reads', () => {
    const writes: string[] = [];
    const recording: StoreBackendFactory = (options) => {
      const inner = confBackend()(options);
      const file: KeyValueFile = {
        path: inner.path,
        get: (key) => inner.get(key),
        set: (key, value) => inner.set(key, value),
        get store() {
          return inner.store;
        },
        set store(value) {
          writes.push(Object.keys(value).join(','));
          inner.store = value;
        },
      };
      return file;
    };
    new ProfileStore(recording, dir.path).save({ name: 'a', destination: 'a' });
    expect(writes).toEqual(['schemaVersion,profiles']);
    expect(new ProfileStore(confBackend(), dir.path).list().map((p) => p.name)).toEqual(['a']);
    expect(readdirSync(dir.path)).toEqual(['profiles.json']);
  });

  it('turns a failed write into STORAGE_WRITE_FAILED and keeps memory as it was', () => {
    const failing: StoreBackendFactory = (options) => {
      const inner = confBackend()(options);
      return {
        path: inner.path,
        get: (key) => inner.get(key),
        set: () => {
          throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        },
        get store() {
          return inner.store;
        },
        set store(_value) {
          throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        },
      };
    };
    const store = new ProfileStore(failing, dir.path);
    expect(() => store.save({ name: 'a', destination: 'a' })).toThrowError(
      expect.objectContaining({ code: 'STORAGE_WRITE_FAILED', message: expect.stringContaining('ENOSPC') as string }) as AppError,
    );
    expect(store.list()).toEqual([]);
  });

  it('refuses to remove a host that other hosts jump through or tunnels use, naming them (PROFILE_IN_USE)', () => {
    const store = new ProfileStore(confBackend(), dir.path);
    const bastion = store.save({ name: 'bastion', destination: 'gate.example.org' });
    const app = store.save({ name: 'app', destination: 'app.internal', jump: [{ profileId: bastion.id }] });
    const db = store.save({ name: 'db', destination: 'db.internal', jump: [{ destination: 'x' }, { profileId: bastion.id }] });
    const tunnels = [
      TunnelProfile.parse({ name: 'pg', connection: { profileId: db.id }, forwards: [parseForward('local', '5432:127.0.0.1:5432')] }),
      TunnelProfile.parse({
        name: 'web',
        connection: { spec: { destination: 'w', jump: [{ profileId: bastion.id }] } },
        forwards: [parseForward('local', '8080:127.0.0.1:80')],
      }),
    ];
    expect(() => store.remove(bastion.id, tunnels)).toThrowError(
      expect.objectContaining({
        code: 'PROFILE_IN_USE',
        message: 'bastion cannot be removed: the host app, the host db and the tunnel web use it. Change or remove them first.',
      }) as AppError,
    );
    expect(() => store.remove(db.id, tunnels)).toThrowError(
      expect.objectContaining({ code: 'PROFILE_IN_USE', message: expect.stringContaining('the tunnel pg uses it') }) as AppError,
    );
    expect(store.list()).toHaveLength(3);
    store.remove(app.id, tunnels);
    expect(store.list().map((p) => p.name)).toEqual(['bastion', 'db']);
  });

  it('reads a profiles.json written before jump hosts could be saved hosts, unchanged', () => {
    const old = { schemaVersion: 1, profiles: [profile('web-000001', 'web', { jump: 'me@gate:2222,inner', port: 2200, user: 'me' })] };
    writeFileSync(file, JSON.stringify(old));
    const store = new ProfileStore(confBackend(), dir.path);
    expect(store.problems).toEqual([]);
    expect(store.list()).toEqual(old.profiles.map((p) => ({ ...p, env: {}, autoReconnect: false, recordSessions: false, recordInput: false, tags: [] })));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(old);
  });

  it('refuses a save whose jump hosts go round in a circle, naming them (CONFIG_INVALID), and keeps the file as it was', () => {
    const store = new ProfileStore(confBackend(), dir.path);
    const outer = store.save({ name: 'outer', destination: 'outer.example.org' });
    const inner = store.save({ name: 'inner', destination: 'inner.internal', jump: [{ profileId: outer.id }] });
    const app = store.save({ name: 'app', destination: 'app.internal', jump: [{ profileId: inner.id }] });
    const circle = { code: 'CONFIG_INVALID', message: expect.stringContaining('go round in a circle: outer → app → inner → outer') } as unknown as AppError;
    expect(() => store.save({ ...outer, jump: [{ profileId: app.id }] })).toThrowError(expect.objectContaining(circle));
    // Through itself, too, at any place on its own route.
    expect(() => store.save({ ...app, jump: [{ destination: 'gate' }, { profileId: app.id }] })).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('app → app') }),
    );
    expect(store.get(outer.id)?.jump).toBeUndefined();
    // A later hop is reached through the one before it, not by its own route: as connecting does, no circle there.
    expect(store.save({ ...outer, jump: [{ destination: 'gate' }, { profileId: app.id }] }).jump).toHaveLength(2);
  });
});
