import type { Disposable } from '../../shared/base/disposable';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { SessionId } from '../../shared/ipc';
import type { Client } from '../api/client';

export interface ConnectProgress {
  hop: string;
  step: 'tcp' | 'proxy' | 'banner' | 'kex' | 'host-key' | 'auth' | 'ready';
  elapsedMs: number;
}

export interface SessionNotice {
  id: number;
  hop: string;
  kind: 'banner' | 'warning' | 'info';
  text: string;
  isUntrusted: boolean;
}

/** What a tab shows about its connection, besides the terminal itself. */
export interface SessionStatus {
  state: 'connecting' | 'connected' | 'closed';
  /** Each hop's steps in the order they happened, for this attempt. */
  progress: readonly ConnectProgress[];
  notices: readonly SessionNotice[];
  error?: AppErrorData;
  exit?: { code?: number; signal?: string };
  /** The asciicast file while recording. */
  recordingFile?: string;
  /** 1 for the first connection, +1 for each Reconnect. */
  attempt: number;
  /** When main will try again by itself (Date.now() based), while it is waiting to. */
  reconnectAt?: number;
}

type DataSink = (data: string) => void;
const MAX_NOTICES = 20;

/**
 * Every terminal session of this window, fed by the `terminal.*` events. Events can arrive before
 * `terminal.open` has answered (main emits 'connecting' at once), so status is kept per session id
 * whoever asked; output waits in a queue until a terminal attaches to draw (and acknowledge) it.
 */
export class TerminalSessions implements Disposable {
  private readonly statuses = new Map<SessionId, SessionStatus>();
  private readonly sinks = new Map<SessionId, DataSink>();
  private readonly queued = new Map<SessionId, string[]>();
  private readonly listeners = new Set<() => void>();
  private readonly outputListeners = new Set<(sessionId: SessionId) => void>();
  private readonly unsubscribes: Array<() => void>;
  private noticeId = 0;
  /** Bumped on every status change, so a view can re-render on any of them. */
  version = 0;

  constructor(client: Pick<Client, 'on'>) {
    this.unsubscribes = [
      client.on('terminal.state', ({ sessionId, state, error, exit, reconnectInMs }) => {
        const previous = this.statuses.get(sessionId);
        const isNewAttempt = state === 'connecting' && previous?.state === 'closed';
        this.update(sessionId, (status) => ({
          ...status,
          state,
          error,
          exit,
          reconnectAt: reconnectInMs === undefined ? undefined : Date.now() + reconnectInMs,
          ...(isNewAttempt ? { progress: [], notices: [], attempt: status.attempt + 1 } : {}),
          ...(state === 'closed' ? { recordingFile: undefined } : {}),
        }));
      }),
      client.on('terminal.progress', ({ sessionId, hop, step, elapsedMs }) => {
        this.update(sessionId, (status) => ({ ...status, progress: [...status.progress, { hop, step, elapsedMs }] }));
      }),
      client.on('terminal.notice', ({ sessionId, hop, kind, text, isUntrusted }) => {
        const notice = { id: ++this.noticeId, hop, kind, text, isUntrusted };
        this.update(sessionId, (status) => ({ ...status, notices: [...status.notices, notice].slice(-MAX_NOTICES) }));
      }),
      client.on('terminal.recording', ({ sessionId, file }) => {
        this.update(sessionId, (status) => ({ ...status, recordingFile: file ?? undefined }));
      }),
      client.on('terminal.data', ({ sessionId, data }) => this.deliver(sessionId, data)),
    ];
  }

  get(sessionId: SessionId | undefined): SessionStatus | undefined {
    return sessionId === undefined ? undefined : this.statuses.get(sessionId);
  }

  /** For useSyncExternalStore: called after any status changes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

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

  /** A session closed for good: forget it. */
  forget(sessionId: SessionId): void {
    this.statuses.delete(sessionId);
    this.sinks.delete(sessionId);
    this.queued.delete(sessionId);
    this.emit();
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.listeners.clear();
    this.outputListeners.clear();
  }

  private deliver(sessionId: SessionId, data: string): void {
    // Output always follows a 'connected' state; without a status the session was forgotten.
    if (!this.statuses.has(sessionId)) return;
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

  private update(sessionId: SessionId, change: (status: SessionStatus) => SessionStatus): void {
    const current = this.statuses.get(sessionId) ?? { state: 'connecting', progress: [], notices: [], attempt: 1 };
    this.statuses.set(sessionId, change(current));
    this.emit();
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
