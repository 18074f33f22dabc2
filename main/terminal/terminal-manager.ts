import type { Disposable } from '../../shared/base/disposable';
import { AppError, toAppError } from '../../shared/errors';
import type { SessionId, TerminalState } from '../../shared/ipc';
import type { ConnectionProfile } from '../../shared/model';
import type { TrustedConfirmer } from '../prompts/trusted-confirmer';
import type { PromptBroker } from '../prompts/prompt-broker';
import { backoffDelay, isPermanentFailure } from '../forward/backoff';
import type { EventHub } from '../rpc/event-hub';
import { forgetChangedHostKey } from '../ssh/host-keys/forget-host-key';
import { type ConnectTarget, planTarget } from '../ssh/config/connect-target';
import { type ResolveOptions, resolveHops } from '../ssh/config/ssh-config';
import { type ConnectionLease, SshConnector } from '../ssh/connect/ssh-connector';
import { join } from 'node:path';
import { AsciicastRecorder } from './asciicast-recorder';
import { InputMasker } from './input-masker';
import { Scrollback } from './scrollback';
import { TerminalSession, type TerminalSize } from './terminal-session';

/** What a terminal keeps across reconnects: where it goes and how its shell starts. */
interface Plan {
  target: ConnectTarget;
  label: string;
  resolveOptions: ResolveOptions;
  env: Record<string, string>;
  startupCommand: string | undefined;
  autoReconnect: boolean;
  recordSessions: boolean;
  recordInput: boolean;
}

interface Entry {
  plan: Plan;
  lease?: ConnectionLease;
  session?: TerminalSession;
  isClosed: boolean;
  size: TerminalSize;
  recorder?: AsciicastRecorder;
  masker: InputMasker;
  /** Aborted when the terminal closes: a connection attempt in flight stops and withdraws its questions. */
  abort: AbortController;
  /** Automatic reconnects in a row without getting connected. */
  retries: number;
  retryTimer?: NodeJS.Timeout;
  lastError?: AppError;
}

/** Automatic reconnects: quick at first, then every half minute for as long as the tab is open. */
const AUTO_RECONNECT = { isEnabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2, maxAttempts: 0 };

export interface TerminalManagerOptions {
  hub: EventHub;
  broker: PromptBroker;
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
 * prompt broker. Output goes out as batched `terminal.data` events, acknowledged by the renderer.
 */
export class TerminalManager implements Disposable {
  private readonly sessions = new Map<SessionId, Entry>();
  /** Sessions the remote side or the network ended, kept so Reconnect can bring them back. */
  private readonly ended = new Map<SessionId, Entry>();
  /** Each terminal's recent output, across its reconnects, for a window that comes back. */
  private readonly scrollbacks = new Map<SessionId, Scrollback>();
  private counter = 0;

  constructor(private readonly options: TerminalManagerOptions) {}

  open(target: ConnectTarget, size: TerminalSize): { sessionId: SessionId } {
    const plan = this.plan(target);
    const sessionId = `t${++this.counter}` as SessionId;
    this.scrollbacks.set(sessionId, new Scrollback());
    this.start(sessionId, plan, size, 0);
    return { sessionId };
  }

  /** Where a terminal goes and how it is, for a window rebuilding its tabs; undefined once closed for good. */
  describe(sessionId: SessionId): { sessionId: SessionId; target: ConnectTarget; title: string; state: TerminalState['state'] } | undefined {
    const entry = this.sessions.get(sessionId) ?? this.ended.get(sessionId);
    if (entry === undefined) return undefined;
    const state = entry.isClosed ? 'closed' : entry.session ? 'connected' : 'connecting';
    return { sessionId, target: entry.plan.target, title: entry.plan.label, state };
  }

  /**
   * A window draws this terminal afresh: its recent output, and from then on the live output.
   * What was sent to an earlier window will not be acknowledged, so flow control starts over.
   */
  attach(sessionId: SessionId): { scrollback: string; state: TerminalState } {
    const entry = this.sessions.get(sessionId) ?? this.ended.get(sessionId);
    const scrollback = this.scrollbacks.get(sessionId);
    if (entry === undefined || scrollback === undefined) throw new AppError('SESSION_CLOSED', 'That terminal was closed for good; open a new one.');
    entry.session?.resetFlow();
    const state: TerminalState = entry.isClosed
      ? { sessionId, state: 'closed', ...(entry.lastError ? { error: entry.lastError.toJSON() } : {}) }
      : { sessionId, state: entry.session ? 'connected' : 'connecting' };
    return { scrollback: scrollback.text(), state };
  }

