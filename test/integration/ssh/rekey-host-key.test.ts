import ssh2, { type Connection } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloseReason } from '../../../main/ssh/ssh-connection';
import { startFakeServer, type FakeServer } from '../../fixtures/fake-server';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector, scriptedPrompts } from '../../helpers/ssh-client';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function track<T extends FakeServer | SshEnv>(thing: T): T {
  cleanups.push(() => ('close' in thing ? thing.close() : thing.dispose()));
  return thing;
}

/**
 * ssh2's Server has no API to sign a rekey with another key; it reads the connection's host key
 * table at each key exchange, so the test swaps the entry there (an impostor taking over mid-stream).
 */
function offerAnotherKeyAtNextRekey(connection: Connection): void {
  const impostor = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').private);
  const table = (connection as unknown as { _protocol: { _hostKeys: Record<string, unknown> } })._protocol._hostKeys;
  table['ssh-ed25519'] = impostor;
}

describe('a host key that changes at a rekey', () => {
  it('closes the connection with HOST_KEY_CHANGED naming the hop, not CONNECTION_LOST', async () => {
    const connections: Connection[] = [];
    const server = track(await startFakeServer({ username: 'root', password: 'pw', onConnection: (c) => connections.push(c) }));
    const env = track(makeSshEnv());
    env.addKnownHosts([server.knownHostsLine()]);
    const { connector } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    cleanups.push(() => connector.dispose());
    const lease = await connector.connect([hopFor(server, env, { strictHostKeyChecking: 'yes', preferredAuthentications: ['password'] })]);
    const closed: CloseReason[] = [];
    lease.connection.onDidClose((reason) => closed.push(reason));

    const connection = connections[0]!;
    offerAnotherKeyAtNextRekey(connection);
    connection.rekey();

    await pollUntil(() => closed.length === 1, { message: 'the connection to close' });
    expect(closed[0]?.code).toBe('HOST_KEY_CHANGED');
    expect(closed[0]!.hop).toBe(`root@127.0.0.1:${server.port}`);
    expect(closed[0]!.message).toMatch(/changed during a rekey/);
  });
});
