import type net from 'node:net';
import type { ClientChannel } from 'ssh2';
import type { ForwardSpec } from '../../shared/model/forward-spec';
import { ListeningForward } from './forward';

type LocalSpec = Extract<ForwardSpec, { kind: 'local' }>;

/** -L: each local connection becomes a direct-tcpip (or direct-streamlocal) channel to the fixed target. */
export class LocalForward extends ListeningForward {
  constructor(
    override readonly spec: LocalSpec,
    connection: ConstructorParameters<typeof ListeningForward>[1],
  ) {
    super(spec, connection);
  }

  protected openChannel(socket: net.Socket): Promise<ClientChannel> {
    const { target } = this.spec;
    if ('socketPath' in target) return this.connection.forwardOutUnix(target.socketPath);
    return this.connection.forwardOut(target.host, target.port, { address: socket.remoteAddress ?? '127.0.0.1', port: socket.remotePort ?? 0 });
  }
}
