import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGH_WATER_CHARS } from '../../../main/terminal/flow-control';
import { TerminalSession } from '../../../main/terminal/terminal-session';
import type { ConnectionLease } from '../../../main/ssh/connect/ssh-connector';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector, run } from '../../helpers/ssh-client';

let sshd: SshdHandle;
let env: SshEnv;
let lease: ConnectionLease;

beforeAll(async () => {
  const keys = await getTestKeys();
  sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(sshd.knownHostsLines());
  lease = await recordingConnector().connector.connect([hopFor(sshd, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })]);
});
afterAll(async () => {
  lease?.dispose();
  await sshd?.dispose();
  env?.dispose();
});

function screen(session: TerminalSession, ackAll = true) {
  let text = '';
  session.onData((chunk) => {
    text += chunk;
    if (ackAll) session.ack(chunk.length);
  });
  return () => text;
}

describe('terminal sessions against OpenSSH', () => {
  it('opens a shell with an xterm-256color pty of the requested size, follows resizes, reports the exit', async () => {
    const session = await TerminalSession.open(lease.connection, { cols: 100, rows: 30, env: {}, startupCommand: 'export PS1="$ "' });
    const output = screen(session);
    const exit = new Promise((resolve) => session.onExit(resolve));
    session.write('echo "[$TERM] [$(stty size)]"\r');
    await pollUntil(() => output().includes('[xterm-256color] [30 100]'), { message: 'TERM and stty size' });
    session.resize({ cols: 120, rows: 40 });
    session.write('echo "[$(stty size)]"\r');
    await pollUntil(() => output().includes('[40 120]'), { message: 'the new size' });
    session.write('exit 3\r');
    expect(await exit).toEqual({ code: 3, signal: undefined, error: undefined });
  });

  it('under a flood, pauses the channel while output is unacknowledged, loses nothing, and still echoes a keystroke', async () => {
    const session = await TerminalSession.open(lease.connection, { cols: 80, rows: 24 });
    let received = 0;
    let maxPending = 0;
    let tail = '';
    session.onData((chunk) => {
      received += chunk.length;
      maxPending = Math.max(maxPending, session.pendingAcks);
      tail = (tail + chunk).slice(-200);
    });
    // 8 MiB of base64 with a marker at the end; nothing is acknowledged yet.
    session.write('head -c 6291456 /dev/zero | base64 -w 76; echo FLOOD-END\r');
    await pollUntil(() => session.isPaused, { message: 'the channel to pause' });
    // A round trip through the server on another channel: unpaused, the flood would deliver
    // megabytes meanwhile. Paused, what arrives stays near the high-water mark.
    await run(lease.connection, 'sleep 0.5');
    expect(session.isPaused).toBe(true);
    expect(received).toBeLessThan(HIGH_WATER_CHARS * 2);
    // Now draw everything as a renderer would, acknowledging as it goes.
    const drain = setInterval(() => session.ack(session.pendingAcks), 2);
    try {
      await pollUntil(() => tail.includes('FLOOD-END'), { timeoutMs: 60_000, message: 'the end of the flood' });
      session.write('echo typed-after-flood\r');
      await pollUntil(() => tail.includes('typed-after-flood\r\n'), { message: 'the echo after the flood' });
    } finally {
      clearInterval(drain);
      session.dispose();
    }
    const expectedBase64 = Math.ceil(6291456 / 3) * 4;
    // Every byte arrived: base64 text plus CRLF line ends (76 chars a line) and the echoes.
    expect(received).toBeGreaterThan(expectedBase64 + (expectedBase64 / 76) * 2);
    expect(maxPending).toBeLessThan(HIGH_WATER_CHARS + 300 * 1024);
  });
});
