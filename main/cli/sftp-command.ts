import { AppError } from '../../shared/errors';
import type { FileEntry } from '../sftp/protocol/file-system';
import { countTree, mkdirp, removeTree } from '../sftp/protocol/fs-operations';
import type { SftpSession } from '../sftp/protocol/sftp-session';
import { type CliIo, formatError } from './cli-io';
import { CliSftpSessions } from './connect-from-args';
import { endpointOf, parseLocation } from './remote-path';
import { parseTransferArgs } from './transfer-args';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';

export const SFTP_USAGE =
  'jumpgate sftp ls [-la] | mkdir [-p] | rm [-r] | mv | chmod MODE  [-P port] [-J hops] [-i identity] [-o Key=Value] [user@]host:path [[user@]host:]path';

/** `jumpgate sftp <op>`: one file operation on a server, for scripts. */
export async function runSftpCommand(argv: string[], io: CliIo): Promise<number> {
  let sessions: CliSftpSessions | undefined;
  try {
    const [op, ...rest] = argv;
    const args = parseTransferArgs(rest, { short: 'lapr', long: [], usage: SFTP_USAGE });
    const words = [...args.positionals];
    const mode = op === 'chmod' ? parseMode(words.shift()) : 0;
    const locations = words.map(parseLocation);
    const first = locations[0];
    if (!first || first.kind !== 'remote') throw new AppError('INVALID_ARGUMENT', `sftp ${op ?? ''} needs a remote [user@]host:path. Usage: ${SFTP_USAGE}`);
    sessions = new CliSftpSessions(args, io);
    const session = await sessions.open(endpointOf(first));
    switch (op) {
      case 'ls':
        for (const location of locations) await list(session, location.path, args.flags.has('l'), args.flags.has('a'), io);
        return 0;
      case 'mkdir':
        for (const location of locations) await (args.flags.has('p') ? mkdirp(session, location.path) : session.mkdir(location.path));
        return 0;
      case 'rm':
        for (const location of locations) {
          const stats = await session.lstat(location.path);
          if (stats.type === 'directory' && !args.flags.has('r'))
            throw new AppError('SFTP_IS_A_DIRECTORY', `${location.path} on ${session.where} is a directory: remove it with rm -r.`, {
              details: { path: location.path },
            });
          const count = await countTree(session, location.path);
          if (args.verbosity > 0 || stats.type === 'directory')
            io.stderr.write(`jumpgate: removing ${count.files} file(s) and ${count.directories} director(ies), ${count.bytes} bytes, under ${location.path}\n`);
          await removeTree(session, location.path);
        }
        return 0;
      case 'mv': {
        const to = locations[1];
        if (!to || locations.length !== 2) throw new AppError('INVALID_ARGUMENT', `sftp mv needs a source and a target. Usage: ${SFTP_USAGE}`);
        if (to.kind === 'remote' && endpointOf(to) !== endpointOf(first))
          throw new AppError('INVALID_ARGUMENT', 'sftp mv renames on one server; use cp to move between hosts.');
        await session.rename(first.path, to.path);
        return 0;
      }
      case 'chmod':
        for (const location of locations) await session.chmod(location.path, mode);
        return 0;
      default:
        throw new AppError('INVALID_ARGUMENT', `Unknown sftp operation "${op ?? ''}". Usage: ${SFTP_USAGE}`);
    }
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return 1;
  } finally {
    sessions?.dispose();
  }
}

function parseMode(text: string | undefined): number {
  if (!text || !/^[0-7]{1,4}$/.test(text)) throw new AppError('INVALID_ARGUMENT', `chmod needs an octal mode such as 644 or 0755, not "${text ?? ''}".`);
  return parseInt(text, 8);
}

/** Names, link targets, owners and groups come from the server: shown on one line, with unsafe characters escaped. */
function serverText(text: string): string {
  return sanitizeUntrusted(text).replaceAll('\n', '\\n');
}

async function list(session: SftpSession, path: string, isLong: boolean, isAll: boolean, io: CliIo): Promise<void> {
  const stats = await session.stat(path);
  const entries: FileEntry[] = stats.type === 'directory' ? await session.list(path) : [{ ...(await session.lstat(path)), name: path, path }];
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (!isAll && entry.name.startsWith('.')) continue;
    const name = serverText(entry.name);
    if (!isLong) {
      io.stdout.write(`${name}\n`);
      continue;
    }
    const when = new Date(entry.mtime * 1000).toISOString().slice(0, 16).replace('T', ' ');
    const link = entry.linkTarget !== undefined ? ` -> ${serverText(entry.linkTarget)}` : '';
    const owner = serverText(entry.owner ?? String(entry.uid));
    const group = serverText(entry.group ?? String(entry.gid));
    io.stdout.write(`${modeString(entry)} ${owner.padEnd(8)} ${group.padEnd(8)} ${String(entry.size).padStart(12)} ${when} ${name}${link}\n`);
  }
}

function modeString(entry: FileEntry): string {
  const type = { file: '-', directory: 'd', symlink: 'l', other: '?' }[entry.type];
  const bits = 'rwxrwxrwx'
    .split('')
    .map((c, i) => (entry.mode & (0o400 >> i) ? c : '-'))
    .join('');
  return type + bits;
}
