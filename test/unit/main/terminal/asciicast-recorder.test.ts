import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsciicastRecorder } from '../../../../main/terminal/asciicast-recorder';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

function events(file: string): [number, string, string][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string]);
}

describe('AsciicastRecorder', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir('cast')));
  afterEach(() => dir.dispose());

  it('records output and resizes only, never what is typed, unless asked to', () => {
    const file = join(dir.path, 'rec', 'a.cast');
    const recorder = new AsciicastRecorder(file, { cols: 80, rows: 24, term: 'xterm-256color' });
    recorder.output('Enter the code sent to your phone\r\n> ');
    recorder.input('hunter2\r');
    recorder.resize(100, 30);
    recorder.dispose();
    expect(events(file).map((e) => e[1])).toEqual(['o', 'r']);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('with input asked for, typed input is recorded as "i" events', () => {
    const file = join(dir.path, 'b.cast');
    const recorder = new AsciicastRecorder(file, { cols: 80, rows: 24, term: 'xterm-256color', withInput: true });
    recorder.output('$ ');
    recorder.input('ls\r');
    recorder.dispose();
    expect(events(file).map((e) => [e[1], e[2]])).toEqual([
      ['o', '$ '],
      ['i', 'ls\r'],
    ]);
  });
});
