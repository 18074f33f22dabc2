import type { AppError } from './app-error';
import type { ErrorCode } from './error-code';

// Failures that no retry can heal: each needs a person.
// A host key to check or accept, or a known_hosts file to fix.
const HOST_KEY: ErrorCode[] = ['HOST_KEY_CHANGED', 'HOST_KEY_UNKNOWN', 'HOST_KEY_REVOKED', 'KNOWN_HOSTS_WRITE_FAILED'];
// A server the app cannot speak to safely.
const PROTOCOL: ErrorCode[] = ['NOT_SSH', 'NO_COMMON_ALGORITHM', 'TERRAPIN_VULNERABLE'];
// Keys and passwords that will do no better next time.
const CREDENTIALS: ErrorCode[] = ['AUTH_FAILED', 'KEY_PASSPHRASE', 'KEY_UNREADABLE', 'AGENT_UNAVAILABLE'];
// A question nobody answered.
const UNANSWERED: ErrorCode[] = ['PROMPT_CANCELLED', 'PROMPT_TIMEOUT', 'PROMPT_UNAVAILABLE'];
// Settings to fix.
const SETTINGS: ErrorCode[] = ['CONFIG_INVALID', 'INVALID_ARGUMENT', 'FORWARD_BIND_FAILED'];

// A request about a state (a removed profile, another window's session): a retry meets the same state.
const STATE: ErrorCode[] = ['PROFILE_NOT_FOUND', 'SESSION_CLOSED', 'SESSION_NOT_CONNECTED', 'NOT_FOUND', 'INVALID_STATE', 'OWNED_ELSEWHERE'];

const PERMANENT: ReadonlySet<ErrorCode> = new Set([...HOST_KEY, ...PROTOCOL, ...CREDENTIALS, ...UNANSWERED, ...SETTINGS, ...STATE]);

/** Whether a reconnect loop (a tunnel's, a terminal's) should stop at this error instead of trying again. */
export function isPermanentFailure(error: AppError): boolean {
  return PERMANENT.has(error.code);
}
