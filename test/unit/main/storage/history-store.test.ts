import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../main/storage/history-store';
import { confBackend } from '../../../../main/storage/store-backend';
import { MAX_HISTORY } from '../../../../shared/model/history';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

describe('HistoryStore', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = makeTempDir('history');
  });
  afterEach(() => dir.dispose());

  it('keeps the most recent first, once each, at most fifty, across a restart; forgets one when asked', () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const store = new HistoryStore(confBackend(), dir.path, { now: () => new Date((clock += 1000)) });
    store.record('root@a.example:2222');
    store.record('b.example');
    store.record('root@a.example:2222');
    expect(store.list().map((entry) => entry.destination)).toEqual(['root@a.example:2222', 'b.example']);
    expect(store.list()[0]!.lastConnectedAt).toBe('2026-03-01T10:00:03.000Z');
    for (let index = 0; index < MAX_HISTORY + 5; index++) store.record(`host-${index}`);
    const again = new HistoryStore(confBackend(), dir.path);
    expect(again.list()).toHaveLength(MAX_HISTORY);
    expect(again.list()[0]!.destination).toBe(`host-${MAX_HISTORY + 4}`);
    again.forget(`host-${MAX_HISTORY + 4}`);
    again.forget('never-there');
    expect(new HistoryStore(confBackend(), dir.path).list()[0]!.destination).toBe(`host-${MAX_HISTORY + 3}`);
    const file = JSON.parse(readFileSync(join(dir.path, 'history.json'), 'utf8')) as { schemaVersion: number; entries: unknown[] };
    expect(file.schemaVersion).toBe(1);
    expect(Object.keys(file.entries[0] as object).sort()).toEqual(['destination', 'lastConnectedAt']);
  });

  it('keeps the valid entries of a hand-edited file and names what it dropped', () => {
    writeFileSync(
      join(dir.path, 'history.json'),
      JSON.stringify({ schemaVersion: 1, entries: [{ destination: 'ok.example', lastConnectedAt: '2026-03-01T10:00:00.000Z' }, { destination: '' }] }),
    );
    const store = new HistoryStore(confBackend(), dir.path);
    expect(store.list().map((entry) => entry.destination)).toEqual(['ok.example']);
    expect(store.problems).toHaveLength(1);
  });
});
