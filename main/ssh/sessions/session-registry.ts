import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { type AppError, toAppError } from '../../../shared/errors';

export type SessionState = 'connecting' | 'connected' | 'closed';

/** One connection of a session: the first, or one after a reconnect. */
export interface Attempt<H> {
  readonly state: SessionState;
  /** Aborted when the attempt ends: a connect in flight stops and withdraws its questions, and what it made is dropped. */
  readonly signal: AbortSignal;
  /** Why it closed; undefined while open, or when the person closed it. */
  readonly error: AppError | undefined;
  /** What the manager made for this connection (a lease, a pty, an SFTP session), released when it ends. */
  readonly held: H;
}

/** A session as the registry keeps it: its id, what it keeps across reconnects, and its current attempt. */
export interface Session<Id extends string, K, H> {
  readonly id: Id;
  readonly kept: K;
  readonly attempt: Attempt<H>;
}

export interface SessionRegistryOptions<Id extends string, K, H> {
  /** Ids are this prefix and a counter ('t1', 'f1'). */
  idPrefix: string;
  /** A fresh holder for what one attempt makes. */
  hold(): H;
  /** Connects in the background; resolving means connected (unless the attempt ended meanwhile), rejecting closes it with the error. */
  connect(session: Session<Id, K, H>, attempt: Attempt<H>): Promise<void>;
  /** Disposes what an attempt made, once, as it ends. */
  release(attempt: Attempt<H>): void;
  /** Sessions that closed by themselves are kept for Reconnect; past this many the oldest go. */
  maxClosed?: number;
}

interface MutableAttempt<Id extends string, H> {
  sessionId: Id;
  state: SessionState;
  signal: AbortSignal;
  error: AppError | undefined;
  held: H;
  abort: AbortController;
}

interface MutableSession<Id extends string, K, H> {
  id: Id;
  kept: K;
  attempt: MutableAttempt<Id, H>;
}

/**
 * The sessions of a manager (terminals, file sessions), by id: `open` answers at once with an id
 * and connects in the background; an attempt ends with its error (or none, when the person closed
 * it) and the session stays, closed, so that `reconnect` brings it back under the same id; `close`
 * ends it for good. Every change of state is an event, fired after what the attempt held is released.
 */
export class SessionRegistry<Id extends string, K, H> implements Disposable {
  private readonly sessions = new Map<Id, MutableSession<Id, K, H>>();
  /** Closed sessions, oldest closed first. */
  private readonly closed = new Set<Id>();
  private counter = 0;
  private readonly onDidChangeStateEmitter = new Emitter<Session<Id, K, H>>();
  /** A session opened, connected or closed (the attempt's state says which). */
  readonly onDidChangeState: Event<Session<Id, K, H>> = this.onDidChangeStateEmitter.event;
  private readonly onDidForgetEmitter = new Emitter<Session<Id, K, H>>();
  /** A session is gone for good: closed by the person, or the oldest closed one past the limit. */
  readonly onDidForget: Event<Session<Id, K, H>> = this.onDidForgetEmitter.event;

  constructor(private readonly options: SessionRegistryOptions<Id, K, H>) {}

  open(kept: K): Session<Id, K, H> {
    const id = `${this.options.idPrefix}${++this.counter}` as Id;
    const session: MutableSession<Id, K, H> = { id, kept, attempt: this.newAttempt(id) };
    this.sessions.set(id, session);
    this.start(session);
    return session;
  }

  /** The session under this id, open or closed; undefined once gone for good. */
  get(id: Id): Session<Id, K, H> | undefined {
    return this.sessions.get(id);
  }

  /** The session with its current attempt connecting or connected; undefined when closed or gone. */
  live(id: Id): Session<Id, K, H> | undefined {
    const session = this.sessions.get(id);
    return session?.attempt.state === 'closed' ? undefined : session;
  }

  ids(): Id[] {
    return [...this.sessions.keys()];
  }

  /** Connects a closed session again under the same id; false when it is open or gone. */
  reconnect(id: Id): boolean {
    const session = this.sessions.get(id);
    if (session?.attempt.state !== 'closed') return false;
    this.closed.delete(id);
    session.attempt = this.newAttempt(id);
    this.start(session);
    return true;
  }

  /** Ends this attempt (not a later one of the same session) with its error; harmless when it already ended. */
  end(attempt: Attempt<H>, error: AppError | undefined): void {
    const mutable = attempt as MutableAttempt<Id, H>;
    if (mutable.state === 'closed') return;
    mutable.state = 'closed';
    mutable.error = error;
    mutable.abort.abort();
    this.options.release(attempt);
    const session = this.sessions.get(mutable.sessionId);
    if (session?.attempt !== mutable) return;
    this.closed.add(session.id);
    if (this.closed.size > (this.options.maxClosed ?? 100)) this.forget(this.closed.values().next().value!);
    this.onDidChangeStateEmitter.fire(session);
  }

  /** The person closed the session: it ends, even mid-connect, and is gone for good. */
  close(id: Id): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.end(session.attempt, undefined);
    this.forget(id);
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
    this.onDidChangeStateEmitter.dispose();
    this.onDidForgetEmitter.dispose();
  }

  private newAttempt(sessionId: Id): MutableAttempt<Id, H> {
    const abort = new AbortController();
    return { sessionId, state: 'connecting', signal: abort.signal, error: undefined, held: this.options.hold(), abort };
  }

  private start(session: MutableSession<Id, K, H>): void {
    const attempt = session.attempt;
    this.onDidChangeStateEmitter.fire(session);
    this.options
      .connect(session, attempt)
      .then(() => {
        if (attempt.state !== 'connecting') return;
        attempt.state = 'connected';
        // What the manager does on connecting (start a recording, say) may fail: that closes the attempt too.
        this.onDidChangeStateEmitter.fire(session);
      })
      .catch((error: unknown) => this.end(attempt, toAppError(error)));
  }

  private forget(id: Id): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.closed.delete(id);
    this.onDidForgetEmitter.fire(session);
  }
}
