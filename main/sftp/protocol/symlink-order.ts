import { posix } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileStats } from './file-system';

/**
 * The order of SSH_FXP_SYMLINK's two paths. The draft says link path, then target; OpenSSH's
 * sftp-server has always read them the other way round, and so does every server that runs it
 * (Dropbear, tinysshd and others, whatever their SSH layer calls itself).
 */
export type SymlinkOrder = 'openssh' | 'standard';

/**
 * The order to try first, from what the SFTP server says of itself (not from the SSH server's
 * name, as ssh2 decides): OpenSSH's sftp-server speaks version 3 with its @openssh.com
 * extensions and names no vendor; a server that does name one (vendor-id) follows the draft.
 */
export function likelySymlinkOrder(version: number, extensions: Record<string, string>): SymlinkOrder {
  const isOpenSshServer = version === 3 && Object.keys(extensions).some((name) => name.endsWith('@openssh.com')) && !('vendor-id' in extensions);
  return isOpenSshServer ? 'openssh' : 'standard';
}

/** What making and checking a link needs of a session. */
export interface LinkMaker {
  readonly where: string;
  /** The server's working directory: where a relative path of a misread request lands. */
  readonly home: string | undefined;
  sendSymlink(order: SymlinkOrder, target: string, path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  tryLstat(path: string): Promise<FileStats | undefined>;
  unlink(path: string): Promise<void>;
}

/**
 * Creates the link `path` → `target` and reads it back. Read the wrong way round, the request
 * makes a link at `target` (pointing to `path`), possibly outside the destination: that one is
 * removed (never one that was there before), and the other order is tried, unless `proven`
 * says this server's order is already known. Answers the order that worked.
 */
export async function createVerifiedSymlink(
  maker: LinkMaker,
  target: string,
  path: string,
  proven: SymlinkOrder | undefined,
  likely: SymlinkOrder,
): Promise<SymlinkOrder> {
  const stray = target === '' || (!posix.isAbsolute(target) && maker.home === undefined) ? undefined : posix.resolve(maker.home ?? '/', target);
  // Something already there is not ours to remove (and a misread request then fails on it).
  const wasThere = stray === undefined ? true : proven === undefined ? (await maker.tryLstat(stray).catch(() => undefined)) !== undefined : false;
  const orders: SymlinkOrder[] = proven ? [proven] : [likely, likely === 'openssh' ? 'standard' : 'openssh'];
  let failure: unknown;
  for (const order of orders) {
    failure = undefined;
    await maker.sendSymlink(order, target, path).catch((error: unknown) => (failure = error));
    if ((await maker.readlink(path).catch(() => undefined)) === target) return order;
    if (!wasThere && stray !== undefined && (await isLinkTo(maker, stray, path))) await maker.unlink(stray);
  }
  throw failure instanceof AppError
    ? failure
    : new AppError(
        'SFTP_FAILURE',
        `Could not create the link ${path} on ${maker.where}: the server did not make it where it was asked to (it was removed if it landed elsewhere).`,
        {
          hop: maker.where,
          details: { path },
        },
      );
}

async function isLinkTo(maker: LinkMaker, path: string, content: string): Promise<boolean> {
  const stats = await maker.tryLstat(path).catch(() => undefined);
  return stats?.type === 'symlink' && (await maker.readlink(path).catch(() => undefined)) === content;
}
