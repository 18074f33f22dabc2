import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptBroker } from '../../../main/prompts/prompt-broker';
import { ConnectionPool } from '../../../main/ssh/connect/connection-pool';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { hopFor } from '../../helpers/ssh-client';

let env: SshEnv;
let server: SshdHandle;
let keyPath: string;

beforeAll(async () => {
  const keys = await getTestKeys();
  keyPath = keys.ed25519.path;
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(server.knownHostsLines());
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  env?.dispose();
});

describe('the connection pool going idle', () => {
  it('says so when its last connection closes, not before (typed passwords are dropped then)', async () => {
    let idle = 0;
    const pool = new ConnectionPool({ broker: new PromptBroker(undefined), isSharing: () => true, onIdle: () => idle++ });
    const hops = [hopFor(server, env, { identityFiles: [keyPath], strictHostKeyChecking: 'yes' })];
    const first = await pool.connect(hops);
    const second = await pool.connect(hops);
    expect(pool.openConnections).toBe(1);
    first.dispose();
    expect(idle).toBe(0);
    second.dispose();
    expect(pool.openConnections).toBe(0);
    expect(idle).toBe(1);
    pool.dispose();
  });
});
