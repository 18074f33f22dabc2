import { backoffDelay } from '../../shared/base/backoff';
import { type Disposable, DisposableStore } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import { AppError, isPermanentFailure, toAppError } from '../../shared/errors';
import type { ForwardSpec } from '../../shared/model/forward-spec';
import type { ReconnectPolicy, TunnelState, TunnelStatus } from '../../shared/model/tunnel-profile';
import type { ConnectionLease } from '../ssh/connect/ssh-connector';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { ForwardSet } from './forward-set';
import { probeTargets } from './target-probe';

export interface TunnelSupervisorOptions {
  name: string;
  forwards: ForwardSpec[];
  exitOnForwardFailure: boolean;
  reconnect: ReconnectPolicy;
  /** Opens the connection through its whole chain (resolving ~/.ssh/config again each time). */
  connect: () => Promise<ConnectionLease>;
  random?: () => number;
  /** Probe each -L target through the connection this often (a channel opened and closed); undefined: never. */
  probeIntervalMs?: number;
  /** How long a connection that looks up may take to answer the check after a wake; default 5 s. */
  aliveTimeoutMs?: number;
}

/**
 * Keeps one tunnel up: connects, opens every forward, and when the connection drops, releases
 * every listener and remote forward, then reconnects with exponential backoff and jitter and
 * opens them again on the same ports. A failure that cannot heal (host key, auth, prompts,
 * config) stops the retries with the reason. State changes and forward counters are events.
 */
export class TunnelSupervisor implements Disposable {
  private readonly onDidChangeEmitter = new Emitter<TunnelStatus>();
  readonly onDidChange: Event<TunnelStatus> = this.onDidChangeEmitter.event;
  private current: TunnelStatus;
  /** What holds the live connection and its forwards; replaced on each connect. */
  private session: DisposableStore | undefined;
  /** The live connection of `session`, checked after a wake. */
  private connection: SshConnection | undefined;
  /** The next retry goes at once: the connection was dropped because a wake showed it dead. */
  private isHealing = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Retries since the tunnel was last up: the first waits initialDelayMs, each next one longer. */
  private retries = 0;
  private isDisposed = false;
  /** Warnings of the last connect: forwards that could not start (without ExitOnForwardFailure). */
  forwardFailures: AppError[] = [];

  constructor(private readonly options: TunnelSupervisorOptions) {
    this.current = { name: options.name, state: 'stopped', attempt: 0, forwards: [] };
  }

  get status(): TunnelStatus {
    return { ...this.current, forwards: [...this.current.forwards] };
  }

  start(): void {
    if (this.isDisposed || this.current.state !== 'stopped') return;
    void this.connect();
  }

  /**
   * The machine woke or its network changed: a tunnel waiting to retry tries now, with its backoff
   * started afresh; one that is up has its connection checked at once, and a dead one is dropped
   * and reconnected without a wait. A failed or stopped tunnel stays as it is. Resolves when the
   * retry or the check is over.
   */
  async heal(): Promise<void> {
    if (this.isDisposed) return;
    if (this.current.state === 'retrying') {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.retries = 0;
      await this.connect();
    } else if (this.current.state === 'up' && this.connection) {
      const connection = this.connection;
      this.isHealing = true;
      const isAlive = await connection.checkAlive(this.options.aliveTimeoutMs ?? 5_000);
      if (isAlive && this.connection === connection) this.isHealing = false;
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    clearTimeout(this.retryTimer);
    this.session?.dispose();
    this.session = undefined;
    this.update('stopped', { error: undefined, retryInMs: undefined });
    this.onDidChangeEmitter.dispose();
  }

  private async connect(): Promise<void> {
    this.current.attempt++;
    this.update('connecting', { retryInMs: undefined });
    const session = new DisposableStore();
    try {
      const lease = session.add(await this.options.connect());
      if (this.isDisposed) return session.dispose();
      const { set, failures } = await ForwardSet.start(lease.connection, this.options.forwards, { exitOnForwardFailure: this.options.exitOnForwardFailure });
      session.add(set);
      if (this.isDisposed || lease.connection.closed) {
        session.dispose();
        if (!this.isDisposed)
          this.retry(new AppError('CONNECTION_LOST', `The connection to ${lease.connection.label} closed while the forwards were opening.`));
        return;
      }
      this.session = session;
      this.connection = lease.connection;
      this.forwardFailures = failures;
      this.current.forwards = set.statuses;
      session.add(
        set.onDidChange((statuses) => {
          this.current.forwards = statuses;
          this.fire();
        }),
      );
      session.add(lease.connection.onDidClose((reason) => this.dropped(session, reason)));
      if (this.options.probeIntervalMs !== undefined) session.add(probeTargets(set, lease.connection, this.options.probeIntervalMs));
      this.current.attempt = 0;
      this.retries = 0;
      this.update('up', { error: undefined });
    } catch (error) {
      session.dispose();
      if (!this.isDisposed) this.retry(toAppError(error));
    }
  }

  private dropped(session: DisposableStore, reason: AppError | undefined): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.connection = undefined;
    // Listeners are closed (and remote forwards cancelled) before any new attempt binds them again.
    session.dispose();
    if (this.isDisposed) return;
    this.retry(reason ?? new AppError('CONNECTION_LOST', 'The connection closed.'));
  }

  private retry(error: AppError): void {
    const policy = this.options.reconnect;
    const isExhausted = policy.maxAttempts > 0 && this.current.attempt >= policy.maxAttempts;
    if (isPermanentFailure(error) || !policy.isEnabled || isExhausted) {
      this.update('failed', { error: errorData(error), retryInMs: undefined });
      return;
    }
    const delay = this.isHealing ? 0 : backoffDelay(++this.retries, policy, this.options.random);
    this.isHealing = false;
    this.update('retrying', { error: errorData(error), retryInMs: delay });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private update(state: TunnelState, changes: Partial<Pick<TunnelStatus, 'error' | 'retryInMs'>>): void {
    this.current = { ...this.current, ...changes, state };
    if (state !== 'up')
      this.current.forwards = this.current.forwards.map((f) => ({ ...f, state: f.state === 'failed' ? 'failed' : 'closed', activeConnections: 0 }));
    this.fire();
  }

  private fire(): void {
    this.onDidChangeEmitter.fire(this.status);
  }
}

function errorData(error: AppError): TunnelStatus['error'] {
  const data: NonNullable<TunnelStatus['error']> = { code: error.code, message: error.message };
  if (error.hop !== undefined) data.hop = error.hop;
  if (error.hint !== undefined) data.hint = error.hint;
  return data;
}
