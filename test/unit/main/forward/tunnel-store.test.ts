import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { parseForward } from '../../../../shared/model/forward-spec';
import { TunnelProfile } from '../../../../shared/model/tunnel-profile';
import { TunnelStore } from '../../../../main/storage/tunnel-store';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('tunnels')));
afterEach(() => dir.dispose());

const profile = (name: string) =>
  TunnelProfile.parse({
    name,
    connection: { spec: { destination: 'me@db.example.com', jump: 'bastion' } },
    forwards: [parseForward('local', '5432:127.0.0.1:5432')],
  });

describe('TunnelStore', () => {
  it('saves, lists, replaces and removes tunnels, in a 0600 file another store reads back', () => {
    const store = new TunnelStore(dir.path);
    store.add(profile('db'));
    store.add(profile('web'));
    expect(() => store.add(profile('db'))).toThrowError(expect.objectContaining({ code: 'TUNNEL_EXISTS' }) as Error);
    store.add({ ...profile('db'), autoStart: true }, { replace: true });
    const again = new TunnelStore(dir.path);
    expect(again.list().map((p) => [p.name, p.autoStart])).toEqual([
      ['db', true],
      ['web', false],
    ]);
    expect(again.get('db').reconnect).toMatchObject({ isEnabled: true, initialDelayMs: 1_000 });
    again.remove('web');
    expect(new TunnelStore(dir.path).list().map((p) => p.name)).toEqual(['db']);
    expect(statSync(join(dir.path, 'tunnels.json')).mode & 0o777).toBe(0o600);
    const error = (() => {
      try {
        again.get('web');
      } catch (e) {
        return e;
      }
    })();
    expect(AppError.is(error, 'TUNNEL_NOT_FOUND')).toBe(true);
  });

  it('backs up a corrupt file and reports it, never silently emptying it', () => {
    const path = join(dir.path, 'tunnels.json');
    writeFileSync(path, '{"schemaVersion":1,"tunnels":[{"name":"db"');
    const store = new TunnelStore(dir.path);
    expect(store.list()).toEqual([]);
    expect(store.problems).toHaveLength(1);
    const backup = readdirSync(dir.path).find((name) => name.startsWith('tunnels.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir.path, backup!), 'utf8')).toBe('{"schemaVersion":1,"tunnels":[{"name":"db"');
    expect(JSON.stringify(store.problems[0])).toContain(backup!);
  });

  it('keeps the valid tunnels of a partly invalid file and names the one it dropped', () => {
    const path = join(dir.path, 'tunnels.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 2, tunnels: [profile('good'), { ...profile('bad'), forwards: [] }] }));
    const store = new TunnelStore(dir.path);
    expect(store.list().map((p) => p.name)).toEqual(['good']);
    expect(JSON.stringify(store.problems)).toContain('bad');
    expect(existsSync(path)).toBe(true);
  });

  it('moves a format-1 file, whose tunnels held their connection fields, to targets, keeping the original beside it', () => {
    const path = join(dir.path, 'tunnels.json');
    const connection = {
      destination: 'db.example.com',
      port: 2222,
      user: 'me',
      jump: 'bastion,me@inner:2200',
      identityFiles: ['/home/me/.ssh/id_db'],
      options: { stricthostkeychecking: 'yes' },
      configFile: '/home/me/ssh_config',
    };
    const old = {
      schemaVersion: 1,
      tunnels: [{ name: 'db', connection, forwards: [{ kind: 'local', bindPort: 5432, target: { host: '127.0.0.1', port: 5432 } }], autoStart: true }],
    };
    const text = JSON.stringify(old, null, 2);
    writeFileSync(path, text);

    const store = new TunnelStore(dir.path);
    expect(store.problems).toEqual([]);
    const [tunnel] = store.list();
    expect(tunnel).toMatchObject({ name: 'db', autoStart: true, forwards: old.tunnels[0]!.forwards });
    expect(tunnel!.connection).toEqual({ spec: { ...connection, forwardAgent: false } });
    expect(readFileSync(join(dir.path, 'tunnels.json.v1.bak'), 'utf8')).toBe(text);
    const written = JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: number; tunnels: unknown[] };
    expect(written.schemaVersion).toBe(2);
    // Read again, the migrated file gives back the same tunnels: nothing was lost on the way.
    expect(new TunnelStore(dir.path).list()).toEqual(store.list());
  });
});
