/** How the wait between retries grows; the persisted ReconnectPolicy carries the same fields. */
export interface Backoff {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** 0..1: the share of each delay that is randomised, so many tunnels or windows do not retry in step. */
  jitter: number;
}

/**
 * Delay before retry `attempt` (1-based): exponential from initialDelayMs, capped at maxDelayMs,
 * moved at random by ±jitter. Used by the tunnel supervisor, the terminal reconnect in main and
 * the renderer's WebSocket transport.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * backoff.multiplier ** Math.max(0, attempt - 1));
  const spread = base * backoff.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
