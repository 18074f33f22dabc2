import { z } from 'zod';
import { ErrorCode } from './error-code';
import { ErrorHint } from './error-hint';

export const AppErrorData = z.object({
  code: ErrorCode,
  /** A sentence a person can act on. Never raw library text, never a stack. */
  message: z.string(),
  /** The hop the failure happened on, as `user@host:port`, when there is one. */
  hop: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** What the person can do next; each surface says it its own way (flags in the CLI, a button in the window). */
  hint: ErrorHint.optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

export interface AppErrorOptions {
  hop?: string | undefined;
  details?: Record<string, unknown> | undefined;
  hint?: ErrorHint | undefined;
  cause?: unknown;
}

/** The one error type of the project: a stable code, the hop, an actionable sentence and what to do next. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hop: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly hint: ErrorHint | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hop = options.hop;
    this.details = options.details;
    this.hint = options.hint;
  }

  /** The same error, attributed to a hop (keeps an existing attribution). */
  onHop(hop: string): AppError {
    if (this.hop !== undefined) return this;
    return new AppError(this.code, this.message, { hop, details: this.details, hint: this.hint, cause: this.cause });
  }

  toJSON(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.hop !== undefined) data.hop = this.hop;
    if (this.details !== undefined) data.details = this.details;
    if (this.hint !== undefined) data.hint = this.hint;
    return data;
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, { hop: data.hop, details: data.details, hint: data.hint });
  }

  static is(value: unknown, code?: ErrorCode): value is AppError {
    return value instanceof AppError && (code === undefined || value.code === code);
  }
}

/** Anything caught becomes an AppError; what we did not foresee is INTERNAL, without its raw text. */
export function toAppError(error: unknown, hop?: string): AppError {
  if (error instanceof AppError) return hop === undefined ? error : error.onHop(hop);
  return new AppError('INTERNAL', 'Something unexpected went wrong. If it happens again, please report it.', {
    hop,
    hint: { kind: 'retry-with-diagnostics' },
    cause: error,
  });
}
