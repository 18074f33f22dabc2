import type { Disposable } from '../../shared/base/disposable';
import type { AppErrorData } from '../../shared/errors/app-error';

/** One step of one hop's connect, as main reports it. */
export interface ConnectProgress {
  hop: string;
  step: 'tcp' | 'proxy' | 'banner' | 'kex' | 'host-key' | 'auth' | 'ready';
  elapsedMs: number;
}

/** What every session of the window shows about its connection; terminals and files add their own. */
export interface ConnectionStatus {
  state: 'connecting' | 'connected' | 'closed';
  /** Each hop's steps in the order they happened, for this attempt. */
  progress: readonly ConnectProgress[];
  error?: AppErrorData;
  /** 1 for the first connection, +1 for each Reconnect. */
  attempt: number;
}

/**
 * The sessions of one kind in this window, by id, fed by main's events. Main connects in the
 * background and emits 'connecting' at once, so events can arrive before the open call has
 * answered: status is kept per id whoever asked. A session reconnects under the same id: a
 * 'connecting' after 'closed' starts a new attempt. A forgotten session (its tab closed) stays
 * forgotten: main's last events for it do not bring it back.
 */
export class SessionRegistry<Id, Status extends ConnectionStatus> implements Disposable {
  private readonly statuses = new Map<Id, Status>();
  private readonly forgotten = new Set<Id>();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribes: Array<() => void> = [];
  /** Bumped on every status change, so a view can re-render on any of them. */
  version = 0;

  /** `initial`: the status of a session the registry has not heard of yet (connecting, first attempt). */
  constructor(private readonly initial: Status) {}

  get(id: Id | undefined): Status | undefined {
    return id === undefined ? undefined : this.statuses.get(id);
  }

  has(id: Id): boolean {
    return this.statuses.has(id);
  }

  /** For useSyncExternalStore: called after any status changes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A closed session: forget it, for good. */
  forget(id: Id): void {
    this.statuses.delete(id);
    this.forgotten.add(id);
    this.emit();
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.listeners.clear();
  }

  /** Subscriptions to main's events, ended on dispose. */
  protected listen(...unsubscribes: Array<() => void>): void {
    this.unsubscribes.push(...unsubscribes);
  }

  /** Main's new state for a session; 'connecting' after 'closed' is a reconnect under the same id. */
  protected follow(id: Id, change: (status: Status) => Status): void {
    this.update(id, (status) => {
      const next = change(status);
      return status.state === 'closed' && next.state === 'connecting' ? this.newAttempt(next) : next;
    });
  }

  /** One more step of the connect under way. */
  protected addProgress(id: Id, progress: ConnectProgress): void {
    this.update(id, (status) => ({ ...status, progress: [...status.progress, progress] }));
  }

  /** What a new attempt starts from: no progress yet, the count one up. */
  protected newAttempt(status: Status): Status {
    return { ...status, progress: [], attempt: status.attempt + 1 };
  }

  protected update(id: Id, change: (status: Status) => Status): void {
    if (this.forgotten.has(id)) return;
    this.statuses.set(id, change(this.statuses.get(id) ?? this.initial));
    this.emit();
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
