import type { Result } from '../../shared/base/result';
import type { ErrorCode } from '../../shared/errors';
import { ResultEnvelope, parseToWindow } from '../../shared/ipc';

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

/** A result frame (or main's refusal of the call as a whole) as a Result. */
export function resultOfFrame(raw: unknown, method: string): Result<unknown> {
  const parsed = parseToWindow(raw);
  if (parsed.ok && parsed.frame.type === 'result') return toResult(parsed.frame.result, method);
  if (parsed.ok && parsed.frame.type === 'error') return { ok: false, error: parsed.frame.error };
  return toResult(undefined, method);
}

/** What a cancelled call answers, at once; main's late answer is dropped. */
export function cancelled(method: string): Result<never> {
  return failure('CALL_CANCELLED', `The call ${method} was cancelled; whatever it would have answered is dropped.`, method);
}
