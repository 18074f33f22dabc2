import { z } from 'zod';
import type { Result } from '../../shared/base/result';
import { AppErrorData, type ErrorCode } from '../../shared/errors';

const ResultEnvelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: AppErrorData })]);

/** A failed Result with a code and a sentence a person can act on. */
export function failure(code: ErrorCode, message: string, method?: string): Result<never> {
  return { ok: false, error: method === undefined ? { code, message } : { code, message, details: { method } } };
}

/** Whatever arrived as a call's answer, as a Result: anything malformed becomes a coded error. */
export function toResult(raw: unknown, method: string): Result<unknown> {
  const parsed = ResultEnvelope.safeParse(raw);
  if (parsed.success) return parsed.data.ok ? { ok: true, value: parsed.data.value } : parsed.data;
  return failure('INTERNAL', 'The app sent an answer this window does not understand. Reload the window, and report this if it happens again.', method);
}
