import { describe, expect, it } from 'vitest';
import { TransferControl } from '../../../../../main/sftp/transfer/transfer-control';
import { runTransfer } from '../../../../../main/sftp/transfer/transfer-job';
import { planTransfer } from '../../../../../main/sftp/transfer/transfer-plan';
import { isSafeEntryName } from '../../../../../main/sftp/protocol/safe-names';
import { MemoryFileSystem } from '../memory-file-system';

const entry = (name: string, path: string) => ({ name, path, type: 'file' as const, size: 1, mode: 0o644, uid: 0, gid: 0, mtime: 1, atime: 1 });

describe('names from a server are untrusted', () => {
  it.each(['..', '.', '', 'a/b', '../x', 'nul\0byte'])('refuses %j', (name) => {
    expect(isSafeEntryName(name)).toBe(false);
  });

  it.each(['..hidden', 'a..b', 'ünï cødé', ' spaced ', '...'])('accepts %j', (name) => {
    expect(isSafeEntryName(name)).toBe(true);
  });

  it('a recursive download skips entries that would climb out of the destination and copies the rest', async () => {
    const evil = new MemoryFileSystem();
    evil.nodes.set('/src', { type: 'directory' });
    evil.nodes.set('/src/good', { type: 'file', data: Buffer.from('good') });
    evil.nodes.set('/etc/passwd', { type: 'file', data: Buffer.from('root:x') });
    evil.listOverride.set('/src', [
      { ...entry('good', '/src/good'), size: 4 },
      entry('../../etc/passwd', '/etc/passwd'),
      entry('..', '/'),
      entry('a/b', '/src/a/b'),
      entry('x\0y', '/src/x'),
      entry('good', '/etc/passwd'),
    ]);
    const dst = new MemoryFileSystem();
    dst.nodes.set('/dst', { type: 'directory' });
    const result = await runTransfer({ src: evil, srcPaths: ['/src'], dst, dstPath: '/dst', recursive: true }, new TransferControl());
    expect(result.errors.map((e) => e.code)).toEqual(Array(5).fill('SFTP_UNSAFE_NAME'));
    expect([...dst.nodes.keys()].sort()).toEqual(['/', '/dst', '/dst/src', '/dst/src/good']);
    const good = dst.nodes.get('/dst/src/good');
    expect(good?.type === 'file' && good.data.toString()).toBe('good');
  });
});

describe('planTransfer', () => {
  it('copies into an existing directory under the source name, else to the name given', async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/f', { type: 'file', data: Buffer.from('12345') });
    const dst = new MemoryFileSystem();
    dst.nodes.set('/into', { type: 'directory' });
    expect((await planTransfer(src, ['/f'], dst, '/into', { recursive: false, followLinks: false })).items.map((i) => i.dstPath)).toEqual(['/into/f']);
    expect((await planTransfer(src, ['/f'], dst, '/new-name', { recursive: false, followLinks: false })).items.map((i) => i.dstPath)).toEqual(['/new-name']);
  });

  it('needs -r for a directory and an existing directory for several sources', async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/d', { type: 'directory' });
    src.nodes.set('/f', { type: 'file', data: Buffer.alloc(1) });
    const dst = new MemoryFileSystem();
    await expect(planTransfer(src, ['/d'], dst, '/x', { recursive: false, followLinks: false })).rejects.toMatchObject({ code: 'SFTP_IS_A_DIRECTORY' });
    await expect(planTransfer(src, ['/f', '/d'], dst, '/x', { recursive: true, followLinks: false })).rejects.toMatchObject({ code: 'SFTP_NO_SUCH_FILE' });
  });
});

describe('conflicts', () => {
  const setup = () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/f.txt', { type: 'file', data: Buffer.from('new content') });
    const dst = new MemoryFileSystem();
    dst.nodes.set('/d', { type: 'directory' });
    dst.nodes.set('/d/f.txt', { type: 'file', data: Buffer.from('old') });
    return { src, dst };
  };
  const contents = (fs: MemoryFileSystem, path: string) => {
    const node = fs.nodes.get(path);
    return node?.type === 'file' ? node.data.toString() : undefined;
  };

  it('overwrite replaces, skip keeps, rename picks a free name, newer compares mtimes', async () => {
    for (const [conflict, expected] of [
      ['overwrite', { '/d/f.txt': 'new content' }],
      ['skip', { '/d/f.txt': 'old' }],
      ['rename', { '/d/f.txt': 'old', '/d/f (1).txt': 'new content' }],
      ['newer', { '/d/f.txt': 'old' }],
    ] as const) {
      const { src, dst } = setup();
      const result = await runTransfer({ src, srcPaths: ['/f.txt'], dst, dstPath: '/d', conflict }, new TransferControl());
      expect(result.errors).toEqual([]);
      for (const [path, text] of Object.entries(expected)) expect(contents(dst, path), `${conflict} ${path}`).toBe(text);
      expect([...dst.nodes.keys()].filter((p) => p.includes('jgpart'))).toEqual([]);
    }
  });

  it('copies in chunks with several requests in flight, and the result is exact', async () => {
    const src = new MemoryFileSystem();
    const data = Buffer.from('a fairly long file body that spans many four-byte chunks');
    src.nodes.set('/big', { type: 'file', data });
    const dst = new MemoryFileSystem();
    const progress: number[] = [];
    await runTransfer({ src, srcPaths: ['/big'], dst, dstPath: '/copy' }, new TransferControl(), (p) => progress.push(p.bytesDone));
    expect(contents(dst, '/copy')).toBe(data.toString());
    expect(progress.at(-1)).toBe(data.length);
  });

  it('refuses to put in place a copy whose SHA-256 differs from the source, and removes it', async () => {
    const src = new MemoryFileSystem();
    const dst = new MemoryFileSystem();
    src.chunkSize = dst.chunkSize = 1024 * 1024;
    src.nodes.set('/big', { type: 'file', data: Buffer.alloc(5 * 1024 * 1024, 7) });
    src.hashOf = () => 'a'.repeat(64);
    dst.hashOf = () => 'b'.repeat(64);
    const result = await runTransfer({ src, srcPaths: ['/big'], dst, dstPath: '/copy' }, new TransferControl());
    expect(result.errors.map((e) => e.code)).toEqual(['SFTP_VERIFY_FAILED']);
    expect([...dst.nodes.keys()]).toEqual(['/']);
    dst.hashOf = src.hashOf;
    expect((await runTransfer({ src, srcPaths: ['/big'], dst, dstPath: '/copy' }, new TransferControl())).errors).toEqual([]);
    expect(contents(dst, '/copy')?.length).toBe(5 * 1024 * 1024);
  });
});
