import type { SshConnection } from '../../ssh/connect/ssh-connection';
import { exitOf } from '../../ssh/connect/channel-exit';
import { AppError } from '../../../shared/errors';

/** A digest line of `openssl dgst -r` or sha256sum: 64 hex digits, the path (at most PATH_MAX) and a newline. */
const HASH_ANSWER_BYTES = 64 + 2 + 4096 + 1;
/** One `sha256sum` line for a piece read from stdin: the digest, "  -" and a newline. */
const HASH_LINE_BYTES = 64 + 4;

/** Single-quotes a path for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * SHA-256 of files on a server, computed there by a command (one channel each). Answers are
 * read to a bound: a server may answer without end.
 */
export class RemoteHasher {
  /** False once the server showed it runs no commands for us (or lacks the tools). */
  private hasShell: boolean | undefined;

  constructor(
    private readonly connection: SshConnection,
    private readonly where: string,
  ) {}

  async sha256(path: string): Promise<string | undefined> {
    // OpenSSL's digest uses the CPU's SHA instructions (5× coreutils' sha256sum here).
    const file = shellQuote(path.startsWith('-') ? `./${path}` : path);
    const output = await this.run(`openssl dgst -sha256 -r ${file} 2>/dev/null || sha256sum -- ${file}`, HASH_ANSWER_BYTES);
    if (output?.isCut) throw this.unreadableHash(path);
    // No tool, or nothing run at all (a ForceCommand internal-sftp server answers an empty 0): no check to make.
    if (output?.code !== 0 || output.text === '') return undefined;
    const digest = /^([0-9a-f]{64})\s/.exec(output.text)?.[1];
    if (digest === undefined) throw this.unreadableHash(path);
    return digest;
  }

  /** The hash command ran but answered something that is not a digest: the check fails rather than being skipped. */
  private unreadableHash(path: string): AppError {
    return new AppError(
      'SFTP_VERIFY_FAILED',
      `Could not check ${path} on ${this.where}: the server's answer to the SHA-256 command was not a digest. Run the copy again.`,
      {
        hop: this.where,
        hint: { kind: 'verify-by-size' },
        details: { path },
      },
    );
  }

  /** One command for all pieces: a resume compares the tail of a partial file piece by piece. */
  async sha256Pieces(path: string, first: number, count: number, pieceSize: number): Promise<string[] | undefined> {
    const file = shellQuote(path.startsWith('-') ? `./${path}` : path);
    const pieces = Array.from({ length: count }, (_, i) => first + i).join(' ');
    const output = await this.run(
      `for i in ${pieces}; do dd if=${file} bs=${pieceSize} skip=$i count=1 2>/dev/null | sha256sum; done`,
      count * HASH_LINE_BYTES,
    );
    if (output === undefined || output.code !== 0 || output.isCut) return undefined;
    const digests = [...output.text.matchAll(/^([0-9a-f]{64})\s/gm)].map((m) => m[1]!);
    return digests.length === count ? digests : undefined;
  }

  /**
   * Runs a command for its output, read up to `maxBytes` (past that the channel is closed and
   * the answer marked cut); undefined where the server gives us no shell.
   */
  private async run(command: string, maxBytes: number): Promise<{ text: string; code: number | undefined; isCut: boolean } | undefined> {
    if (this.hasShell === false) return undefined;
    try {
      const channel = await this.connection.exec(command);
      channel.end();
      const output = await new Promise<{ text: string; code: number | undefined; isCut: boolean }>((resolve) => {
        let text = '';
        let isCut = false;
        channel.on('data', (d: Buffer) => {
          if (isCut) return;
          text += d.toString('latin1');
          if (text.length <= maxBytes) return;
          isCut = true;
          text = '';
          channel.close();
        });
        channel.stderr.resume();
        // exitOf, not an 'exit' listener: through a jump host the status can arrive before this runs.
        channel.on('close', () => resolve({ text, code: exitOf(channel)?.code, isCut }));
      });
      if (output.code === 127) this.hasShell = false;
      return output;
    } catch {
      // No shell for us (ForceCommand internal-sftp, no session channels): size checks only.
      this.hasShell = false;
      return undefined;
    }
  }
}
