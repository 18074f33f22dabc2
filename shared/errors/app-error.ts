import { z } from 'zod';
import { ErrorCode } from './error-code';

export const AppErrorData = z.object({
  code: ErrorCode,
  /** A sentence a person can act on. Never raw library text, never a stack. */
  message: z.string(),
  /** The hop the failure happened on, as `user@host:port`, when there is one. */
  hop: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

/** The one error type of the project: a stable code, the hop, and an actionable sentence. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hop: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { hop?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hop = options.hop;
    this.details = options.details;
  }

  /** The same error, attributed to a hop (keeps an existing attribution). */
  onHop(hop: string): AppError {
    if (this.hop !== undefined) return this;
    return new AppError(this.code, this.message, { hop, details: this.details, cause: this.cause });
  }

  toJSON(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.hop !== undefined) data.hop = this.hop;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, { hop: data.hop, details: data.details });
  }

  static is(value: unknown, code?: ErrorCode): value is AppError {
    return value instanceof AppError && (code === undefined || value.code === code);
  }
}

/** Anything caught becomes an AppError; what we did not foresee is INTERNAL, without its raw text. */
export function toAppError(error: unknown, hop?: string): AppError {
  if (error instanceof AppError) return hop === undefined ? error : error.onHop(hop);
  return new AppError('INTERNAL', 'Something unexpected went wrong. Run again with -v and report the output.', {
    hop,
    cause: error,
  });
}
