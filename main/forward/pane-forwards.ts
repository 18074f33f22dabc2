import type { Disposable } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import { AppError, toAppError } from '../../shared/errors';
import type { PaneForward, PaneForwardId, PaneForwardRequest, PaneForwards as PaneForwardsState } from '../../shared/model/pane-forward';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { LocalForward } from './local-forward';
import { isHttpTarget } from './http-probe';
import type { ListeningPort } from './proc-net-tcp';
import { type PortBaseline, ServerPortWatcher } from './server-port-watcher';

/** One forward of a pane: what it was asked for, kept across reconnects, and the listener while connected. */
interface Entry {
  id: PaneForwardId;
  remoteHost: string;
  remotePort: number;
  localPort: number;
  isHttp: boolean;
  isDetected: boolean;
  error?: AppError;
  forward?: LocalForward;
}

interface Pane {
  title: string;
  entries: Map<PaneForwardId, Entry>;
  connection?: SshConnection;
  watcher?: ServerPortWatcher;
  baseline: PortBaseline;
  detected: ListeningPort[];
}

export interface PaneForwardsOptions {
  /** How often a connected terminal's server is read for new listening ports. */
  pollMs?: number;
  /** Read at each connect: whether ports are detected (the detectServerPorts setting). */
  isDetecting(): boolean;
}

const DEFAULT_POLL_MS = 3_000;

/**
 * The forwards opened from terminal panes ("Forward a port…" and one-click offers): each is a
 * -L whose channels go over the pane's own connection, so nothing logs in again. They listen
 * while the pane is connected, wait while it reconnects (coming back on the same local port),
 * and close with the pane. The core tells this service when a terminal connects, drops and closes.
 */
export class PaneForwards implements Disposable {
  private readonly panes = new Map<string, Pane>();
  private counter = 0;
  private readonly onDidChangeEmitter = new Emitter<PaneForwardsState>();
  /** A pane's forwards or offered ports changed (its whole state; an empty one when the pane closed). */
  readonly onDidChange: Event<PaneForwardsState> = this.onDidChangeEmitter.event;

  constructor(private readonly options: PaneForwardsOptions) {}

  /** The terminal connected (first time or again): its forwards listen again, and its server is watched. */
  connected(sessionId: string, title: string, connection: SshConnection): void {
    const pane: Pane = this.panes.get(sessionId) ?? { title, entries: new Map(), baseline: {}, detected: [] };
    this.panes.set(sessionId, pane);
    this.stopPane(pane);
    pane.connection = connection;
    if (this.options.isDetecting()) {
      pane.watcher = new ServerPortWatcher(connection, pane.baseline, {
        intervalMs: this.options.pollMs ?? DEFAULT_POLL_MS,
        onPorts: (ports) => this.setDetected(sessionId, pane, ports),
        onStopped: () => this.setDetected(sessionId, pane, []),
      });
    }
    for (const entry of pane.entries.values()) void this.restart(sessionId, pane, entry, connection);
    this.fire(sessionId);
  }

  /** The terminal's connection ended: its listeners close (the ports are free) and wait for a reconnect. */
  disconnected(sessionId: string): void {
    const pane = this.panes.get(sessionId);
    if (pane === undefined) return;
    this.stopPane(pane);
    pane.connection = undefined;
    pane.detected = [];
    this.fire(sessionId);
  }

  /** The terminal closed for good: its forwards go with it. */
  forget(sessionId: string): void {
    const pane = this.panes.get(sessionId);
    if (pane === undefined) return;
    this.stopPane(pane);
    this.panes.delete(sessionId);
    this.onDidChangeEmitter.fire({ sessionId, title: pane.title, forwards: [], detected: [] });
  }

  /**
   * Opens a -L on the pane's live connection. Without a local port it listens on the remote one
   * if that is free here, else on any free port. Answers once listening, with whether it speaks HTTP.
   */
  async open(sessionId: string, request: PaneForwardRequest, { isDetected = false } = {}): Promise<PaneForward> {
    const pane = this.panes.get(sessionId);
    const connection = pane?.connection;
    if (pane === undefined || connection === undefined || connection.closed)
      throw new AppError('SESSION_NOT_CONNECTED', 'That terminal is not connected; forward a port once it is.');
    const same = [...pane.entries.values()].find((e) => e.remoteHost === request.remoteHost && e.remotePort === request.remotePort && e.forward);
    if (same !== undefined && (request.localPort === undefined || request.localPort === same.localPort)) return this.describe(same);
    const target = { host: request.remoteHost, port: request.remotePort };
    let forward = new LocalForward({ kind: 'local', bindPort: request.localPort ?? request.remotePort, target }, connection);
    try {
      await forward.start();
    } catch (error) {
      forward.dispose();
      if (request.localPort !== undefined || toAppError(error).code !== 'FORWARD_PORT_IN_USE') throw error;
      forward = new LocalForward({ kind: 'local', bindPort: 0, target }, connection);
      await forward.start().catch((again: unknown) => {
        forward.dispose();
        throw again;
      });
    }
    if (pane.connection !== connection) {
      forward.dispose();
      throw new AppError('SESSION_NOT_CONNECTED', 'That terminal lost its connection while the forward opened; try again once it is back.');
    }
    const entry: Entry = {
      id: `pf${++this.counter}` as PaneForwardId,
      remoteHost: request.remoteHost,
      remotePort: request.remotePort,
      localPort: forward.stats.status.boundPort ?? request.remotePort,
      isHttp: await isHttpTarget(connection, request.remoteHost, request.remotePort),
      isDetected,
    };
    this.attach(sessionId, entry, forward);
    pane.entries.set(entry.id, entry);
    pane.detected = pane.detected.filter((port) => port.port !== entry.remotePort && port.port !== entry.localPort);
    this.fire(sessionId);
    return this.describe(entry);
  }

