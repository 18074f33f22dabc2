import type { Readable, Writable } from 'node:stream';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { type AppError, toAppError } from '../../shared/errors';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * `jumpgate: <hop>: <sentence> (<CODE>)`, the one shape of every error the CLI prints, on one
 * line. A message can quote a server (a path from its listing, its disconnect words), so the line
 * is escaped as server text is.
 */
export function formatError(error: unknown): string {
  const appError: AppError = toAppError(error);
  const hop = appError.hop ? `${appError.hop}: ` : '';
  return sanitizeUntrusted(`jumpgate: ${hop}${appError.message} (${appError.code})`).replaceAll('\n', ' ');
}