  /** Connects an ended session again under the same id, so the renderer keeps its scrollback. */
  reconnect(sessionId: SessionId): void {
    const ended = this.ended.get(sessionId);
    if (!ended) {
      if (this.sessions.has(sessionId)) throw new AppError('INVALID_STATE', 'That terminal cannot be reconnected: it is open.');
      throw new AppError('SESSION_CLOSED', 'That terminal cannot be reconnected: it was closed for good.');
    }
    clearTimeout(ended.retryTimer);
    this.ended.delete(sessionId);
    this.start(sessionId, ended.plan, ended.size, ended.retries);
  }

  /** Stops a pending automatic reconnect; Reconnect by hand still works. */
  cancelReconnect(sessionId: SessionId): void {
    const ended = this.ended.get(sessionId);
    if (ended?.retryTimer === undefined) return;
    clearTimeout(ended.retryTimer);
    ended.retryTimer = undefined;
    this.options.hub.emit('terminal.state', { sessionId, state: 'closed', error: ended.lastError?.toJSON() });
  }

  /**
   * After a changed host key, and only then: removes the old key from the user's known_hosts, so
   * that Reconnect asks about the new one. The person confirms it through main's confirmer.
   */
  async forgetHostKey(sessionId: SessionId): Promise<{ removed: number; file: string }> {
    const ended = this.ended.get(sessionId);
    if (ended?.lastError?.code !== 'HOST_KEY_CHANGED') throw new AppError('INVALID_STATE', 'That terminal did not stop on a changed host key.');
    return forgetChangedHostKey(await resolveHops(ended.plan.resolveOptions), ended.lastError, this.options.confirmer);
  }

  private start(sessionId: SessionId, plan: Plan, size: TerminalSize, retries: number): void {
    const entry: Entry = { plan, isClosed: false, size, masker: new InputMasker(), abort: new AbortController(), retries };
    this.sessions.set(sessionId, entry);
    this.options.hub.emit('terminal.state', { sessionId, state: 'connecting' });
    this.connect(sessionId, entry).catch((error: unknown) => this.end(sessionId, toAppError(error)));
  }

  write(sessionId: SessionId, data: string): void {
    const entry = this.sessions.get(sessionId);
    this.live(sessionId).write(data);
    entry?.recorder?.input(entry.masker.mask(data));
  }

  resize(sessionId: SessionId, size: TerminalSize): void {
    const entry = this.sessions.get(sessionId);
    this.live(sessionId).resize(size);
    if (entry) entry.size = size;
    entry?.recorder?.resize(size.cols, size.rows);
  }

