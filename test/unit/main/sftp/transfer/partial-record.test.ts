import { describe, expect, it } from 'vitest';
import { PartialRecord, parseRecord, serializeRecord } from '../../../../../main/sftp/transfer/partial-record';
import { resumeRanges } from '../../../../../main/sftp/transfer/resume-offset';
import { WrittenRanges } from '../../../../../main/sftp/transfer/written-ranges';
import { MemoryFileSystem } from '../memory-file-system';

describe('WrittenRanges', () => {
  it('merges what lands in any order and names the holes anywhere in the file', () => {
    const ranges = new WrittenRanges([[40, 60]]);
    ranges.add(0, 10);
    ranges.add(80, 90);
    ranges.add(10, 20);
    ranges.add(55, 70);
    expect(ranges.ranges).toEqual([
      [0, 20],
      [40, 70],
      [80, 90],
    ]);
    expect(ranges.offset).toBe(20);
    expect(ranges.holes(100)).toEqual([
      [20, 40],
      [70, 80],
      [90, 100],
    ]);
    ranges.add(20, 40);
    expect(ranges.offset).toBe(70);
    expect(new WrittenRanges().holes(5)).toEqual([[0, 5]]);
    expect(new WrittenRanges([[0, 5]]).holes(5)).toEqual([]);
  });
});

describe('the record of a partial file', () => {
  const source = { size: 100, mtime: 1_700_000_000 };
  const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i + 1));

  it('reads back what was written, and only for the same source', async () => {
    const fs = new MemoryFileSystem();
    const record = new PartialRecord(fs, '/.x.jgpart', source);
    expect(await record.read(100)).toBeUndefined();
    await record.write([
      [0, 12],
      [40, 64],
    ]);
    expect(await record.read(64)).toEqual([
      [0, 12],
      [40, 64],
    ]);
    // Written under a fresh name and renamed over: nothing else is left beside it.
    expect([...fs.nodes.keys()].filter((p) => p.startsWith('/.x.jgpart'))).toEqual(['/.x.jgpart.ranges']);
    expect(await new PartialRecord(fs, '/.x.jgpart', { ...source, mtime: 5 }).read(64)).toEqual([]);
    expect(await new PartialRecord(fs, '/.x.jgpart', { ...source, size: 101 }).read(64)).toEqual([]);
    await record.remove();
    expect(fs.nodes.has('/.x.jgpart.ranges')).toBe(false);
  });

  it('trusts nothing of a record that is off in any way', () => {
    const ok = serializeRecord(
      [
        [0, 10],
        [20, 30],
      ],
      source,
    );
    expect(parseRecord(ok, source, 100)).toEqual([
      [0, 10],
      [20, 30],
    ]);
    // Claims bytes past the partial file's end (it was cut since).
    expect(parseRecord(ok, source, 25)).toEqual([]);
    for (const text of [
      '',
      'null',
      '[]',
      '{"v":1}',
      ok.replace('"v":1', '"v":2'),
      ok.replace('[[0,10]', '[[10,0]'),
      ok.replace('[[0,10],[20,30]]', '[[20,30],[0,10]]'),
      ok.replace('[[0,10],[20,30]]', '[[0,10],[5,30]]'),
      ok.replace('[[0,10]', '[[0,1e400]'),
      ok.replace('[[0,10]', '[[-5,10]'),
      ok.replace('[[0,10]', '[[0,10.5]'),
      ok.replace('[[0,10]', '[["0",10]'),
      ok.replace('[[0,10],[20,30]]', '[[0,10],[20,130]]'),
    ]) {
      expect(parseRecord(text, source, 100), text).toEqual([]);
    }
  });

  it('a symlink or an oversized file in its place is not read', async () => {
    const fs = new MemoryFileSystem();
    fs.nodes.set('/.x.jgpart.ranges', { type: 'symlink', target: '/elsewhere' });
    expect(await new PartialRecord(fs, '/.x.jgpart', source).read(100)).toEqual([]);
    fs.nodes.set('/.x.jgpart.ranges', { type: 'file', data: Buffer.alloc(1024 * 1024, 32) });
    expect(await new PartialRecord(fs, '/.x.jgpart', source).read(100)).toEqual([]);
  });

  it('a resume keeps what the record says, and of the rest the pieces that match', async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/src', { type: 'file', data });
    const dst = new MemoryFileSystem();
    // Blocks of a copy on several connections: holes far behind the end.
    const partial = Buffer.from(data.subarray(0, 90));
    partial.fill(0, 8, 40);
    partial.fill(0, 60, 72);
    dst.nodes.set('/.dst.jgpart', { type: 'file', data: partial });
    const query = { src, srcPath: '/src', dst, partial: '/.dst.jgpart', size: 100, chunkSize: 4, depth: 3 };
    const record = new PartialRecord(dst, '/.dst.jgpart', { size: 100, mtime: 1 });
    // A large file without its record, where nothing can be hashed: its holes could be anywhere.
    expect(await resumeRanges(query, record)).toEqual([]);
    // Saved a moment before the end: [72, 90) landed since.
    await record.write([
      [0, 8],
      [40, 60],
    ]);
    // Where no side can hash, the record alone.
    expect(await resumeRanges(query, record)).toEqual([
      [0, 8],
      [40, 60],
    ]);
    src.hashOf = dst.hashOf = () => 'unused';
    expect(await resumeRanges(query, record)).toEqual([
      [0, 8],
      [40, 60],
      [72, 88],
    ]);
    // A record of another source (another mtime) vouches for nothing: the pieces decide.
    expect(await resumeRanges(query, new PartialRecord(dst, '/.dst.jgpart', { size: 100, mtime: 2 }))).toEqual([
      [0, 8],
      [40, 60],
      [72, 88],
    ]);
    src.hashOf = dst.hashOf = undefined;
    expect(await resumeRanges(query, new PartialRecord(dst, '/.dst.jgpart', { size: 100, mtime: 2 }))).toEqual([]);
  });
});
