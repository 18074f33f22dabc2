import { z } from 'zod';

/**
 * Every failure a user can meet has one of these codes. The UI, the CLI and the tests
 * agree on them, so they never change meaning once released.
 */
export const ErrorCode = z.enum([
  // Reaching the host
  'DNS_FAILED',
  'CONNECTION_REFUSED',
  'HOST_UNREACHABLE',
  'CONNECT_TIMEOUT',
  /** The person gave up on a connection attempt (closed its tab). */
  'CONNECT_CANCELLED',
  'PROXY_FAILED',
  'PROXY_COMMAND_FAILED',
  'JUMP_CHANNEL_FAILED',
  // The SSH handshake
  'NOT_SSH',
  'BANNER_TIMEOUT',
  'NO_COMMON_ALGORITHM',
  'HANDSHAKE_FAILED',
  'TERRAPIN_VULNERABLE',
  // Host keys
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  'HOST_KEY_REVOKED',
  'KNOWN_HOSTS_WRITE_FAILED',
  // Authentication
  'AUTH_FAILED',
  'KEY_PASSPHRASE',
  'KEY_UNREADABLE',
  'AGENT_UNAVAILABLE',
  // Key files (the message names the file or the host)
  /** A key file that would be written exists already; nothing is overwritten. */
  'KEY_FILE_EXISTS',
  /** The host could not add the key to its authorized_keys (no POSIX sh, a read-only home, a full disk…). */
  'KEY_INSTALL_FAILED',
  /** The agent answered, but would not take the key (a type it does not support, a constraint it refuses). */
  'AGENT_REFUSED',
  // Prompts
  'PROMPT_CANCELLED',
  'PROMPT_TIMEOUT',
  'PROMPT_UNAVAILABLE',
  /** A change that runs code or moves trust needs a confirmation from main that this window cannot give (browser mode). */
  'CONFIRMATION_REQUIRED',
  // An established connection
  'CONNECTION_LOST',
  'KEEPALIVE_TIMEOUT',
  'CHANNEL_FAILED',
  // SFTP and transfers (the message always names the path)
  'SFTP_UNAVAILABLE',
  'SFTP_NO_SUCH_FILE',
  'SFTP_PERMISSION_DENIED',
  'SFTP_ALREADY_EXISTS',
  'SFTP_NOT_A_DIRECTORY',
  'SFTP_IS_A_DIRECTORY',
  'SFTP_NOT_EMPTY',
  'SFTP_NO_SPACE',
  'SFTP_UNSUPPORTED',
  'SFTP_FAILURE',
  'SFTP_UNSAFE_NAME',
  /** A tree deeper, or a listing or answer longer, than a copy reads (a hostile server's endless ones). */
  'SFTP_TOO_LARGE',
  'SFTP_VERIFY_FAILED',
  'SFTP_CANCELLED',
  'SFTP_LOCAL_IO',
  /** A local path inside Jumpgate's own data (the vault, the data directory) that the file manager does not touch. */
  'PATH_PROTECTED',
  // Port forwards and tunnels (the message always names the forward or the tunnel)
  'FORWARD_PORT_IN_USE',
  'FORWARD_BIND_FAILED',
  'FORWARD_REFUSED',
  'TUNNEL_NOT_FOUND',
  'TUNNEL_EXISTS',
  'STORAGE_CORRUPT',
  'STORAGE_WRITE_FAILED',
  // Profiles, settings and the vault
  'STORAGE_READ_ONLY',
  'PROFILE_NOT_FOUND',
  /** A saved host that other hosts jump through, or tunnels connect to: the message names them. */
  'PROFILE_IN_USE',
  'VAULT_NOT_SET_UP',
  'VAULT_ALREADY_SET_UP',
  'VAULT_LOCKED',
  'VAULT_WRONG_PASSPHRASE',
  // The state of what a request names (its input was well formed)
  /** A terminal or file session that was closed for good, or never existed: open a new one. */
  'SESSION_CLOSED',
  /** A session that exists but is not connected now (still connecting, or ended and waiting to be reconnected). */
  'SESSION_NOT_CONNECTED',
  /** A transfer, question or hop that is gone (finished and cleared, answered, expired). */
  'NOT_FOUND',
  /** What the request names exists, but its state does not allow it (reconnecting an open session, retrying a running transfer). */
  'INVALID_STATE',
  /** It belongs to another window or another process, which alone can act on it. */
  'OWNED_ELSEWHERE',
  // Configuration and arguments
  'CONFIG_INVALID',
  /** A malformed input: a bad value, an unknown method, a message the bridge cannot read. */
  'INVALID_ARGUMENT',
  /** The window gave up on a call (it closed the tab that made it); whatever main answers later is dropped. */
  'CALL_CANCELLED',
  // Anything we did not foresee; always a bug to fix
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
