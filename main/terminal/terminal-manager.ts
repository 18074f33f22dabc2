import { type Backoff, backoffDelay } from '../../shared/base/backoff';
import type { Disposable } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import { AppError, isPermanentFailure } from '../../shared/errors';
import type { SessionId, TerminalState } from '../../shared/ipc';
import type { ConnectionProfile } from '../../shared/model';
import type { TrustedConfirmer } from '../prompts/trusted-confirmer';
import { forgetChangedHostKey } from '../ssh/host-keys/forget-host-key';
import { type ConnectTarget, planTarget, type TargetPlan } from '../ssh/config/connect-target';
import type { ConnectNotice, ConnectProgress } from '../ssh/connect/connect-observer';
import type { ConnectionLease } from '../ssh/connect/ssh-connector';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import type { ConnectionPool } from '../ssh/connect/connection-pool';
import { type Attempt, type Session, type SessionState, SessionRegistry } from '../ssh/sessions/session-registry';
import { join } from 'node:path';
import { AsciicastRecorder } from './asciicast-recorder';
import { InputMasker } from './input-masker';
import { Scrollback } from './scrollback';
import { TerminalSession, type TerminalSize } from './terminal-session';

/** What a terminal keeps across reconnects: where it goes and how its shell starts. */
interface Plan {
  target: ConnectTarget;
  label: string;
  resolveHops: TargetPlan['resolveHops'];
  env: Record<string, string>;
  startupCommand: string | undefined;
  autoReconnect: boolean;
  recordSessions: boolean;
  recordInput: boolean;
}

/** What stays with a terminal across its reconnects. */
interface Kept {
  plan: Plan;
  /** Its recent output, for a window that comes back. */
  scrollback: Scrollback;
  size: TerminalSize;
  /** Automatic reconnects in a row without getting connected. */
  retries: number;
  retryTimer?: NodeJS.Timeout;
}

/** What one connection of a terminal holds. */
interface Held {
  lease?: ConnectionLease;
  session?: TerminalSession;
  recorder?: AsciicastRecorder;
  masker: InputMasker;
  /** How the shell ended, when it did. */
  exit?: { code?: number; signal?: string };
}

type Terminal = Session<SessionId, Kept, Held>;

/** A terminal's change of state; the error is why it closed, when it was not the shell ending. */
export interface TerminalStateChange {
  sessionId: SessionId;
  state: SessionState;
  error?: AppError;
  exit?: { code?: number; signal?: string };
  /** Closed, and it tries again after this long (the profile reconnects by itself). */
  reconnectInMs?: number;
}

/** Automatic reconnects: quick at first, then every half minute for as long as the tab is open. */
const AUTO_RECONNECT: Backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 };

export interface TerminalManagerOptions {
  /** The app's connections, shared with file sessions. */
  connections: ConnectionPool;
  findProfile: (id: string) => ConnectionProfile | undefined;
  env?: NodeJS.ProcessEnv;
  /** Where recordings go (asciicast v2 files). */
  recordingsDir: string;
  /** Asks the person, through main, before a host key is forgotten. */
  confirmer: TrustedConfirmer;
}

/**
 * The terminals of the app: `open` answers at once with a session id, then connects in the
 * background and reports every hop and step, host-key and auth questions going through the
 * prompt broker. Output goes out as batched `onData` events, acknowledged by the renderer.
 */
export class TerminalManager implements Disposable {
  private readonly registry: SessionRegistry<SessionId, Kept, Held>;
  private readonly onDidChangeStateEmitter = new Emitter<TerminalStateChange>();
  readonly onDidChangeState: Event<TerminalStateChange> = this.onDidChangeStateEmitter.event;
  private readonly onDataEmitter = new Emitter<{ sessionId: SessionId; data: string }>();
  /** A batch of output. */
  readonly onData: Event<{ sessionId: SessionId; data: string }> = this.onDataEmitter.event;
  private readonly onProgressEmitter = new Emitter<{ sessionId: SessionId } & ConnectProgress>();
  readonly onProgress: Event<{ sessionId: SessionId } & ConnectProgress> = this.onProgressEmitter.event;
  private readonly onNoticeEmitter = new Emitter<{ sessionId: SessionId } & ConnectNotice>();
  readonly onNotice: Event<{ sessionId: SessionId } & ConnectNotice> = this.onNoticeEmitter.event;
  private readonly onDidChangeRecordingEmitter = new Emitter<{ sessionId: SessionId; file: string | null }>();
  /** Recording started (the file) or stopped (null). */
  readonly onDidChangeRecording: Event<{ sessionId: SessionId; file: string | null }> = this.onDidChangeRecordingEmitter.event;
  private readonly onDidForgetEmitter = new Emitter<SessionId>();
  /** A terminal closed for good (by the person, or its window gone): nothing brings it back. */
  readonly onDidForget: Event<SessionId> = this.onDidForgetEmitter.event;