  /**
   * Starts or stops recording a session to an asciicast v2 file; answers the file while recording.
   * Output only, unless `withInput`: then typed input too, with what follows a prompt that looks
   * like a password's masked (a second layer only: most prompts are not recognisable).
   */
  record(sessionId: SessionId, isOn: boolean, { withInput = false }: { withInput?: boolean } = {}): { file?: string } {
    const entry = this.sessions.get(sessionId);
    if (!entry || entry.isClosed) throw new AppError('SESSION_CLOSED', 'That terminal is closed.');
    if (!isOn) {
      entry.recorder?.dispose();
      entry.recorder = undefined;
      this.options.hub.emit('terminal.recording', { sessionId, file: null });
      return {};
    }
    if (entry.recorder && entry.recorder.withInput !== withInput) {
      entry.recorder.dispose();
      entry.recorder = undefined;
    }
    if (!entry.recorder) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
      const name = entry.plan.label.replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 60);
      entry.recorder = new AsciicastRecorder(join(this.options.recordingsDir, `${stamp}_${name}_${sessionId}.cast`), {
        ...entry.size,
        term: 'xterm-256color',
        title: entry.plan.label,
        withInput,
      });
      this.options.hub.emit('terminal.recording', { sessionId, file: entry.recorder.file });
    }
    return { file: entry.recorder.file };
  }

  ack(sessionId: SessionId, chars: number): void {
    this.sessions.get(sessionId)?.session?.ack(chars);
  }

  /** The user closed the terminal: it is gone for good, even mid-connect (its questions are withdrawn). */
  close(sessionId: SessionId): void {
    const ended = this.ended.get(sessionId);
    clearTimeout(ended?.retryTimer);
    this.ended.delete(sessionId);
    this.end(sessionId);
    this.ended.delete(sessionId);
    this.scrollbacks.delete(sessionId);
  }

  private end(sessionId: SessionId, error?: AppError, exit?: { code?: number; signal?: string }): void {
    const entry = this.sessions.get(sessionId);
    if (!entry || entry.isClosed) return;
    this.ended.set(sessionId, entry);
    if (this.ended.size > 100) this.forgetOldestEnded();
    entry.isClosed = true;
    entry.lastError = error;
    this.sessions.delete(sessionId);
    entry.abort.abort();
    entry.session?.dispose();
    entry.lease?.dispose();
    entry.recorder?.dispose();
    const reconnectInMs = this.scheduleReconnect(sessionId, entry, error);
    this.options.hub.emit('terminal.state', {
      sessionId,
      state: 'closed',
      ...(error ? { error: error.toJSON() } : {}),
      ...(exit ? { exit } : {}),
      ...(reconnectInMs !== undefined ? { reconnectInMs } : {}),
    });
  }

  /** A dropped connection of a profile that reconnects by itself: try again after a backoff. */
  private scheduleReconnect(sessionId: SessionId, entry: Entry, error: AppError | undefined): number | undefined {
    if (!entry.plan.autoReconnect || error === undefined || isPermanentFailure(error) || error.code === 'CONNECT_CANCELLED') return undefined;
    entry.retries++;
    const delay = backoffDelay(entry.retries, AUTO_RECONNECT);
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.ended.get(sessionId) === entry) this.reconnect(sessionId);
    }, delay);
    return delay;
  }

  private forgetOldestEnded(): void {
    const [oldest, entry] = this.ended.entries().next().value!;
    clearTimeout(entry.retryTimer);
    this.ended.delete(oldest);
    this.scrollbacks.delete(oldest);
  }

  dispose(): void {
    for (const sessionId of [...this.sessions.keys()]) this.close(sessionId);
    for (const entry of this.ended.values()) clearTimeout(entry.retryTimer);
    this.ended.clear();
    this.scrollbacks.clear();
  }

  private plan(target: ConnectTarget): Plan {
    const { label, resolveOptions, profile } = planTarget(target, this.options.findProfile, this.options.env ?? process.env);
    return {
      target,
      label,
      resolveOptions,
      env: profile?.env ?? {},
      startupCommand: profile?.startupCommand,
      autoReconnect: profile?.autoReconnect ?? false,
      recordSessions: profile?.recordSessions ?? false,
      recordInput: profile?.recordInput ?? false,
    };
  }

  private async connect(sessionId: SessionId, entry: Entry): Promise<void> {
    const hops = await resolveHops(entry.plan.resolveOptions);
    const connector = new SshConnector({
      broker: this.options.broker,
      observer: {
        onProgress: (p) => this.options.hub.emit('terminal.progress', { sessionId, ...p }),
        onNotice: (n) => this.options.hub.emit('terminal.notice', { sessionId, ...n }),
      },
    });
    const lease = await connector.connect(hops, { signal: entry.abort.signal });
    if (entry.isClosed) {
      lease.dispose();
      return;
    }
    entry.lease = lease;
    const session = await TerminalSession.open(lease.connection, { ...entry.size, env: entry.plan.env, startupCommand: entry.plan.startupCommand });
    if (entry.isClosed) {
      session.dispose();
      lease.dispose();
      return;
    }
    entry.session = session;
    session.onData((data) => {
      entry.masker.sawOutput(data);
      entry.recorder?.output(data);
      this.scrollbacks.get(sessionId)?.push(data);
      this.options.hub.emit('terminal.data', { sessionId, data });
    });
    session.onExit((exit) => this.end(sessionId, exit.error, exit.error ? undefined : { code: exit.code, signal: exit.signal }));
    entry.retries = 0;
    this.options.hub.emit('terminal.state', { sessionId, state: 'connected' });
    if (entry.plan.recordSessions) this.record(sessionId, true, { withInput: entry.plan.recordInput });
  }

  private live(sessionId: SessionId): TerminalSession {
    const session = this.sessions.get(sessionId)?.session;
    if (!session) throw new AppError('SESSION_NOT_CONNECTED', 'That terminal is not connected.');
    return session;
  }
}
