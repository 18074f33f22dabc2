import type { SshConnection } from '../ssh/connect/ssh-connection';

const PROBE_TIMEOUT_MS = 3_000;

/**
 * Whether host:port, seen from the server, answers HTTP: one HEAD request over a direct-tcpip
 * channel of the connection, and the first bytes of the answer read ("HTTP/"). Anything else —
 * a refusal, silence for three seconds, another protocol — is "not HTTP".
 */
export async function isHttpTarget(connection: SshConnection, host: string, port: number): Promise<boolean> {
  let channel: Awaited<ReturnType<SshConnection['forwardOut']>>;
  try {
    channel = await connection.forwardOut(host, port);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    let answer = '';
    const finish = (isHttp: boolean): void => {
      clearTimeout(timer);
      channel.removeAllListeners('data');
      channel.destroy();
      resolve(isHttp);
    };
    const timer = setTimeout(() => finish(false), PROBE_TIMEOUT_MS);
    channel.setEncoding('latin1');
    channel.on('data', (text: string) => {
      answer += text;
      if (answer.length >= 5) finish(answer.startsWith('HTTP/'));
    });
    channel.on('error', () => finish(false));
    channel.on('close', () => finish(answer.startsWith('HTTP/')));
    channel.write(`HEAD / HTTP/1.0\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`);
  });
}