  constructor(private readonly options: TerminalManagerOptions) {
    this.registry = new SessionRegistry<SessionId, Kept, Held>({
      idPrefix: 't',
      hold: () => ({ masker: new InputMasker() }),
      connect: (terminal, attempt) => this.connect(terminal, attempt),
      release: ({ held }) => {
        held.session?.dispose();
        held.lease?.dispose();
        held.recorder?.dispose();
      },
    });
    this.registry.onDidChangeState((terminal) => this.changed(terminal));
    this.registry.onDidForget(({ id, kept }) => {
      clearTimeout(kept.retryTimer);
      options.connections.forget(id);
      this.onDidForgetEmitter.fire(id);
    });
  }

  open(target: ConnectTarget, size: TerminalSize): { sessionId: SessionId } {
    const plan = this.plan(target);
    const terminal = this.registry.open({ plan, scrollback: new Scrollback(), size, retries: 0 });
    return { sessionId: terminal.id };
  }

  /** Where a terminal goes and how it is, for a window rebuilding its tabs; undefined once closed for good. */
  describe(sessionId: SessionId): { sessionId: SessionId; target: ConnectTarget; title: string; state: TerminalState['state'] } | undefined {
    const terminal = this.registry.get(sessionId);
    if (terminal === undefined) return undefined;
    return { sessionId, target: terminal.kept.plan.target, title: terminal.kept.plan.label, state: terminal.attempt.state };
  }

  /** The connection a connected terminal's shell runs on, for channels beside it (its pane's forwards). */
  connectionOf(sessionId: SessionId): SshConnection | undefined {
    const terminal = this.registry.live(sessionId);
    return terminal?.attempt.state === 'connected' ? terminal.attempt.held.lease?.connection : undefined;
  }

  /**
   * A window draws this terminal afresh: its recent output, and from then on the live output.
   * What was sent to an earlier window will not be acknowledged, so flow control starts over.
   */
  attach(sessionId: SessionId): { scrollback: string; state: TerminalState } {
    const terminal = this.registry.get(sessionId);
    if (terminal === undefined) throw new AppError('SESSION_CLOSED', 'That terminal was closed for good; open a new one.');
    const { attempt } = terminal;
    attempt.held.session?.resetFlow();
    const state: TerminalState =
      attempt.state === 'closed'
        ? { sessionId, state: 'closed', ...(attempt.error ? { error: attempt.error.toJSON() } : {}) }
        : { sessionId, state: attempt.state };
    return { scrollback: terminal.kept.scrollback.text(), state };
  }

  /** Connects an ended session again under the same id, so the renderer keeps its scrollback. */
  reconnect(sessionId: SessionId): void {
    const ended = this.registry.get(sessionId);
    if (ended === undefined) throw new AppError('SESSION_CLOSED', 'That terminal cannot be reconnected: it was closed for good.');
    if (ended.attempt.state !== 'closed') throw new AppError('INVALID_STATE', 'That terminal cannot be reconnected: it is open.');
    clearTimeout(ended.kept.retryTimer);
    ended.kept.retryTimer = undefined;
    this.registry.reconnect(sessionId);
    this.options.connections.rejoin(sessionId);
  }

