import type { ClientChannel } from 'ssh2';
import type { Disposable } from '../../shared/base/disposable';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { type ListeningPort, listeningPorts, MAX_TABLE_CHARS, newSinceStart, parseProcNetTcp } from './proc-net-tcp';

/** Both tables in one exec; a missing tcp6 (IPv6 off) still leaves tcp's table. */
export const READ_TABLES = 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null';
/** A read that takes longer than this is given up (and tried again at the next poll). */
const READ_TIMEOUT_MS = 10_000;

/** What a terminal keeps across its reconnects: the ports already listening when it first connected. */
export interface PortBaseline {
  atStart?: ReadonlySet<number>;
}

export interface ServerPortWatcherOptions {
  intervalMs: number;
  /** The ports listening now that were not at the start (after each read that found a table). */
  onPorts(ports: ListeningPort[]): void;
  /** The server has no /proc/net/tcp or refused the exec: polling stopped for this connection. */
  onStopped?(): void;
}

/** Runs the read on the connection: the text (at most MAX_TABLE_CHARS), or undefined when no exec channel was given. */
async function readTables(connection: SshConnection): Promise<string | undefined> {
  let channel: ClientChannel;
  try {
    channel = await connection.exec(READ_TABLES);
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    const chunks: string[] = [];
    let length = 0;
    const timer = setTimeout(() => channel.close(), READ_TIMEOUT_MS);
    channel.setEncoding('latin1');
    channel.on('data', (text: string) => {
      if (length >= MAX_TABLE_CHARS) return;
      chunks.push(text);
      length += text.length;
      // A hostile server can send forever: stop reading, keep what fits.
      if (length >= MAX_TABLE_CHARS) channel.close();
    });
    channel.stderr.resume();
    channel.on('close', () => {
      clearTimeout(timer);
      resolve(chunks.join(''));
    });
  });
}

/**
 * Notices ports a Linux server starts listening on while a terminal is connected, as VS Code's
 * remote port detection does: every few seconds one exec channel reads /proc/net/tcp and tcp6 on
 * the terminal's connection. The first read is the baseline (those ports are never offered);
 * a server without the tables, or one that refuses the exec, is not polled again on this connection.
 */
export class ServerPortWatcher implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private isDisposed = false;

  constructor(
    private readonly connection: SshConnection,
    private readonly baseline: PortBaseline,
    private readonly options: ServerPortWatcherOptions,
  ) {
    void this.poll();
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.isDisposed || this.connection.closed) return;
    const text = await readTables(this.connection);
    if (this.isDisposed) return;
    const sockets = text === undefined ? undefined : parseProcNetTcp(text);
    if (sockets === undefined) {
      this.isDisposed = true;
      this.options.onStopped?.();
      return;
    }
    const now = listeningPorts(sockets);
    if (this.baseline.atStart === undefined) this.baseline.atStart = new Set(now.map((listening) => listening.port));
    else this.options.onPorts(newSinceStart(this.baseline.atStart, now));
    this.timer = setTimeout(() => void this.poll(), this.options.intervalMs);
  }
}
