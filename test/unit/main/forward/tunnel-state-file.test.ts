import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTunnelState, TunnelStateFile } from '../../../../main/forward/tunnel-state-file';
import type { TunnelStatus } from '../../../../shared/model/tunnel-profile';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

const status: TunnelStatus = { name: 'db', state: 'up', attempt: 0, forwards: [] };

let temp: TempDir;
beforeEach(() => {
  temp = makeTempDir('tunnel-state');
});
afterEach(() => temp.dispose());

describe('TunnelStateFile', () => {
  it('never writes through a link planted where a temporary file could be named; the state file is 0600', () => {
    const victim = join(temp.path, 'victim');
    writeFileSync(victim, 'precious');
    mkdirSync(join(temp.path, 'run'));
    // The name a predictable writer would use (<file>.<pid>.tmp), and a couple of others.
    for (const name of [`db.json.${process.pid}.tmp`, 'db.json.tmp', '.db.json.tmp']) symlinkSync(victim, join(temp.path, 'run', name));
    new TunnelStateFile(temp.path, 'db').write(status);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    const file = join(temp.path, 'run', 'db.json');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readTunnelState(temp.path, 'db')).toMatchObject({ pid: process.pid, status });
    expect(
      readdirSync(join(temp.path, 'run')).filter(
        (name) => !name.includes(String(process.pid)) && name.endsWith('.tmp') && !lstatSync(join(temp.path, 'run', name)).isSymbolicLink(),
      ),
    ).toEqual([]);
  });

  it('a state file that is a FIFO is read as no state, without hanging, and never replaced', () => {
    mkdirSync(join(temp.path, 'run'));
    const file = join(temp.path, 'run', 'db.json');
    execFileSync('mkfifo', [file]);
    expect(readTunnelState(temp.path, 'db')).toBeUndefined();
    expect(() => new TunnelStateFile(temp.path, 'db').write(status)).toThrowError(expect.objectContaining({ code: 'STORAGE_WRITE_FAILED' }));
    new TunnelStateFile(temp.path, 'db').remove();
    expect(lstatSync(file).isFIFO()).toBe(true);
  });
});