  /** Stops a pane forward: its port is free at once. */
  close(sessionId: string, id: PaneForwardId): void {
    const pane = this.panes.get(sessionId);
    const entry = pane?.entries.get(id);
    if (pane === undefined || entry === undefined) throw new AppError('NOT_FOUND', 'That forward is already closed.');
    entry.forward?.dispose();
    pane.entries.delete(id);
    this.fire(sessionId);
  }

  /** Every pane's forwards and offers, for the tunnels view and for a window drawing its panes afresh. */
  list(): PaneForwardsState[] {
    return [...this.panes.keys()].map((sessionId) => this.state(sessionId));
  }

  dispose(): void {
    for (const pane of this.panes.values()) this.stopPane(pane);
    this.panes.clear();
    this.onDidChangeEmitter.dispose();
  }

  private async restart(sessionId: string, pane: Pane, entry: Entry, connection: SshConnection): Promise<void> {
    const forward = new LocalForward({ kind: 'local', bindPort: entry.localPort, target: { host: entry.remoteHost, port: entry.remotePort } }, connection);
    try {
      await forward.start();
      entry.error = undefined;
    } catch (error) {
      forward.dispose();
      entry.error = toAppError(error);
      this.fire(sessionId);
      return;
    }
    // Closed, or the connection went again, while it bound.
    if (pane.entries.get(entry.id) !== entry || pane.connection !== connection || this.panes.get(sessionId) !== pane) {
      forward.dispose();
      return;
    }
    this.attach(sessionId, entry, forward);
    this.fire(sessionId);
  }

  private attach(sessionId: string, entry: Entry, forward: LocalForward): void {
    entry.forward = forward;
    forward.stats.onDidChange(() => this.fire(sessionId));
  }

  private stopPane(pane: Pane): void {
    pane.watcher?.dispose();
    pane.watcher = undefined;
    for (const entry of pane.entries.values()) {
      entry.forward?.dispose();
      entry.forward = undefined;
    }
  }

  private setDetected(sessionId: string, pane: Pane, ports: ListeningPort[]): void {
    // A forward's own listener is no news either: a server that is this computer lists it too.
    const forwarded = new Set([...pane.entries.values()].flatMap((entry) => [entry.remotePort, entry.localPort]));
    // Offers keep the order they came in, so the newest are last.
    const fresh = ports.filter((port) => !forwarded.has(port.port));
    const known = new Set(pane.detected.map((port) => port.port));
    const kept = pane.detected.flatMap((old) => fresh.filter((port) => port.port === old.port));
    const offered = [...kept, ...fresh.filter((port) => !known.has(port.port))];
    if (JSON.stringify(offered) === JSON.stringify(pane.detected)) return;
    pane.detected = offered;
    this.fire(sessionId);
  }

  private describe(entry: Entry): PaneForward {
    const status = entry.forward?.stats.status;
    const state = entry.forward !== undefined ? 'listening' : entry.error !== undefined ? 'failed' : 'waiting';
    return {
      id: entry.id,
      remoteHost: entry.remoteHost,
      remotePort: entry.remotePort,
      localPort: entry.localPort,
      state,
      isHttp: entry.isHttp,
      isDetected: entry.isDetected,
      ...(status ? { status } : {}),
      ...(entry.error ? { error: entry.error.toJSON() } : {}),
    };
  }

  private state(sessionId: string): PaneForwardsState {
    const pane = this.panes.get(sessionId)!;
    return { sessionId, title: pane.title, forwards: [...pane.entries.values()].map((entry) => this.describe(entry)), detected: pane.detected };
  }

  private fire(sessionId: string): void {
    if (this.panes.has(sessionId)) this.onDidChangeEmitter.fire(this.state(sessionId));
  }
}
