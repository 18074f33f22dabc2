import type { Disposable } from '../../../shared/base/disposable';
import type { Event } from '../../../shared/base/event';
import type { HopSpec } from '../../../shared/model';
import type { ConnectObserver } from './connect-observer';
import type { SshConnection } from './ssh-connection';
import { type ConnectionLease, SshConnector, type SshConnectorOptions } from './ssh-connector';

export interface ConnectionPoolOptions extends SshConnectorOptions {
  /** Read at each connect: whether a new session may use a live connection (the reuseConnections setting). */
  isSharing(): boolean;
  /** Called when the last connection closes (what was typed for them can be forgotten). */
  onIdle?(): void;
}

/**
 * The connections of the app's terminals and file sessions, as OpenSSH's ControlMaster keeps
 * them: a session for the same hops with the same user and auth settings opens a channel on the
 * live connection instead of connecting again, so nothing is asked twice. The connection closes
 * with its last session. With sharing off, every session connects on its own, hops included.
 */
export class ConnectionPool implements Disposable {
  private readonly connector: SshConnector;
  /** Sessions closed by a lost connection, by that connection, each with how to bring it back. */
  private readonly stranded = new Map<SshConnection, Map<string, () => void>>();

  constructor(private readonly options: ConnectionPoolOptions) {
    this.connector = new SshConnector(options);
  }

  async connect(hops: HopSpec[], { signal, observer }: { signal?: AbortSignal; observer?: ConnectObserver } = {}): Promise<ConnectionLease> {
    const isSharing = this.options.isSharing();
    const lease = await this.connector.connect(hops, { shareTarget: isSharing, shareHops: isSharing, signal, observer });
    return {
      connection: lease.connection,
      hops: lease.hops,
      dispose: () => {
        lease.dispose();
        if (this.connector.openConnections === 0) this.options.onIdle?.();
      },
    };
  }

  /** `sessionId` closed because `connection` was lost: Reconnect on any session it carried brings this one back too. */
  strand(connection: SshConnection, sessionId: string, reconnect: () => void): void {
    this.forget(sessionId);
    const group = this.stranded.get(connection) ?? new Map<string, () => void>();
    group.set(sessionId, reconnect);
    this.stranded.set(connection, group);
  }

  /**
   * `sessionId` is reconnecting: the others that closed with the same lost connection reconnect
   * with it, so a person's one Reconnect (or one pane's automatic retry) brings the whole
   * connection back, and they all open their channels on the one new connection.
   */
  rejoin(sessionId: string): void {
    for (const [connection, group] of this.stranded) {
      if (!group.has(sessionId)) continue;
      this.stranded.delete(connection);
      group.delete(sessionId);
      for (const reconnect of group.values()) reconnect();
      return;
    }
  }

  /** The session is closed for good: nothing brings it back. */
  forget(sessionId: string): void {
    for (const [connection, group] of this.stranded) {
      if (group.delete(sessionId) && group.size === 0) this.stranded.delete(connection);
    }
  }

  /** How many hop connections are open. */
  get openConnections(): number {
    return this.connector.openConnections;
  }

  /** How many SSH connections are up (a jump host counts as one; panes and files tabs sharing one connection do not add to it). */
  get liveConnections(): number {
    return this.connector.liveConnections;
  }

  get onDidChangeLive(): Event<number> {
    return this.connector.onDidChangeLive;
  }

  dispose(): void {
    this.stranded.clear();
    this.connector.dispose();
  }
}
