import type { Readable, Writable } from 'node:stream';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { type AppError, toAppError } from '../../shared/errors';
import { cliHintText } from './hint-text';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * `jumpgate: <hop>: <sentence> <what to do> (<CODE>)`, the one shape of every error the CLI prints,
 * on one line; what to do is the error's hint, said with the CLI's flags. A message can quote a
 * server (a path from its listing, its disconnect words), so the line is escaped as server text is.
 */
export function formatError(error: unknown): string {
  const appError: AppError = toAppError(error);
  const hop = appError.hop ? `${appError.hop}: ` : '';
  return sanitizeUntrusted(`jumpgate: ${hop}${withHint(appError.message, appError.hint)} (${appError.code})`).replaceAll('\n', ' ');
}

/** A message followed by its hint in the CLI's words, for lines that print an error's parts. */
export function withHint(message: string, hint: AppError['hint']): string {
  return hint === undefined ? message : `${message} ${cliHintText(hint)}`;
}
