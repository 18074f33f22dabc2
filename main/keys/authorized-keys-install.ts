import type { ClientChannel } from 'ssh2';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { AppError } from '../../shared/errors';
import { exitOf } from '../ssh/connect/channel-exit';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { type PublicKey, publicKeyLine } from './public-key';

/** `add` appends unless the key is there; `check` only looks; `force` appends without looking (ssh-copy-id -f). */
export type InstallMode = 'add' | 'check' | 'force';
export type InstallOutcome = 'added' | 'present' | 'absent';

/**
 * The POSIX sh program that runs on the host. It reads the mode, the key's type and base64, then
 * the line to append, from its stdin, so no key text is ever quoted into a command. A line holds
 * the key when two neighbouring words are its type and base64 (options before them, or another
 * comment, do not matter). ~/.ssh is made 0700 and authorized_keys 0600 when they are missing
 * (umask 077); existing ones keep their modes and every other line. A file whose last line has no
 * newline gets one first, so the key never joins that line.
 *
 * It is one line with no single quote, backslash or `!`: wrapped in single quotes after
 * `exec sh -c`, it means the same to a login shell that is sh, bash, dash, zsh, ksh, fish, csh
 * or tcsh.
 */
const SCRIPT = [
  'umask 077',
  'IFS= read -r m',
  'IFS= read -r t',
  'IFS= read -r b',
  'd="$HOME/.ssh"',
  'f="$d/authorized_keys"',
  'case "$m" in force) ;; *) if [ -f "$f" ]; then set -f; while IFS= read -r l || [ -n "$l" ]; do set -- $l; p=; for w do if [ "$p" = "$t" ] && [ "$w" = "$b" ]; then echo jumpgate-key-present; exit 0; fi; p=$w; done; done < "$f"; fi ;; esac',
  'if [ "$m" = check ]; then echo jumpgate-key-absent; exit 0; fi',
  'mkdir -p "$d" || exit 3',
  'if [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ]; then echo >> "$f" || exit 3; fi',
  'cat >> "$f" || exit 3',
  'if command -v restorecon >/dev/null 2>&1; then restorecon -F "$d" "$f" >/dev/null 2>&1; fi',
  'echo jumpgate-key-added',
].join('; ');

export const INSTALL_COMMAND = `exec sh -c '${SCRIPT}'`;

const OUTPUT_LIMIT = 16 * 1024;

/** Adds `key` to ~/.ssh/authorized_keys on the host at the end of `connection`, once. */
export async function installAuthorizedKey(connection: SshConnection, key: PublicKey, mode: InstallMode): Promise<InstallOutcome> {
  const channel = await connection.exec(INSTALL_COMMAND);
  const line = publicKeyLine(key).replace(/[\r\n]/g, ' ');
  channel.end(`${mode}\n${key.algorithm}\n${key.blob.toString('base64')}\n${line}\n`);
  const { stdout, stderr, code } = await collectReply(channel);
  const outcome = /jumpgate-key-(added|present|absent)/.exec(stdout)?.[1] as InstallOutcome | undefined;
  if (code === 0 && outcome) return outcome;
  const where = connection.label;
  const said = sanitizeUntrusted(stderr.trim().split('\n')[0] ?? '').slice(0, 200);
  if (code === 127) {
    throw new AppError('KEY_INSTALL_FAILED', `${where} has no POSIX sh to add the key with; add it to ~/.ssh/authorized_keys there by hand.`, { hop: where });
  }
  throw new AppError(
    'KEY_INSTALL_FAILED',
    `${where} could not add the key to ~/.ssh/authorized_keys${said ? ` (the host said: ${said})` : ''}; check that the home folder there is writable.`,
    { hop: where, details: { exitCode: code } },
  );
}

function collectReply(channel: ClientChannel): Promise<{ stdout: string; stderr: string; code: number | undefined }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    channel.on('data', (chunk: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString('utf8');
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString('utf8');
    });
    channel.on('close', () => resolve({ stdout, stderr, code: exitOf(channel)?.code }));
  });
}
