import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import type { FileStats } from '../../../../../main/sftp/protocol/file-system';
import { createVerifiedSymlink, type LinkMaker, likelySymlinkOrder, type SymlinkOrder } from '../../../../../main/sftp/protocol/symlink-order';

/** A server that reads symlink requests in `reads` order: links live in a map, path → content. */
function serverReading(reads: SymlinkOrder, existing: Record<string, string> = {}) {
  const links = new Map(Object.entries(existing));
  const stats = (): FileStats => ({ type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, mtime: 0, atime: 0 });
  const maker: LinkMaker = {
    where: 'root@paramiko:22',
    home: '/home/me',
    async sendSymlink(order, target, path) {
      // Read the other way round, the link lands at the target (relative to the working directory).
      const [at, content] = order === reads ? [path, target] : [posix.resolve('/home/me', target), path];
      if (links.has(at)) throw new AppError('SFTP_FAILURE', `exists: ${at}`);
      links.set(at, content);
    },
    async readlink(path) {
      const content = links.get(path);
      if (content === undefined) throw new AppError('SFTP_NO_SUCH_FILE', `no ${path}`);
      return content;
    },
    async tryLstat(path) {
      return links.has(path) ? stats() : undefined;
    },
    async unlink(path) {
      links.delete(path);
    },
  };
  return { links, maker };
}

describe('symlink requests in the order the SFTP server reads them', () => {
  it('guesses OpenSSH sftp-server from its version and extensions, not from the SSH server name', () => {
    expect(likelySymlinkOrder(3, { 'posix-rename@openssh.com': '1', 'hardlink@openssh.com': '1', 'limits@openssh.com': '1' })).toBe('openssh');
    expect(likelySymlinkOrder(3, {})).toBe('standard');
    expect(likelySymlinkOrder(3, { 'posix-rename@openssh.com': '1', 'vendor-id': 'ProFTPD' })).toBe('standard');
  });

  it('after a wrong guess removes the link made at the target, tries the other order and keeps it', async () => {
    const { links, maker } = serverReading('openssh');
    const order = await createVerifiedSymlink(maker, '/etc/cron.d/x', '/dst/link', undefined, 'standard');
    expect(order).toBe('openssh');
    expect([...links]).toEqual([['/dst/link', '/etc/cron.d/x']]);
  });

  it('never removes a link that was at the target before', async () => {
    const { links, maker } = serverReading('openssh', { '/home/me/t': '/dst/link' });
    await createVerifiedSymlink(maker, 't', '/dst/link', undefined, 'standard');
    expect(links.get('/home/me/t')).toBe('/dst/link');
    expect(links.get('/dst/link')).toBe('t');
  });

  it('with a proven order, a link that does not land where asked is an error and leaves nothing elsewhere', async () => {
    const { links, maker } = serverReading('standard');
    const error = await createVerifiedSymlink(maker, '/abs', '/dst/link', 'openssh', 'openssh').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SFTP_FAILURE' });
    expect(links.size).toBe(0);
  });
});
