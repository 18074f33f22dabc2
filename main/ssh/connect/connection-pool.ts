import type { Disposable } from '../../../shared/base/disposable';
import type { HopSpec } from '../../../shared/model';
import type { ConnectObserver } from './connect-observer';
import { type ConnectionLease, SshConnector, type SshConnectorOptions } from './ssh-connector';

export interface ConnectionPoolOptions extends SshConnectorOptions {
  /** Read at each connect: whether a new session may use a live connection (the reuseConnections setting). */
  isSharing(): boolean;
}

/**
 * The connections of the app's terminals and file sessions, as OpenSSH's ControlMaster keeps
 * them: a session for the same hops with the same user and auth settings opens a channel on the
 * live connection instead of connecting again, so nothing is asked twice. The connection closes
 * with its last session. With sharing off, every session connects on its own, hops included.
 */
export class ConnectionPool implements Disposable {
  private readonly connector: SshConnector;

  constructor(private readonly options: ConnectionPoolOptions) {
    this.connector = new SshConnector(options);
  }

  connect(hops: HopSpec[], { signal, observer }: { signal?: AbortSignal; observer?: ConnectObserver } = {}): Promise<ConnectionLease> {
    const isSharing = this.options.isSharing();
    return this.connector.connect(hops, { shareTarget: isSharing, shareHops: isSharing, signal, observer });
  }

  /** How many hop connections are open. */
  get openConnections(): number {
    return this.connector.openConnections;
  }

  dispose(): void {
    this.connector.dispose();
  }
}
