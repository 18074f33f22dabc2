import ssh2, { type Connection } from 'ssh2';
import { describe, expect, it } from 'vitest';
import type { CloseReason } from '../../../main/ssh/connect/ssh-connection';
import { startFakeServer } from '../../fixtures/fake-server';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { cleanupAfterEach } from '../../helpers/cleanups';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector, scriptedPrompts } from '../../helpers/ssh-client';
import { parsableEd25519Pair } from '../../helpers/host-key-blob';

const { track, defer } = cleanupAfterEach();

/**
 * ssh2's Server has no API to sign a rekey with another key; it reads the connection's host key
 * table at each key exchange, so the test swaps the entry there (an impostor taking over mid-stream).
 */
function offerAnotherKeyAtNextRekey(connection: Connection): void {
  const impostor = ssh2.utils.parseKey(parsableEd25519Pair().private);
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
    defer(() => connector.dispose());
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
