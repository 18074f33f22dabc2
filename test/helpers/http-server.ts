import http from 'node:http';
import type net from 'node:net';

/** HTTP servers on 127.0.0.1 that answer every request with one body; `closeAll` in an afterAll. */
export function httpServers(): { start(body: string): Promise<number>; closeAll(): void } {
  const servers: http.Server[] = [];
  return {
    async start(body) {
      const server = http.createServer((_request, response) => response.end(body));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as net.AddressInfo).port;
    },
    closeAll() {
      for (const server of servers.splice(0)) server.close();
    },
  };
}
