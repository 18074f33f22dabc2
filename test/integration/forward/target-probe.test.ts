import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForward } from '../../../shared/model/forward-spec';
import { ReconnectPolicy } from '../../../shared/model/tunnel-profile';
import { TunnelSupervisor } from '../../../main/forward/tunnel-supervisor';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';

let keys: TestKeys;
let env: SshEnv;
let server: SshdHandle;

beforeAll(async () => {
  keys = await getTestKeys();
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  env?.dispose();
});

function listen(port = 0): Promise<net.Server> {
  return new Promise((resolve) => {
    const target = net.createServer((socket) => socket.end());
    target.listen(port, '127.0.0.1', () => resolve(target));
  });
}

describe('probing -L targets', () => {
  it('marks a forward whose target stopped answering, keeps it listening, and clears the mark when it answers again', async () => {
    let target = await listen();
    const port = (target.address() as net.AddressInfo).port;
    const { connector } = recordingConnector();
    const supervisor = new TunnelSupervisor({
      name: 'probed',
      forwards: [parseForward('local', `0:127.0.0.1:${port}`), parseForward('dynamic', '0')],
      exitOnForwardFailure: true,
      reconnect: ReconnectPolicy.parse({}),
      probeIntervalMs: 50,
      connect: () => connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })]),
    });
    try {
      supervisor.start();
      await pollUntil(() => supervisor.status.forwards[0]?.isTargetAnswering === true, { message: 'the target answering' });
      // Only -L targets are probed: a SOCKS proxy has none.
      expect(supervisor.status.forwards[1]!.isTargetAnswering).toBeUndefined();

      await new Promise<void>((resolve) => target.close(() => resolve()));
      await pollUntil(() => supervisor.status.forwards[0]?.isTargetAnswering === false, { message: 'the target marked as not answering' });
      const [forward] = supervisor.status.forwards;
      expect(forward).toMatchObject({ state: 'listening', lastError: { code: 'FORWARD_REFUSED' } });
      expect(forward!.lastError!.message).toContain(`the target 127.0.0.1:${port} stopped answering`);
      expect(supervisor.status.state).toBe('up');

      target = await listen(port);
      await pollUntil(() => supervisor.status.forwards[0]?.isTargetAnswering === true, { message: 'the target answering again' });
    } finally {
      supervisor.dispose();
      connector.dispose();
      target.close();
    }
  });
});
