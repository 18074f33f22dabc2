export interface PollUntilOptions {
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
  /** Pause between attempts; default 20 ms. */
  intervalMs?: number;
  /** What was being waited for; it names the timeout error. */
  message?: string;
}

/**
 * Calls `fn` until it returns (or resolves to) a truthy value and resolves with that value.
 * A throw or rejection from `fn` counts as "not yet"; the last one is attached to the timeout
 * error so a test that waits on something that keeps failing says why.
 * Tests wait on a condition with this, never on a fixed sleep.
 */
export async function pollUntil<T>(fn: () => T | Promise<T>, options: PollUntilOptions = {}): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 20, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : `; last error: ${describe(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${reason}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
