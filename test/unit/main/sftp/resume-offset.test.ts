import { describe, expect, it } from 'vitest';
import { Watermark } from '../../../../main/sftp/chunk-pump';
import { resumeOffset } from '../../../../main/sftp/resume-offset';
import { MemoryFileSystem } from './memory-file-system';

describe('Watermark', () => {
  it('follows the end of the written prefix as chunks finish out of order', () => {
    const mark = new Watermark(0);
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

describe('resumeOffset', () => {
  // chunkSize 4 × depth 3: the last 12 bytes may have holes; pieces of 4 bytes are compared.
  const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i + 1));
  function sides(partial: Buffer, canHash = true) {
    const src = new MemoryFileSystem();
    const dst = new MemoryFileSystem();
    src.nodes.set('/src', { type: 'file', data });
    dst.nodes.set('/.dst.jgpart', { type: 'file', data: partial });
    if (canHash) src.hashOf = dst.hashOf = () => 'unused';
    return { src, srcPath: '/src', dst, partial: '/.dst.jgpart', size: data.length, chunkSize: 4, depth: 3 };
  }

  it('continues at the end of a partial file whose tail matches the source', async () => {
    expect(await resumeOffset(sides(data.subarray(0, 80)))).toBe(80);
  });

  it('continues at a hole left by a write that was in flight', async () => {
    const partial = Buffer.from(data.subarray(0, 80));
    partial.fill(0, 72, 76);
    expect(await resumeOffset(sides(partial))).toBe(72);
  });

  it('backs off by the whole window where a side cannot hash', async () => {
    expect(await resumeOffset(sides(data.subarray(0, 80), false))).toBe(68);
  });

  it('starts over when the partial file is larger than the source', async () => {
    expect(await resumeOffset(sides(Buffer.concat([data, data])))).toBe(0);
  });
});
