import type { Duplex } from 'node:stream';
import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { AppError } from '../../../shared/errors';
import { type HopSpec, hopLabel } from '../../../shared/model';
import type { PromptBroker } from '../../prompts/prompt-broker';
import { connectHop } from './connect-hop';
import { connectCancelled } from './handshake-errors';
import type { ConnectObserver, ConnectStep } from './connect-observer';
import { KnownHosts } from '../host-keys/known-hosts';
import { expandProxyCommand, openProxyCommand, openViaProxy } from './proxy-transport';
import type { SshConnection } from './ssh-connection';
import { openTcp } from './transport';

/** A session's hold on a connection; disposing it releases the whole chain below it. */
export interface ConnectionLease extends Disposable {
  readonly connection: SshConnection;
  /** Every hop, first to last (the last is `connection`). */
  readonly hops: SshConnection[];
}

interface PoolEntry {
  key: string;
  refs: number;
  connecting: Promise<SshConnection>;
  connection: SshConnection | undefined;
  parent: PoolEntry | undefined;
  /** Aborted when the last reference goes while the hop is still connecting. */
  abort: AbortController;
  isReleased: boolean;
}

export interface ConnectOptions {
  shareTarget?: boolean;
  shareHops?: boolean;
  signal?: AbortSignal;
  observer?: ConnectObserver;
}

export interface SshConnectorOptions {
  broker: PromptBroker;
  observer?: ConnectObserver;
  debug?: (line: string) => void;
  knownHostsFor?: (spec: HopSpec) => KnownHosts;
  onProxyCommandStderr?: (text: string) => void;
}

/**
 * Connects jump chains of any length. Each hop is reached through a direct-tcpip channel of the
 * one before it, authenticates on its own, and is checked against its own known_hosts entry.
 * Hops are reference-counted: two sessions through the same bastion share one connection to
 * it, and the last session to close takes the chain down.
 */
export class SshConnector implements Disposable {
  private readonly pool = new Map<string, PoolEntry>();
  private uniqueCounter = 0;
  private readonly liveChanged = new Emitter<number>();
  private lastLive = 0;
  /** The number of live connections changed (one opened, or one closed or was let go). */
  readonly onDidChangeLive: Event<number> = this.liveChanged.event;

  constructor(private readonly options: SshConnectorOptions) {}

  /**
   * `shareTarget` lets two callers share the final connection too (otherwise only the hops);
   * `shareHops: false` shares nothing, not even the hops before it. Aborting `signal` gives up
   * this caller's attempt: hops nobody else is waiting for stop connecting, and their open
   * questions are withdrawn. `observer` hears the hops this call starts (a hop it shares with an
   * attempt already under way reports to that attempt's observer).
   */
  async connect(hops: HopSpec[], { shareTarget = false, shareHops = true, signal, observer }: ConnectOptions = {}): Promise<ConnectionLease> {
    if (hops.length === 0) throw new AppError('INVALID_ARGUMENT', 'No host to connect to.');
    const unique = `#${++this.uniqueCounter}`;
    const sharing = { target: shareTarget ? '' : unique, hops: shareHops ? '' : unique };
    const target = this.acquire(hops, hops.length - 1, sharing, observer ?? this.options.observer);
    try {
      await untilSettledOrAborted(target.connecting, signal, hopLabel(hops.at(-1)!));
    } catch (error) {
      // A failed attempt has already left the pool; an abandoned one may still be going for others.
      if (signal?.aborted) this.release(target);
      throw error;
    }
    const chain: SshConnection[] = [];
    for (let entry: PoolEntry | undefined = target; entry; entry = entry.parent) chain.unshift(entry.connection!);
    let isReleased = false;
    return {
      connection: target.connection!,
      hops: chain,
      dispose: () => {
        if (isReleased) return;
        isReleased = true;
        this.release(target);
      },
    };
  }

  /** How many hop connections are open, for leak checks. */
  get openConnections(): number {
    return this.pool.size;
  }

  /** How many SSH connections are up now (each hop of a chain is one; one still connecting is not). */
  get liveConnections(): number {
    let live = 0;
    for (const entry of this.pool.values()) if (entry.connection !== undefined && !entry.connection.closed) live++;
    return live;
  }

  dispose(): void {
    for (const entry of [...this.pool.values()]) {
      entry.abort.abort();
      entry.connection?.dispose();
      this.pool.delete(entry.key);
    }
    this.reportLive();
    this.liveChanged.dispose();
  }

