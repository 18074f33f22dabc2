import type { AppError } from './app-error';
import type { ErrorCode } from './error-code';

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
]);

/** Whether a reconnect loop (a tunnel's, a terminal's) should stop at this error instead of trying again. */
export function isPermanentFailure(error: AppError): boolean {
  return PERMANENT.has(error.code);
}