  /**
   * After a wake or a network change: a terminal waiting to reconnect by itself does so now, with
   * its backoff started afresh, and the connections of connected terminals are checked at once
   * (each once); a dead one is ended, and its terminals reconnect as after any drop.
   */
  heal(aliveTimeoutMs = 5_000): void {
    const checked = new Set<SshConnection>();
    for (const id of this.registry.ids()) {
      const terminal = this.registry.get(id);
      if (!terminal) continue;
      if (terminal.attempt.state === 'closed' && terminal.kept.retryTimer !== undefined) {
        terminal.kept.retries = 0;
        this.reconnect(id);
      } else if (terminal.attempt.state === 'connected') {
        const connection = terminal.attempt.held.lease?.connection;
        if (connection && !checked.has(connection)) {
          checked.add(connection);
          void connection.checkAlive(aliveTimeoutMs);
        }
      }
    }
  }

  /** Stops a pending automatic reconnect; Reconnect by hand still works. */
  cancelReconnect(sessionId: SessionId): void {
    const ended = this.registry.get(sessionId);
    if (ended?.attempt.state !== 'closed' || ended.kept.retryTimer === undefined) return;
    clearTimeout(ended.kept.retryTimer);
    ended.kept.retryTimer = undefined;
    this.onDidChangeStateEmitter.fire({ sessionId, state: 'closed', ...(ended.attempt.error ? { error: ended.attempt.error } : {}) });
  }

  /**
   * After a changed host key, and only then: removes the old key from the user's known_hosts, so
   * that Reconnect asks about the new one. The person confirms it through main's confirmer.
   */
  async forgetHostKey(sessionId: SessionId): Promise<{ removed: number; file: string }> {
    const ended = this.registry.get(sessionId);
    const lastError = ended?.attempt.state === 'closed' ? ended.attempt.error : undefined;
    if (ended === undefined || lastError?.code !== 'HOST_KEY_CHANGED') throw new AppError('INVALID_STATE', 'That terminal did not stop on a changed host key.');
    return forgetChangedHostKey(await ended.kept.plan.resolveHops(), lastError, this.options.confirmer);
  }

  write(sessionId: SessionId, data: string): void {
    const held = this.registry.live(sessionId)?.attempt.held;
    this.live(sessionId).write(data);
    held?.recorder?.input(held.masker.mask(data));
  }

  resize(sessionId: SessionId, size: TerminalSize): void {
    const terminal = this.registry.live(sessionId);
    this.live(sessionId).resize(size);
    if (terminal) terminal.kept.size = size;
    terminal?.attempt.held.recorder?.resize(size.cols, size.rows);
  }

