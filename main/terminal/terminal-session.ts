import type { ClientChannel } from 'ssh2';
import type { Disposable } from '../../shared/base/disposable';
import { Emitter } from '../../shared/base/event';
import type { AppError } from '../../shared/errors';
import { exitOf } from '../ssh/connect/channel-exit';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { FlowControl } from './flow-control';
import { OutputBatcher } from './output-batcher';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TerminalExit {
  code: number | undefined;
  signal: string | undefined;
  /** Set when the connection was lost rather than the shell ending. */
  error: AppError | undefined;
}

export interface TerminalOptions extends TerminalSize {
  term?: string;
  env?: Record<string, string>;
  /** Typed into the shell once it starts, followed by Enter. */
  startupCommand?: string;
}

/**
 * One interactive shell on a connection: a pty channel whose output is decoded, batched and
 * flow-controlled by the renderer's acknowledgements; keystrokes go back as data, resizes as
 * window-change requests.
 */
export class TerminalSession implements Disposable {
  private readonly onDataEmitter = new Emitter<string>();
  readonly onData = this.onDataEmitter.event;
  private readonly onExitEmitter = new Emitter<TerminalExit>();
  readonly onExit = this.onExitEmitter.event;
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowControl;
  private hasExited = false;

  private constructor(
    private readonly channel: ClientChannel,
    connection: SshConnection,
  ) {
    this.flow = new FlowControl(
      () => channel.pause(),
      () => channel.resume(),
    );
    this.batcher = new OutputBatcher((text) => {
      this.flow.sent(text.length);
      this.onDataEmitter.fire(text);
    });
    channel.on('data', (bytes: Buffer) => this.batcher.push(bytes));
    channel.stderr.on('data', (bytes: Buffer) => this.batcher.push(bytes));
    let lostReason: AppError | undefined;
    const closeSubscription = connection.onDidClose((reason) => (lostReason = reason));
    channel.on('close', () => {
      closeSubscription.dispose();
      this.finish(lostReason);
    });
  }

  static async open(connection: SshConnection, options: TerminalOptions): Promise<TerminalSession> {
    const channel = await connection.shell(
      { cols: options.cols, rows: options.rows, term: options.term ?? 'xterm-256color', width: 0, height: 0 },
      options.env ? { env: options.env } : {},
    );
    const session = new TerminalSession(channel, connection);
    if (options.startupCommand) session.write(`${options.startupCommand}\r`);
    return session;
  }

  get pendingAcks(): number {
    return this.flow.pendingAcks;
  }

  get isPaused(): boolean {
    return this.flow.paused;
  }

  get exited(): boolean {
    return this.hasExited;
  }

  write(data: string): void {
    if (!this.hasExited) this.channel.write(data);
  }

  resize(size: TerminalSize): void {
    if (!this.hasExited) this.channel.setWindow(size.rows, size.cols, 0, 0);
  }

  /** The renderer has drawn this many characters. */
  ack(chars: number): void {
    this.flow.ack(chars);
  }

  /** A window came back and draws from the scrollback: nothing sent before will be acknowledged. */
  resetFlow(): void {
    this.flow.reset();
  }

  dispose(): void {
    if (!this.hasExited) this.channel.close();
    this.batcher.dispose();
  }

  private finish(error: AppError | undefined): void {
    if (this.hasExited) return;
    this.hasExited = true;
    this.batcher.end();
    const exit = exitOf(this.channel);
    const isLost = error !== undefined && exit === undefined;
    this.onExitEmitter.fire({ code: exit?.code, signal: exit?.signal, error: isLost ? error : undefined });
    this.onExitEmitter.dispose();
    this.onDataEmitter.dispose();
  }
}
