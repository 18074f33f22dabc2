import { connect, createServer, type Socket } from 'node:net';

export interface StallingRelay {
  readonly port: number;
  /** Stop passing server → client bytes once this many went through (undefined: never). */
  stallDownAfter: number | undefined;
  /** Whether the relay has stopped passing bytes: the server seems to hang, the connection stays up. */
  readonly isStalled: boolean;
  close(): Promise<void>;
}

/** A TCP relay on 127.0.0.1 in front of `targetPort` that can go silent mid-transfer, as a hung server does. */
export function startStallingRelay(targetPort: number): Promise<StallingRelay> {
  const sockets = new Set<Socket>();
  let down = 0;
  const relay: StallingRelay & { isStalled: boolean; port: number } = {
    port: 0,
    stallDownAfter: undefined,
    isStalled: false,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const pipe = (from: Socket, to: Socket, isDown: boolean) => {
    from.on('data', (chunk: Buffer) => {
      if (isDown) {
        down += chunk.length;
        if (relay.stallDownAfter !== undefined && down > relay.stallDownAfter) relay.isStalled = true;
      }
      if (relay.isStalled) return;
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    pipe(client, upstream, false);
    pipe(upstream, client, true);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      relay.port = (server.address() as { port: number }).port;
      resolve(relay);
    });
  });
}
