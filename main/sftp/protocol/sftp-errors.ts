import { AppError, type ErrorCode, type ErrorHint } from '../../../shared/errors';
import { errnoCode } from '../../base/errno';

/** SFTP v3 status codes (draft-ietf-secsh-filexfer-02), as ssh2 puts them on `error.code`. */
export const SftpStatus = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  NO_CONNECTION: 6,
  CONNECTION_LOST: 7,
  OP_UNSUPPORTED: 8,
} as const;

export interface ErrorContext {
  /** What we were doing, as a verb phrase: "list", "create the directory", "open". */
  action: string;
  path: string;
  /** Where the path lives: a hop label for remote paths, 'local' for this machine. */
  where: string;
}

/** Maps an ssh2 SFTP error (status code on `code`) to a coded AppError that names the path. */
export function sftpError(error: unknown, context: ErrorContext): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { code?: unknown }).code;
  const place = `${context.path} on ${context.where}`;
  const hop = context.where === 'local' ? undefined : context.where;
  const make = (code: ErrorCode, sentence: string) => new AppError(code, sentence, { hop, details: { path: context.path, status }, cause: error });
  switch (status) {
    case SftpStatus.NO_SUCH_FILE:
      return make('SFTP_NO_SUCH_FILE', `Could not ${context.action} ${place}: no such file or directory. Check the path.`);
    case SftpStatus.PERMISSION_DENIED:
      return make('SFTP_PERMISSION_DENIED', `Could not ${context.action} ${place}: permission denied. Check its owner and mode, or pick another place.`);
    case SftpStatus.OP_UNSUPPORTED:
      return make('SFTP_UNSUPPORTED', `Could not ${context.action} ${place}: the server does not support this operation.`);
    case SftpStatus.NO_CONNECTION:
    case SftpStatus.CONNECTION_LOST:
      return new AppError('CONNECTION_LOST', `The connection was lost while trying to ${context.action} ${place}.`, {
        hop,
        hint: { kind: 'retry' },
        details: { path: context.path },
        cause: error,
      });
    default:
      if (/No response from server|Not connected|closed|ECONNRESET/i.test(String((error as Error)?.message))) {
        return new AppError('CONNECTION_LOST', `The connection was lost while trying to ${context.action} ${place}.`, {
          hop,
          hint: { kind: 'retry' },
          details: { path: context.path },
          cause: error,
        });
      }
      return make(
        'SFTP_FAILURE',
        `Could not ${context.action} ${place}: the server refused without saying why (it may exist already, be a directory that is not empty, or the disk may be full).`,
      );
  }
}

/** Maps a Node fs error on a local path to the same codes as the remote ones. */
export function localError(error: unknown, context: Omit<ErrorContext, 'where'>): AppError {
  if (error instanceof AppError) return error;
  const errno = errnoCode(error);
  const place = `${context.path} on this machine`;
  const make = (code: ErrorCode, why: string, hint?: ErrorHint) =>
    new AppError(code, `Could not ${context.action} ${place}: ${why}`, { details: { path: context.path, errno }, hint, cause: error });
  switch (errno) {
    case 'ENOENT':
      return make('SFTP_NO_SUCH_FILE', 'no such file or directory. Check the path.');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return make('SFTP_PERMISSION_DENIED', 'permission denied. Check its owner and mode, or pick another place.');
    case 'EEXIST':
      return make('SFTP_ALREADY_EXISTS', 'it already exists.');
    case 'ENOTDIR':
      return make('SFTP_NOT_A_DIRECTORY', 'a part of the path is not a directory.');
    case 'EISDIR':
      return make('SFTP_IS_A_DIRECTORY', 'it is a directory.', { kind: 'copy-recursively' });
    case 'ENOTEMPTY':
      return make('SFTP_NOT_EMPTY', 'the directory is not empty.');
    case 'ENOSPC':
    case 'EDQUOT':
      return make('SFTP_NO_SPACE', 'the disk is full.');
    default:
      return make('SFTP_LOCAL_IO', `the system reported ${errno ?? 'an error'}.`);
  }
}
