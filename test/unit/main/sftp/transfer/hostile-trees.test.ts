import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { countTree } from '../../../../../main/sftp/protocol/fs-operations';
import { TransferControl } from '../../../../../main/sftp/transfer/transfer-control';
import { runTransfer } from '../../../../../main/sftp/transfer/transfer-job';
import { planTransfer } from '../../../../../main/sftp/transfer/transfer-plan';
import { isContainedLink, TreeLimits } from '../../../../../main/sftp/protocol/tree-limits';
import { MemoryFileSystem } from '../memory-file-system';

/** A server whose tree goes `levels` directories down, a file at the bottom. */
function deepTree(levels: number): MemoryFileSystem {
  const src = new MemoryFileSystem();
  let path = '/top';
  src.nodes.set(path, { type: 'directory' });
  for (let i = 0; i < levels; i++) src.nodes.set((path = `${path}/d`), { type: 'directory' });
  src.nodes.set(`${path}/bottom`, { type: 'file', data: Buffer.from('x') });
  return src;
}

function destination(): MemoryFileSystem {
  const dst = new MemoryFileSystem();
  dst.nodes.set('/into', { type: 'directory' });
  return dst;
}

describe('hostile sizes', () => {
  it('a tree deeper than 64 directories is cut there, reported with SFTP_TOO_LARGE, and the rest planned', async () => {
    const plan = await planTransfer(deepTree(TreeLimits.depth + 10), ['/top'], destination(), '/into', { recursive: true, followLinks: false });
    expect(plan.refused.map((e) => e.code)).toEqual(['SFTP_TOO_LARGE']);
    expect(plan.items.filter((i) => i.kind === 'directory')).toHaveLength(TreeLimits.depth);
    expect(plan.files).toBe(0);
  });

  it('a tree 64 directories deep is copied whole', async () => {
    const plan = await planTransfer(deepTree(TreeLimits.depth - 1), ['/top'], destination(), '/into', { recursive: true, followLinks: false });
    expect(plan.refused).toEqual([]);
    expect(plan.files).toBe(1);
  });

  it('counting a tree for a remove refuses one deeper than 64 directories', async () => {
    await expect(countTree(deepTree(TreeLimits.depth + 10), '/top')).rejects.toMatchObject({ code: 'SFTP_TOO_LARGE' });
  });

  it('a source hash answer that is not a digest fails the copy instead of skipping the check', async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/big', { type: 'file', data: Buffer.alloc(4 * 1024 * 1024) });
    src.sha256 = () => Promise.reject(new AppError('SFTP_VERIFY_FAILED', 'not a digest'));
    const dst = destination();
    src.chunkSize = dst.chunkSize = 1024 * 1024;
    const result = await runTransfer({ src, srcPaths: ['/big'], dst, dstPath: '/into' }, new TransferControl());
    expect(result.errors.map((e) => e.code)).toEqual(['SFTP_VERIFY_FAILED']);
    expect(dst.nodes.has('/into/big')).toBe(false);
  });

  it("an answer about the copy's hash that is not a digest fails the copy too", async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/big', { type: 'file', data: Buffer.alloc(4 * 1024 * 1024) });
    src.hashOf = () => 'a'.repeat(64);
    const dst = destination();
    dst.sha256 = () => Promise.reject(new AppError('SFTP_VERIFY_FAILED', 'not a digest'));
    src.chunkSize = dst.chunkSize = 1024 * 1024;
    const result = await runTransfer({ src, srcPaths: ['/big'], dst, dstPath: '/into' }, new TransferControl());
    expect(result.errors.map((e) => e.code)).toEqual(['SFTP_VERIFY_FAILED']);
    expect(dst.nodes.has('/into/big')).toBe(false);
  });

  it('a file that ends before its listed size is reported, not cut short', async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/d', { type: 'directory' });
    src.nodes.set('/d/short', { type: 'file', data: Buffer.from('0123456789') });
    src.listOverride.set('/d', [{ name: 'short', path: '/d/short', type: 'file', size: 100, mode: 0o644, uid: 0, gid: 0, mtime: 1, atime: 1 }]);
    const dst = destination();
    const result = await runTransfer({ src, srcPaths: ['/d'], dst, dstPath: '/into', recursive: true }, new TransferControl());
    expect(result.errors.map((e) => e.code)).toEqual(['SFTP_VERIFY_FAILED']);
    expect(result.errors[0]!.message).toMatch(/ended at 10 bytes instead of 100/);
    expect(dst.nodes.has('/into/d/short')).toBe(false);
  });
});

describe('entries named like temporary files', () => {
  it("refuses one named like a sibling's temporary file (two copies would write one path), keeps one without a sibling", async () => {
    const src = new MemoryFileSystem();
    src.nodes.set('/d', { type: 'directory' });
    for (const name of ['x', '.x.jgpart', '.y.jgpart']) src.nodes.set(`/d/${name}`, { type: 'file', data: Buffer.from(name) });
    const plan = await planTransfer(src, ['/d'], destination(), '/into', { recursive: true, followLinks: false });
    expect(plan.refused.map((e) => [e.code, e.details?.name])).toEqual([['SFTP_UNSAFE_NAME', '.x.jgpart']]);
    expect(plan.items.filter((i) => i.kind === 'file').map((i) => i.dstPath)).toEqual(['/into/d/.y.jgpart', '/into/d/x']);
  });
});

describe('links that stay inside a copy', () => {
  it.each([
    ['file', 0],
    ['sub/file', 0],
    ['../file', 1],
    ['./a/./b', 0],
  ])('%j at depth %d is inside', (target, depth) => {
    expect(isContainedLink(target, depth)).toBe(true);
  });

  it.each([
    ['/etc/passwd', 3],
    ['../file', 0],
    ['../../x', 1],
    ['a/../../x', 5],
    ['b/..', 1],
    ['', 0],
  ])('%j at depth %d is outside (or may be)', (target, depth) => {
    expect(isContainedLink(target, depth)).toBe(false);
  });
});
