import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { PromptBroker } from '../../../main/prompts/prompt-broker';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector, run } from '../../helpers/ssh-client';

let keys: TestKeys;
let env: SshEnv;
let target: SshdHandle;
let hop3: SshdHandle;
let hop2: SshdHandle;
let hop1: SshdHandle;

/** Each hop may open a channel only to the next one, so the target is reachable only through the chain. */
beforeAll(async () => {
  keys = await getTestKeys();
  const authorizedKeys = [keys.ed25519.publicKey];
  target = await startSshd({ authorizedKeys, extraConfig: ['AllowTcpForwarding no'] });
  hop3 = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${target.port}`] });
  hop2 = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${hop3.port}`] });
  hop1 = await startSshd({ authorizedKeys, extraConfig: [`PermitOpen 127.0.0.1:${hop2.port}`] });
  env = makeSshEnv();
  env.addKnownHosts([...hop1.knownHostsLines(), ...hop2.knownHostsLines(), ...hop3.knownHostsLines(), ...target.knownHostsLines()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([hop1, hop2, hop3, target].map((s) => s?.dispose()));
  env?.dispose();
});

const chain = (overrides = {}) =>
  [hop1, hop2, hop3, target].map((server) => hopFor(server, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', ...overrides }));

describe('jump chains', () => {
  it('reaches a target through three hops, each opening a direct-tcpip channel to the next', async () => {
    const marks = [hop1, hop2, hop3].map((s) => s.readLog().length);
    const { connector, progress } = recordingConnector();
    const lease = await connector.connect(chain());
    const result = await run(lease.connection, 'echo "$SSH_CONNECTION"');
    // Through hops a whole reply often arrives in one read; the exit status must not be lost.
    for (let i = 0; i < 5; i++) expect((await run(lease.connection, `exit ${i + 3}`)).code).toBe(i + 3);
    lease.dispose();
    // The target saw its client arrive from loopback: the last hop's sshd, not us.
    expect(result.stdout).toMatch(new RegExp(` ${target.port}\\n$`));
    const pairs: [SshdHandle, SshdHandle][] = [
      [hop1, hop2],
      [hop2, hop3],
      [hop3, target],
    ];
    for (const [index, [from, to]] of pairs.entries()) {
      await from.waitForLog(new RegExp(`server_request_direct_tcpip: originator .* target 127\\.0\\.0\\.1 port ${to.port}$`, 'm'), { after: marks[index] });
    }
    // Every hop reported each step, in order, under its own name.
    for (const server of [hop1, hop2, hop3, target]) {
      const steps = progress.filter((p) => p.hop === `root@127.0.0.1:${server.port}`).map((p) => p.step);
      expect(steps).toEqual(['tcp', 'banner', 'kex', 'host-key', 'auth', 'ready']);
    }
  });

  it('checks every hop against its own known_hosts entry, never the tunnel address', async () => {
    const stranger = makeSshEnv();
    try {
      stranger.addKnownHosts([...hop1.knownHostsLines(), ...hop3.knownHostsLines(), ...target.knownHostsLines()]);
      const { connector } = recordingConnector();
      const hops = [hop1, hop2, hop3, target].map((s) => hopFor(s, stranger, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' }));
      const error = await connector.connect(hops).catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_UNKNOWN')).toBe(true);
      expect((error as AppError).hop).toBe(`root@127.0.0.1:${hop2.port}`);
      expect((error as AppError).message).toContain(`[127.0.0.1]:${hop2.port}`);
      // The failed attempt released the first hop it had opened.
      expect(connector.openConnections).toBe(0);
    } finally {
      stranger.dispose();
    }
  });

  it('a hop that may not open the next channel fails with JUMP_CHANNEL_FAILED naming that hop', async () => {
    const { connector } = recordingConnector();
    // hop1 may only open hop2, so asking it for hop3 directly is refused.
    const hops = [hop1, hop3].map((s) => hopFor(s, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' }));
    const error = await connector.connect(hops).catch((e: unknown) => e);
    expect(AppError.is(error, 'JUMP_CHANNEL_FAILED')).toBe(true);
    expect((error as AppError).hop).toBe(`root@127.0.0.1:${hop1.port}`);
    expect((error as AppError).message).toContain(`127.0.0.1:${hop3.port}`);
  });

  it('two sessions share the hops (reference-counted); the last to close takes the chain down', async () => {
    const mark = hop1.readLog().length;
    const targetMark = target.readLog().length;
    const { connector } = recordingConnector();
    const [first, second] = await Promise.all([connector.connect(chain()), connector.connect(chain())]);
    expect((await run(first.connection, 'echo a')).stdout).toBe('a\n');
    expect((await run(second.connection, 'echo b')).stdout).toBe('b\n');
    for (const index of [0, 1, 2]) expect(first.hops[index]).toBe(second.hops[index]);
    expect(first.connection).not.toBe(second.connection);
    await hop1.waitForLog(/Accepted publickey for root/, { after: mark });
    // Both target sessions are authenticated, so any second login to hop1 would be logged by now.
    await pollUntil(
      () =>
        (
          target
            .readLog()
            .slice(targetMark)
            .match(/Accepted publickey for root/g) ?? []
        ).length >= 2,
      { message: 'both target logins in its log' },
    );
    const logins =
      hop1
        .readLog()
        .slice(mark)
        .match(/Accepted publickey for root/g) ?? [];
    expect(logins).toHaveLength(1);
    // 3 shared hops + 2 targets
    expect(connector.openConnections).toBe(5);
    first.dispose();
    expect(connector.openConnections).toBe(4);
    expect(first.hops[0]!.closed).toBe(false);
    second.dispose();
    expect(connector.openConnections).toBe(0);
    await pollUntil(() => first.hops.every((h) => h.closed), { message: 'every hop to close' });
  });

  it('giving up on a connect stops only that caller: a shared hop keeps going for the other, and its question goes only when nobody waits', async () => {
    const stranger = makeSshEnv();
    try {
      // The first hop is unknown here, so both callers wait on the same host-key question.
      stranger.addKnownHosts([...hop2.knownHostsLines(), ...hop3.knownHostsLines(), ...target.knownHostsLines()]);
      const questions: { signal: AbortSignal | undefined; answer: (decision: string) => void }[] = [];
      const broker = new PromptBroker(
        ((_request: unknown, signal?: AbortSignal) => new Promise((resolve) => questions.push({ signal, answer: resolve }))) as never,
      );
      const { connector } = recordingConnector(broker);
      const hops = [hop1, hop2, hop3, target].map((server) => hopFor(server, stranger, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'ask' }));
      const first = new AbortController();
      const second = new AbortController();
      const firstAttempt = connector.connect(hops, { signal: first.signal }).catch((e: unknown) => e);
      const secondAttempt = connector.connect(hops, { signal: second.signal });
      await pollUntil(() => questions.length === 1, { message: 'one question for the shared first hop' });
      first.abort();
      expect(await firstAttempt).toMatchObject({ code: 'CONNECT_CANCELLED' });
      expect(questions[0]!.signal!.aborted).toBe(false);
      questions[0]!.answer('accept-once');
      const lease = await secondAttempt;
      expect((await run(lease.connection, 'echo through')).stdout).toBe('through\n');
      lease.dispose();
      await pollUntil(() => connector.openConnections === 0, { message: 'the chain to close' });

      const third = new AbortController();
      const thirdAttempt = connector.connect(hops, { signal: third.signal }).catch((e: unknown) => e);
      await pollUntil(() => questions.length === 2, { message: 'the question again' });
      third.abort();
      expect(await thirdAttempt).toMatchObject({ code: 'CONNECT_CANCELLED' });
      await pollUntil(() => questions[1]!.signal!.aborted, { message: 'the question withdrawn' });
      await pollUntil(() => connector.openConnections === 0, { message: 'nothing left open' });
    } finally {
      stranger.dispose();
    }
  });
});
