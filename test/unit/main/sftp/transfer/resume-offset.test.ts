import { describe, expect, it } from 'vitest';
import { resumeRanges } from '../../../../../main/sftp/transfer/resume-offset';
import { WrittenRanges } from '../../../../../main/sftp/transfer/written-ranges';
import { MemoryFileSystem } from '../memory-file-system';

describe('WrittenRanges', () => {
  it('follows the end of the written prefix as chunks finish out of order', () => {
    const mark = new WrittenRanges();
    mark.add(4, 8);
    expect(mark.offset).toBe(0);
    mark.add(0, 4);
    expect(mark.offset).toBe(8);
    mark.add(12, 16);
    expect(mark.offset).toBe(8);
    mark.add(8, 12);
    expect(mark.offset).toBe(16);
  });
});

describe('resumeRanges without a record', () => {
  // chunkSize 4 × depth 3: one stream leaves holes only in its last 12 bytes; pieces of 4 bytes are compared.
  const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i + 1));
  function sides(partial: Buffer, canHash = true) {
    const src = new MemoryFileSystem();
    const dst = new MemoryFileSystem();
    src.nodes.set('/src', { type: 'file', data });
    dst.nodes.set('/.dst.jgpart', { type: 'file', data: partial });
    if (canHash) src.hashOf = dst.hashOf = () => 'unused';
    return { src, srcPath: '/src', dst, partial: '/.dst.jgpart', size: data.length, chunkSize: 4, depth: 3 };
  }

  it('keeps a partial file that matches the source', async () => {
    expect(await resumeRanges(sides(data.subarray(0, 80)), undefined)).toEqual([[0, 80]]);
  });

  it('keeps all but the holes, wherever they lie', async () => {
    const partial = Buffer.from(data.subarray(0, 80));
    partial.fill(0, 72, 76);
    partial.fill(0, 8, 16);
    expect(await resumeRanges(sides(partial), undefined)).toEqual([
      [0, 8],
      [16, 72],
      [76, 80],
    ]);
  });

  it('backs off by the whole window where a side cannot hash', async () => {
    expect(await resumeRanges(sides(data.subarray(0, 80), false), undefined)).toEqual([[0, 68]]);
  });

  it('starts over when the partial file is larger than the source', async () => {
    expect(await resumeRanges(sides(Buffer.concat([data, data])), undefined)).toEqual([]);
  });
});