  private reportLive(): void {
    const live = this.liveConnections;
    if (live === this.lastLive) return;
    this.lastLive = live;
    this.liveChanged.fire(live);
  }

  /**
   * Takes a reference on the hop and starts connecting it if nobody has. Check-and-insert in the
   * pool happens synchronously, so concurrent callers for the same hop share one attempt.
   */
  private acquire(hops: HopSpec[], index: number, sharing: { target: string; hops: string }, observer: ConnectObserver | undefined): PoolEntry {
    const key = chainKey(hops.slice(0, index + 1)) + (index === hops.length - 1 ? sharing.target : sharing.hops);
    const existing = this.pool.get(key);
    if (existing && !existing.connection?.closed) {
      existing.refs++;
      return existing;
    }
    const entry: PoolEntry = {
      key,
      refs: 1,
      connecting: undefined!,
      connection: undefined,
      parent: undefined,
      abort: new AbortController(),
      isReleased: false,
    };
    this.pool.set(key, entry);
    entry.connecting = (async () => {
      try {
        if (index > 0) {
          entry.parent = this.acquire(hops, index - 1, sharing, observer);
          await entry.parent.connecting;
        }
        entry.abort.signal.throwIfAborted();
        const connection = await this.open(hops[index]!, entry.parent?.connection, entry.abort.signal, observer);
        if (entry.isReleased) {
          connection.dispose();
          throw entry.abort.signal.reason;
        }
        entry.connection = connection;
        connection.onDidClose(() => {
          if (this.pool.get(key) === entry) this.pool.delete(key);
          this.reportLive();
        });
        this.reportLive();
        return connection;
      } catch (error) {
        if (this.pool.get(key) === entry) this.pool.delete(key);
        if (entry.parent && !entry.isReleased) this.release(entry.parent);
        throw error;
      }
    })();
    // Waiters see the failure through their own await; this one only keeps it from being unhandled.
    entry.connecting.catch(() => undefined);
    return entry;
  }

  private release(entry: PoolEntry): void {
    if (--entry.refs > 0 || entry.isReleased) return;
    entry.isReleased = true;
    if (this.pool.get(entry.key) === entry) this.pool.delete(entry.key);
    this.reportLive();
    const hop = entry.key;
    entry.abort.abort(new AppError('CONNECT_CANCELLED', 'Nobody is waiting for this connection any more.', { hop }));
    entry.connection?.dispose();
    if (entry.parent) this.release(entry.parent);
  }

  private open(spec: HopSpec, through: SshConnection | undefined, signal: AbortSignal, observer: ConnectObserver | undefined): Promise<SshConnection> {
    const knownHosts = this.options.knownHostsFor?.(spec) ?? new KnownHosts({ userFiles: spec.userKnownHostsFiles, globalFiles: spec.globalKnownHostsFiles });
    const hop = hopLabel(spec);
    let firstStep: ConnectStep = 'tcp';
    let openTransport: (signal: AbortSignal) => Promise<Duplex>;
    if (through) {
      openTransport = () => through.forwardOut(spec.host, spec.port);
    } else if (spec.proxyCommand) {
      firstStep = 'proxy';
      const command = expandProxyCommand(spec.proxyCommand, { host: spec.host, port: spec.port, user: spec.user });
      openTransport = (signal) => openProxyCommand(command, { hop, signal, onStderr: this.options.onProxyCommandStderr });
    } else if (spec.proxy) {
      firstStep = 'proxy';
      const proxy = spec.proxy;
      openTransport = (signal) => openViaProxy(proxy, { host: spec.host, port: spec.port }, { hop, signal, keepAlive: spec.tcpKeepAlive });
    } else {
      openTransport = (signal) => openTcp(spec.host, spec.port, { hop, signal, keepAlive: spec.tcpKeepAlive });
    }
    return connectHop({
      spec,
      openTransport,
      firstStep,
      knownHosts,
      broker: this.options.broker,
      observer,
      debug: this.options.debug,
      signal,
      via: through,
    });
  }
}

/** Waits for `work`, or rejects CONNECT_CANCELLED as soon as `signal` aborts. */
function untilSettledOrAborted(work: Promise<unknown>, signal: AbortSignal | undefined, hop: string): Promise<unknown> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(connectCancelled(hop));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(connectCancelled(hop));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Hops are shared only when everything that shapes the connection is the same. */
function chainKey(hops: HopSpec[]): string {
  return JSON.stringify(hops);
}
