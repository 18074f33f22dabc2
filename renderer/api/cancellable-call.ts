import type { Result } from '../../shared/base/result';
import type { CancelSignal } from '../../shared/ipc';
import { cancelled } from './result-envelope';

/**
 * Runs one call that `signal` may cancel. On abort, `cancel` tells main (a cancel frame) and the
 * call answers CALL_CANCELLED at once: main's late answer never reaches whoever called.
 */
export function cancellableCall(
  method: string,
  signal: CancelSignal | undefined,
  send: () => Promise<Result<unknown>>,
  cancel: () => void,
): Promise<Result<unknown>> {
  if (signal === undefined) return send();
  if (signal.aborted) return Promise.resolve(cancelled(method));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      resolve(cancelled(method));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    send().then(
      (result) => (signal.removeEventListener('abort', onAbort), resolve(result)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
