import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { TerminalSession, type TerminalExit } from '../../../main/terminal/terminal-session';
import type { CloseReason } from '../../../main/ssh/connect/ssh-connection';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { cleanupAfterEach } from '../../helpers/cleanups';
import { CLI } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';

let keys: TestKeys;
let env: SshEnv;
let bastion: SshdHandle;
let destination: SshdHandle;

beforeAll(async () => {
  keys = await getTestKeys();
});
const { track, defer } = cleanupAfterEach();

/** A bastion and a destination reached through it, each a real sshd; killing one takes its connections too. */
async function startChain(): Promise<void> {
  const authorizedKeys = [keys.ed25519.publicKey];
  destination = track(await startSshd({ authorizedKeys }));
  bastion = track(await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${destination.port}`] }));
  env = track(makeSshEnv());
  env.addKnownHosts([...bastion.knownHostsLines(), ...destination.knownHostsLines()]);
}

const hopName = (server: SshdHandle) => `root@127.0.0.1:${server.port}`;

async function connectThroughBastion() {
  const { connector } = recordingConnector();
  defer(() => connector.dispose());
  const lease = await connector.connect(
    [bastion, destination].map((server) => hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })),
  );
  const closed: CloseReason[] = [];
  lease.connection.onDidClose((reason) => closed.push(reason));
  return { connector, lease, closed };
}

function expectLost(reason: CloseReason | undefined, server: SshdHandle): void {
  expect(AppError.is(reason, 'CONNECTION_LOST')).toBe(true);
  expect(reason!.hop).toBe(hopName(server));
}

describe('a hop of a jump chain that dies ends everything above it at once', () => {
  it('the destination dies behind a live bastion: its shell, a command and SFTP end with CONNECTION_LOST naming the destination', async () => {
    await startChain();
    const { connector, lease, closed } = await connectThroughBastion();
    const terminal = await TerminalSession.open(lease.connection, { cols: 80, rows: 24 });
    const exits: TerminalExit[] = [];
    terminal.onExit((exit) => exits.push(exit));
    const command = await lease.connection.exec('sleep 100');
    let isCommandClosed = false;
    // ssh2 reports a channel closed once its output has been read to the end.
    command.resume().on('close', () => (isCommandClosed = true));
    const sftp = await lease.connection.sftp();
    let isSftpClosed = false;
    sftp.on('close', () => (isSftpClosed = true));

    await destination.stop();

    await pollUntil(() => exits.length === 1 && isCommandClosed && isSftpClosed, { message: 'the shell, the command and SFTP to end' });
    expectLost(exits[0]!.error, destination);
    expectLost(closed[0], destination);
    // The bastion lives on, and the chain's dead hop has left the pool.
    expect(lease.hops[0]!.closed).toBe(false);
    expect(connector.openConnections).toBe(1);
    terminal.dispose();
    lease.dispose();
  });

  it('the bastion dies: the destination reached through it ends too, with CONNECTION_LOST naming the bastion', async () => {
    await startChain();
    const { lease, closed } = await connectThroughBastion();
    const command = await lease.connection.exec('sleep 100');
    let isCommandClosed = false;
    // ssh2 reports a channel closed once its output has been read to the end.
    command.resume().on('close', () => (isCommandClosed = true));

    await bastion.stop();

    await pollUntil(() => closed.length === 1 && isCommandClosed, { message: 'the destination connection and its command to end' });
    expectLost(closed[0], bastion);
    lease.dispose();
  });

  it('jumpgate ssh -J exits 255 with a CONNECTION_LOST line naming the destination', async () => {
    await startChain();
    const mark = destination.readLog().length;
    const child = spawn(
      process.execPath,
      [
        CLI,
        'ssh',
        '-J',
        hopName(bastion),
        '-i',
        keys.ed25519.path,
        '-o',
        'StrictHostKeyChecking=yes',
        '-p',
        String(destination.port),
        'root@127.0.0.1',
        'sleep 100',
      ],
      {
        env: env.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    defer(() => child.exitCode === null && child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let status: number | null | undefined;
    child.on('exit', (code) => (status = code));
    await destination.waitForLog(/Starting session: command/, { after: mark });

    await destination.stop();

    await pollUntil(() => status !== undefined, { message: 'jumpgate ssh to exit' });
    expect(status).toBe(255);
    expect(stderr).toContain(`jumpgate: ${hopName(destination)}: `);
    expect(stderr).toContain('(CONNECTION_LOST)');
  });
});
