import { describe, expect, it } from 'vitest';
import { countTrees, listDirectory } from '../../../../../main/sftp/file-manager/file-browser';
import { MemoryFileSystem } from '../memory-file-system';

/** /top with `width` directories of one file each, counting the directories listed. */
function wideTree(width: number): { fs: MemoryFileSystem; listed: string[] } {
  const fs = new MemoryFileSystem();
  const listed: string[] = [];
  fs.nodes.set('/top', { type: 'directory' });
  for (let i = 0; i < width; i++) {
    fs.nodes.set(`/top/d${i}`, { type: 'directory' });
    fs.nodes.set(`/top/d${i}/f`, { type: 'file', data: Buffer.from('x') });
  }
  const list = fs.list.bind(fs);
  fs.list = (path) => (listed.push(path), list(path));
  return { fs, listed };
}

describe('cancelling the file manager’s walks', () => {
  it('a count stops walking once its signal aborts, and answers SFTP_CANCELLED naming the path', async () => {
    const { fs, listed } = wideTree(200);
    const controller = new AbortController();
    const list = fs.list;
    // The window gives up while the first directory is being listed.
    fs.list = (path) => (controller.abort(), list(path));
    await expect(countTrees(fs, ['/top'], controller.signal)).rejects.toMatchObject({
      code: 'SFTP_CANCELLED',
      hop: 'root@evil:22',
      details: { path: expect.stringMatching(/^\/top/) },
    });
    expect(listed).toEqual(['/top']);
    expect(await countTrees(fs, ['/top'])).toEqual({ files: 200, directories: 201, bytes: 200 });
  });

  it('a listing whose call was cancelled before it began lists nothing', async () => {
    const { fs, listed } = wideTree(3);
    const controller = new AbortController();
    controller.abort();
    await expect(listDirectory(fs, '/top', controller.signal)).rejects.toMatchObject({ code: 'SFTP_CANCELLED', details: { path: '/top' } });
    expect(listed).toEqual([]);
    expect((await listDirectory(fs, '/top')).entries).toHaveLength(3);
  });
});
