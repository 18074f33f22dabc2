import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { SshConnection, type CloseReason, type SshConnectionOptions } from '../../../../../main/ssh/connect/ssh-connection';
import { AppError } from '../../../../../shared/errors';
import { HopSpec } from '../../../../../shared/model';

/** ssh2's client as SshConnection sees it: events, and channel openers that throw once the transport is gone. */
class StandInClient extends EventEmitter {
  exec(): never {
    throw new Error('Not connected');
  }
  sftp(): never {
    throw new Error('Not connected');
  }
  end(): void {}
}

function connectionTo(host: string, options: SshConnectionOptions = {}) {
  const client = new StandInClient();
  // A jump channel: half-open by default, it never closes by itself after its end.
  const transport = new PassThrough({ allowHalfOpen: true });
  const spec = HopSpec.parse({ alias: host, host, port: 22, user: 'me', userKnownHostsFiles: [], globalKnownHostsFiles: [] });
  const connection = new SshConnection(client as unknown as ssh2.Client, spec, transport, undefined, options);
  const closed: CloseReason[] = [];
  connection.onDidClose((reason) => closed.push(reason));
  return { client, transport, connection, closed };
}

describe('SshConnection', () => {
  it('ends when ssh2 reports the end of its transport, closing that transport (a half-open jump channel would stay open)', () => {
    const { client, transport, connection, closed } = connectionTo('dest');
    client.emit('end');
    expect(connection.closed).toBe(true);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ code: 'CONNECTION_LOST', hop: 'me@dest:22' });
    expect(transport.destroyed).toBe(true);
  });

  it("ends with the hop below it, for that hop's reason", () => {
    const bastion = connectionTo('bastion');
    const destination = connectionTo('dest', { via: bastion.connection });
    bastion.client.emit('end');
    expect(destination.closed).toEqual([bastion.closed[0]]);
    expect(destination.closed[0]?.hop).toBe('me@bastion:22');
    expect(destination.transport.destroyed).toBe(true);
  });

  it('reports a host key refused at a rekey as the verifier saw it', () => {
    const changed = new AppError('HOST_KEY_CHANGED', 'changed during a rekey', { hop: 'me@dest:22' });
    const { client, closed } = connectionTo('dest', { hostKeyFailure: () => changed });
    client.emit('error', Object.assign(new Error('Host denied (verification failed)'), { level: 'handshake' }));
    client.emit('close');
    expect(closed).toEqual([changed]);
  });

  it('a channel asked for while ssh2 says "Not connected" is CONNECTION_LOST, not an unexpected error', async () => {
    const { connection } = connectionTo('dest');
    await expect(connection.exec('true')).rejects.toMatchObject({ code: 'CONNECTION_LOST', hop: 'me@dest:22' });
    await expect(connection.sftp()).rejects.toMatchObject({ code: 'CONNECTION_LOST', hop: 'me@dest:22' });
  });
});
