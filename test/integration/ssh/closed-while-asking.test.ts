import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { PromptBroker } from '../../../main/prompts/prompt-broker';
import type { PromptRequest } from '../../../main/prompts/prompt-types';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { startFakeServer } from '../../fixtures/fake-server';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { cleanupAfterEach } from '../../helpers/cleanups';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';

let keys: TestKeys;
beforeAll(async () => {
  keys = await getTestKeys();
});
const { track, defer } = cleanupAfterEach();

/** A person who reads the fingerprint and answers only when told to (or never). */
function slowReader() {
  const questions: { request: PromptRequest; signal: AbortSignal | undefined; answer: (decision: string) => void }[] = [];
  const broker = new PromptBroker(
    ((request: PromptRequest, signal?: AbortSignal) => new Promise((resolve) => questions.push({ request, signal, answer: resolve }))) as never,
  );
  return { broker, questions };
}

async function connectAsking(
  server: { host: string; port: number; knownHostsLine?: () => string },
  broker: PromptBroker,
  overrides = {},
  through?: SshdHandle,
) {
  const env = track(makeSshEnv());
  if (server.knownHostsLine) env.addKnownHosts([server.knownHostsLine()]);
  if (through) env.addKnownHosts(through.knownHostsLines());
  const { connector } = recordingConnector(broker);
  defer(() => connector.dispose());
  const jumps = through ? [hopFor(through, env, { identityFiles: [keys.ed25519.path] })] : [];
  return connector.connect([...jumps, hopFor(server, env, { strictHostKeyChecking: 'ask', ...overrides })]).then(
    (lease) => {
      lease.dispose();
      throw new Error('connected, but the server had closed the connection');
    },
    (error: unknown) => error,
  );
}

describe('a connection that closes while its host-key question is open', () => {
  /** The server drops the connection while its host-key question is open; returns the withdrawn question. */
  async function dropWhileAsking({ isBehindBastion }: { isBehindBastion: boolean }) {
    const server = track(await startFakeServer({ freshHostKey: true }));
    const bastion = isBehindBastion
      ? track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${server.port}`] }))
      : undefined;
    const { broker, questions } = slowReader();
    const attempt = connectAsking({ host: server.host, port: server.port }, broker, {}, bastion);
    await pollUntil(() => questions.length === 1, { message: 'the host-key question' });
    server.dropConnections();
    const error = await attempt;
    expect(AppError.is(error, 'CONNECTION_LOST')).toBe(true);
    expect((error as AppError).hop).toBe(`root@127.0.0.1:${server.port}`);
    expect(questions[0]!.signal?.aborted).toBe(true);
    return questions[0]!;
  }

  it('fails that connection with CONNECTION_LOST and withdraws the question; the process lives on', async () => {
    const question = await dropWhileAsking({ isBehindBastion: false });
    // A late answer to the withdrawn question reaches nothing.
    question.answer('accept-save');
  });

  it('the same behind a jump host, whose channel only ends (the attempt does not wait for its ConnectTimeout)', async () => {
    await dropWhileAsking({ isBehindBastion: true });
  });

  it('the same with a stock sshd that gives up after its LoginGraceTime while the question is unanswered', async () => {
    const sshd = track(await startSshd({ extraConfig: ['LoginGraceTime 1'] }));
    const { broker, questions } = slowReader();
    const error = await connectAsking(sshd, broker);
    expect(questions).toHaveLength(1);
    expect(AppError.is(error, 'CONNECTION_LOST')).toBe(true);
    expect((error as AppError).hop).toBe(`root@127.0.0.1:${sshd.port}`);
  });

  for (const kind of ['password', 'keyboard-interactive'] as const) {
    it(`a ${kind} question open when the server closes: the attempt fails, and a late answer reaches nothing`, async () => {
      const server = track(
        await startFakeServer({
          username: 'root',
          ...(kind === 'password' ? { password: 'secret' } : { keyboardInteractive: [{ prompts: [{ prompt: 'Code: ', echo: false, answer: '1' }] }] }),
        }),
      );
      const { broker, questions } = slowReader();
      const attempt = connectAsking(server, broker, { user: 'root', preferredAuthentications: [kind] });
      await pollUntil(() => questions.length === 1, { message: `the ${kind} question` });
      server.dropConnections();
      const error = await attempt;
      expect(AppError.is(error)).toBe(true);
      expect((error as AppError).hop).toBe(`root@127.0.0.1:${server.port}`);
      questions[0]!.answer(kind === 'password' ? 'secret' : (['1'] as never));
    });
  }
});
