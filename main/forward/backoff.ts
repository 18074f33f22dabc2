import type { AppError, ErrorCode } from '../../shared/errors';
import type { ReconnectPolicy } from '../../shared/model/tunnel-profile';

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential from initialDelayMs, capped at
 * maxDelayMs, moved at random by ±jitter so that many tunnels dropped together do not retry in step.
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

/** Failures that no retry can heal: they need a person (a new host key, a key, a password, a fixed config). */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'HOST_KEY_CHANGED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_REVOKED',
  'KNOWN_HOSTS_WRITE_FAILED',
  'AUTH_FAILED',
  'KEY_PASSPHRASE',
  'KEY_UNREADABLE',
  'AGENT_UNAVAILABLE',
  'PROMPT_CANCELLED',
  'PROMPT_TIMEOUT',
  'PROMPT_UNAVAILABLE',
  'NO_COMMON_ALGORITHM',
  'TERRAPIN_VULNERABLE',
  'NOT_SSH',
  'CONFIG_INVALID',
  'INVALID_ARGUMENT',
  'FORWARD_BIND_FAILED',
  // Requests about a state (a removed profile, another window's session): a retry meets the same state.
  'PROFILE_NOT_FOUND',
  'SESSION_CLOSED',
  'SESSION_NOT_CONNECTED',
  'NOT_FOUND',
  'INVALID_STATE',
  'OWNED_ELSEWHERE',
]);

export function isPermanentFailure(error: AppError): boolean {
  return PERMANENT.has(error.code);
}
