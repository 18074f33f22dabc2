import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import type { ConnectionLease } from '../../../main/ssh/connect/ssh-connector';
import { type ConnectionRecipe, ConnectionRecorder } from '../../../main/sftp/transfer/connection-recipe';
import { SftpSession } from '../../../main/sftp/protocol/sftp-session';
import { SshConnector } from '../../../main/ssh/connect/ssh-connector';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle, type SshdOptions } from '../../fixtures/sshd';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';

export interface SftpFixture {
  keys: TestKeys;
  env: SshEnv;
  server: SshdHandle;
  /** Opens a fresh connection and SFTP session (to `port` if given, e.g. a proxy in front). */
  open(port?: number): Promise<{ session: SftpSession; lease: ConnectionLease; dispose(): void }>;
  /** The same, with the recipe a transfer worker would get (host key as accepted, hops). */
  openRecorded(): Promise<{ session: SftpSession; recipe: ConnectionRecipe; dispose(): void }>;
  dispose(): Promise<void>;
}

/** A real sshd (internal-sftp) with the test key authorized, and an isolated HOME. */
export async function startSftpFixture(options: SshdOptions = {}): Promise<SftpFixture> {
  const keys = await getTestKeys();
  const server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], ...options });
  const env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
  return {
    keys,
    env,
    server,
    async open(port = server.port) {
      const { connector } = recordingConnector();
      // A proxy in front listens on a port of its own: its key is accepted on first sight (accept-new).
      const lease = await connector.connect([hopFor({ host: server.host, port }, env, { identityFiles: [keys.ed25519.path] })]);
      const session = await SftpSession.open(lease.connection);
      return {
        session,
        lease,
        dispose() {
          session.dispose();
          lease.dispose();
          connector.dispose();
        },
      };
    },
    async openRecorded() {
      const recorder = new ConnectionRecorder();
      const connector = new SshConnector(recorder.connectorOptions(undefined));
      const hops = [hopFor(server, env, { identityFiles: [keys.ed25519.path] })];
      const lease = await connector.connect(hops);
      const session = await SftpSession.open(lease.connection);
      return {
        session,
        recipe: recorder.recipeFor(hops)!,
        dispose() {
          session.dispose();
          lease.dispose();
          connector.dispose();
        },
      };
    },
    async dispose() {
      await server.dispose();
      env.dispose();
    },
  };
}

/** Writes `bytes` of random data; returns its SHA-256. */
export function writeRandomFile(path: string, bytes: number): string {
  const data = randomBytes(bytes);
  writeFileSync(path, data);
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
