import { z } from 'zod';

/**
 * What a person can do next about an error, as data: the message says what happened in words,
 * and each surface turns the hint into its own means (the CLI into its flags and commands, the
 * window into words and the button or control that does it). So no message has to name a flag
 * that only one surface has.
 */
export const ErrorHint = z.discriminatedUnion('kind', [
  /** The same attempt again (connect, copy, list): it may have been a passing failure. */
  z.object({ kind: z.literal('retry') }),
  /** Nothing a person can fix: try again with diagnostics, and report what they show. */
  z.object({ kind: z.literal('retry-with-diagnostics') }),
  /** A copy stopped part way: the same copy again continues from what was written. */
  z.object({ kind: z.literal('resume-copy') }),
  /** The host may only be reachable through another one (a jump host). */
  z.object({ kind: z.literal('use-jump-host') }),
  /** Something else answers on that port: check the port and the host name. */
  z.object({ kind: z.literal('check-port') }),
  /** The server refused the credentials: check the user name, the keys and the password. */
  z.object({ kind: z.literal('check-credentials') }),
  /** An unknown host key nobody could be asked about: accept it once, if its fingerprint is right. */
  z.object({ kind: z.literal('accept-host-key'), host: z.string() }),
  /** A changed host key that is legitimate: remove the old entry for `host` (from `file` when known). */
  z.object({ kind: z.literal('forget-host-key'), host: z.string(), file: z.string().optional() }),
  /** An old device with no algorithm in common: allow legacy algorithms for it. */
  z.object({ kind: z.literal('allow-legacy-algorithms') }),
  /** A directory where a file was expected in a copy: copy it as a directory tree. */
  z.object({ kind: z.literal('copy-recursively') }),
  /** Extra transfer connections failed: copy over one connection. */
  z.object({ kind: z.literal('single-connection') }),
  /** The server cannot hash files: verify copies by size only. */
  z.object({ kind: z.literal('verify-by-size') }),
  /** Saved secrets are locked away: unlock the vault. */
  z.object({ kind: z.literal('unlock-vault') }),
  /** A local port is taken: stop what holds it (named where the system says), or choose another port (the next free one when known). */
  z.object({
    kind: z.literal('free-port'),
    port: z.number().int().min(0).max(65535),
    holder: z.object({ pid: z.number().int().positive(), program: z.string().max(64) }).optional(),
    nextFreePort: z.number().int().min(1).max(65535).optional(),
  }),
]);
export type ErrorHint = z.infer<typeof ErrorHint>;
export type ErrorHintKind = ErrorHint['kind'];
