import type { Disposable } from '../../shared/base/disposable';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { SessionId } from '../../shared/ipc';
import type { Client } from '../api/client';
import { type ConnectionStatus, SessionRegistry } from '../sessions/session-registry';

export interface SessionNotice {
  id: number;
  hop: string;
  kind: 'banner' | 'warning' | 'info';
  text: string;
  isUntrusted: boolean;
}

/** What a tab shows about its connection, besides the terminal itself. */
export interface SessionStatus extends ConnectionStatus {
  notices: readonly SessionNotice[];
  exit?: { code?: number; signal?: string };
  /** The asciicast file while recording. */
  recordingFile?: string;
  /** When main will try again by itself (Date.now() based), while it is waiting to. */
  reconnectAt?: number;
}

type DataSink = (data: string) => void;
const MAX_NOTICES = 20;

/**
 * Every terminal session of this window, fed by the `terminal.*` events (status kept per id by
 * the registry); output waits in a queue until a terminal attaches to draw (and acknowledge) it.
 */
export class TerminalSessions extends SessionRegistry<SessionId, SessionStatus> {
  private readonly sinks = new Map<SessionId, DataSink>();
  private readonly queued = new Map<SessionId, string[]>();
  private readonly outputListeners = new Set<(sessionId: SessionId) => void>();
  private noticeId = 0;

  constructor(client: Pick<Client, 'on'>) {
    super({ state: 'connecting', progress: [], notices: [], attempt: 1 });
    this.listen(
      client.on('terminal.state', ({ sessionId, state, error, exit, reconnectInMs }) => {
        this.follow(sessionId, (status) => ({
          ...status,
          state,
          error,
          exit,
          reconnectAt: reconnectInMs === undefined ? undefined : Date.now() + reconnectInMs,
          ...(state === 'closed' ? { recordingFile: undefined } : {}),
        }));
      }),
      client.on('terminal.progress', ({ sessionId, hop, step, elapsedMs }) => this.addProgress(sessionId, { hop, step, elapsedMs })),
      client.on('terminal.notice', ({ sessionId, hop, kind, text, isUntrusted }) => {
        const notice = { id: ++this.noticeId, hop, kind, text, isUntrusted };
        this.update(sessionId, (status) => ({ ...status, notices: [...status.notices, notice].slice(-MAX_NOTICES) }));
      }),
      client.on('terminal.recording', ({ sessionId, file }) => {
        this.update(sessionId, (status) => ({ ...status, recordingFile: file ?? undefined }));
      }),
      client.on('terminal.data', ({ sessionId, data }) => this.deliver(sessionId, data)),
    );
  }

  /** Called for every batch of output (to mark background tabs). */
  onOutput(listener: (sessionId: SessionId) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /**
   * The terminal that draws a session's output; what arrived before it attached comes first, unless
   * it draws from main's scrollback (`isFresh`), which already holds that.
   */
  attach(sessionId: SessionId, sink: DataSink, isFresh = false): Disposable {
    this.sinks.set(sessionId, sink);
    const waiting = this.queued.get(sessionId);
    this.queued.delete(sessionId);
    for (const data of isFresh ? [] : (waiting ?? [])) sink(data);
    return { dispose: () => this.sinks.get(sessionId) === sink && this.sinks.delete(sessionId) };
  }

  /** A session this window had before it reloaded (or lost its link): how it is now, as main says. */
  restore(state: { sessionId: SessionId; state: SessionStatus['state']; error?: AppErrorData }): void {
    this.update(state.sessionId, (status) => ({ ...status, state: state.state, error: state.error }));
  }

  /** A session closed for good: forget it, and what it had not drawn yet. */
  override forget(sessionId: SessionId): void {
    this.sinks.delete(sessionId);
    this.queued.delete(sessionId);
    super.forget(sessionId);
  }

  override dispose(): void {
    super.dispose();
    this.outputListeners.clear();
  }

  /** A reconnect also clears the last attempt's notices. */
  protected override newAttempt(status: SessionStatus): SessionStatus {
    return { ...super.newAttempt(status), notices: [] };
  }

  private deliver(sessionId: SessionId, data: string): void {
    // Output always follows a 'connected' state; without a status the session was forgotten.
    if (!this.has(sessionId)) return;
    const sink = this.sinks.get(sessionId);
    if (sink) sink(data);
    else {
      // Nothing is acknowledged while queued, so main pauses the channel past its high-water mark.
      const queue = this.queued.get(sessionId) ?? [];
      queue.push(data);
      this.queued.set(sessionId, queue);
    }
    for (const listener of this.outputListeners) listener(sessionId);
  }
}