  /**
   * Starts or stops recording a session to an asciicast v2 file; answers the file while recording.
   * Output only, unless `withInput`: then typed input too, with what follows a prompt that looks
   * like a password's masked (a second layer only: most prompts are not recognisable).
   */
  record(sessionId: SessionId, isOn: boolean, { withInput = false }: { withInput?: boolean } = {}): { file?: string } {
    const terminal = this.registry.live(sessionId);
    if (!terminal) throw new AppError('SESSION_CLOSED', 'That terminal is closed.');
    const { kept, attempt } = terminal;
    const held = attempt.held;
    if (!isOn) {
      held.recorder?.dispose();
      held.recorder = undefined;
      this.onDidChangeRecordingEmitter.fire({ sessionId, file: null });
      return {};
    }
    if (held.recorder && held.recorder.withInput !== withInput) {
      held.recorder.dispose();
      held.recorder = undefined;
    }
    if (!held.recorder) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
      const name = kept.plan.label.replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 60);
      held.recorder = new AsciicastRecorder(join(this.options.recordingsDir, `${stamp}_${name}_${sessionId}.cast`), {
        ...kept.size,
        term: 'xterm-256color',
        title: kept.plan.label,
        withInput,
      });
      this.onDidChangeRecordingEmitter.fire({ sessionId, file: held.recorder.file });
    }
    return { file: held.recorder.file };
  }

  ack(sessionId: SessionId, chars: number): void {
    this.registry.live(sessionId)?.attempt.held.session?.ack(chars);
  }

  /** The user closed the terminal: it is gone for good, even mid-connect (its questions are withdrawn). */
  close(sessionId: SessionId): void {
    this.registry.close(sessionId);
  }

  dispose(): void {
    this.registry.dispose();
    for (const emitter of [
      this.onDidChangeStateEmitter,
      this.onDataEmitter,
      this.onProgressEmitter,
      this.onNoticeEmitter,
      this.onDidChangeRecordingEmitter,
      this.onDidForgetEmitter,
    ])
      emitter.dispose();
  }

  /** The registry's word on a terminal, as this manager reports it. */
  private changed(terminal: Terminal): void {
    const { id: sessionId, kept, attempt } = terminal;
    if (attempt.state === 'connecting') {
      this.onDidChangeStateEmitter.fire({ sessionId, state: 'connecting' });
    } else if (attempt.state === 'connected') {
      kept.retries = 0;
      this.onDidChangeStateEmitter.fire({ sessionId, state: 'connected' });
      if (kept.plan.recordSessions) this.record(sessionId, true, { withInput: kept.plan.recordInput });
    } else {
      const { error } = attempt;
      const exit = attempt.held.exit;
      const reconnectInMs = this.scheduleReconnect(terminal);
      this.onDidChangeStateEmitter.fire({
        sessionId,
        state: 'closed',
        ...(error ? { error } : {}),
        ...(exit ? { exit } : {}),
        ...(reconnectInMs !== undefined ? { reconnectInMs } : {}),
      });
    }
  }

  /** A dropped connection of a profile that reconnects by itself: try again after a backoff. */
  private scheduleReconnect(terminal: Terminal): number | undefined {
    const { kept, attempt } = terminal;
    const error = attempt.error;
    if (!kept.plan.autoReconnect || error === undefined || isPermanentFailure(error) || error.code === 'CONNECT_CANCELLED') return undefined;
    kept.retries++;
    const delay = backoffDelay(kept.retries, AUTO_RECONNECT);
    kept.retryTimer = setTimeout(() => {
      kept.retryTimer = undefined;
      if (this.registry.get(terminal.id) === terminal && terminal.attempt === attempt) this.reconnect(terminal.id);
    }, delay);
    return delay;
  }

  private plan(target: ConnectTarget): Plan {
    const { label, resolveHops, profile } = planTarget(target, this.options.findProfile, this.options.env ?? process.env);
    return {
      target,
      label,
      resolveHops,
      env: profile?.env ?? {},
      startupCommand: profile?.startupCommand,
      autoReconnect: profile?.autoReconnect ?? false,
      recordSessions: profile?.recordSessions ?? false,
      recordInput: profile?.recordInput ?? false,
    };
  }

  private async connect({ id: sessionId, kept }: Terminal, attempt: Attempt<Held>): Promise<void> {
    const hops = await kept.plan.resolveHops();
    const lease = await this.options.connections.connect(hops, {
      signal: attempt.signal,
      observer: {
        onProgress: (p) => this.onProgressEmitter.fire({ sessionId, ...p }),
        onNotice: (n) => this.onNoticeEmitter.fire({ sessionId, ...n }),
      },
    });
    if (attempt.signal.aborted) {
      lease.dispose();
      return;
    }
    const held = attempt.held;
    held.lease = lease;
    const session = await TerminalSession.open(lease.connection, { ...kept.size, env: kept.plan.env, startupCommand: kept.plan.startupCommand });
    if (attempt.signal.aborted) {
      session.dispose();
      lease.dispose();
      return;
    }
    held.session = session;
    session.onData((data) => {
      held.masker.sawOutput(data);
      held.recorder?.output(data);
      kept.scrollback.push(data);
      this.onDataEmitter.fire({ sessionId, data });
    });
    session.onExit((exit) => {
      if (!exit.error) held.exit = { code: exit.code, signal: exit.signal };
      else if (lease.connection.closed) this.options.connections.strand(lease.connection, sessionId, () => this.reconnectIfClosed(sessionId));
      this.registry.end(attempt, exit.error);
    });
  }

  /** Brought back with a sibling on the same lost connection; not if it was reconnected meanwhile. */
  private reconnectIfClosed(sessionId: SessionId): void {
    if (this.registry.get(sessionId)?.attempt.state === 'closed') this.reconnect(sessionId);
  }

  private live(sessionId: SessionId): TerminalSession {
    const session = this.registry.live(sessionId)?.attempt.held.session;
    if (!session) throw new AppError('SESSION_NOT_CONNECTED', 'That terminal is not connected.');
    return session;
  }
}
