import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../fixtures/fake-server';
import { makeSshEnv } from '../../fixtures/ssh-env';
import type { SshdHandle } from '../../fixtures/sshd';
import { type CoreStand, createWebCore, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
let sshd: SshdHandle;

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
  ({ sshd } = stand);
});
afterAll(() => stand?.dispose());

type Payload = Record<string, unknown>;
const call = (method: string, input: unknown) => stand.call(method, input);
const filesStates = (filesId: string) => stand.events.filter((e) => e.name === 'files.state' && e.payload.filesId === filesId).map((e) => e.payload);
const printed = (sessionId: string) =>
  stand
    .of('terminal.data', sessionId)
    .map((d) => d.data)
    .join('');

async function value<T = Payload>(method: string, input: unknown): Promise<T> {
  const answer = await call(method, input);
  expect(answer, `${method} answered`).toMatchObject({ ok: true });
  return (answer as { value: T }).value;
}

/** Authentications sshd accepted so far: one per TCP connection that logged in. */
const accepted = (): number => (sshd.readLog().match(/Accepted publickey for /g) ?? []).length;
/** Connections sshd saw end. */
const ended = (): number => (sshd.readLog().match(/Received disconnect from 127\.0\.0\.1|Connection closed by 127\.0\.0\.1/g) ?? []).length;

async function openTerminal(target: unknown): Promise<string> {
  const { sessionId } = await value<{ sessionId: string }>('terminal.open', { target, cols: 80, rows: 24 });
  await pollUntil(() => stand.of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: `terminal ${sessionId} connected` });
  return sessionId;
}

async function openFiles(target: unknown): Promise<string> {
  const { filesId } = await value<{ filesId: string }>('files.open', { target });
  await pollUntil(() => filesStates(filesId).some((s) => s.state === 'connected'), { message: `files ${filesId} connected` });
  return filesId;
}

/** A saved host for the test server, with these settings. */
async function saveHost(name: string, settings: Payload): Promise<string> {
  return (await value<{ id: string }>('profiles.save', { name, destination: '127.0.0.1', port: sshd.port, user: 'root', ...settings })).id;
}

async function closeAll(terminals: string[], files?: string): Promise<void> {
  for (const sessionId of terminals) await call('terminal.close', { sessionId });
  if (files !== undefined) await call('files.close', { filesId: files });
}

async function echoes(sessionId: string, word: string): Promise<void> {
  await call('terminal.write', { sessionId, data: `echo ${word}-$((20+22))\r` });
  await pollUntil(() => printed(sessionId).includes(`${word}-42`), { message: `${word} echoed in ${sessionId}` });
}

describe('one connection, many channels', () => {
  afterEach(async () => {
    await value('settings.update', { reuseConnections: true });
  });

  it('two terminals and a files session to one host share one connection, which lives while any of them does', async () => {
    const target = { destination: `root@127.0.0.1:${sshd.port}` };
    const before = accepted();
    const endedBefore = ended();
    const first = await openTerminal(target);
    const second = await openTerminal(target);
    const files = await openFiles(target);
    expect(accepted() - before).toBe(1);
    // The second session was not asked anything, nor shown a handshake: it opened a channel.
    expect(stand.of('terminal.progress', second)).toEqual([]);

    await call('terminal.close', { sessionId: first });
    await echoes(second, 'still');
    expect(await value<{ entries: unknown[] }>('files.list', { side: files, path: '.' })).toMatchObject({ entries: expect.any(Array) });
    await call('files.close', { filesId: files });
    await echoes(second, 'alone');
    expect(ended() - endedBefore).toBe(0);

    await call('terminal.close', { sessionId: second });
    await pollUntil(() => ended() - endedBefore === 1, { message: 'the connection closed with its last session' });
    expect(accepted() - before).toBe(1);
  });

  it('with reuse turned off in the settings, each session connects on its own', async () => {
    await value('settings.update', { reuseConnections: false });
    const target = { destination: `root@127.0.0.1:${sshd.port}` };
    const before = accepted();
    const first = await openTerminal(target);
    const second = await openTerminal(target);
    const files = await openFiles(target);
    expect(accepted() - before).toBe(3);
    await closeAll([first, second], files);
  });

  it('never shares a connection made with other auth settings (here: a key named explicitly)', async () => {
    const profileId = await saveHost('Named key', { identityFiles: [join(stand.env.sshDir, 'id_ed25519')] });
    const before = accepted();
    const first = await openTerminal({ destination: `root@127.0.0.1:${sshd.port}` });
    const second = await openTerminal({ profileId });
    expect(accepted() - before).toBe(2);
    await closeAll([first, second]);
  });

  it('a lost connection closes every session on it with the same error; Reconnect on one brings them all back on one new connection', async () => {
    const target = { destination: `root@127.0.0.1:${sshd.port}` };
    const first = await openTerminal(target);
    const second = await openTerminal(target);
    const files = await openFiles(target);
    await sshd.restart();
    const closedFirst = await pollUntil(() => stand.of('terminal.state', first).find((s) => s.state === 'closed'), { message: 'first closed' });
    const closedSecond = await pollUntil(() => stand.of('terminal.state', second).find((s) => s.state === 'closed'), { message: 'second closed' });
    const closedFiles = await pollUntil(() => filesStates(files).find((s) => s.state === 'closed'), { message: 'files closed' });
    const code = (closedFirst.error as { code: string }).code;
    expect(code).toMatch(/^CONNECTION_/);
    expect(closedSecond.error).toMatchObject({ code });
    expect(closedFiles.error).toMatchObject({ code });

    const before = accepted();
    await value('terminal.reconnect', { sessionId: first });
    for (const sessionId of [first, second])
      await pollUntil(() => stand.of('terminal.state', sessionId).filter((s) => s.state === 'connected').length === 2, { message: `${sessionId} back` });
    await pollUntil(() => filesStates(files).filter((s) => s.state === 'connected').length === 2, { message: 'files back' });
    expect(accepted() - before).toBe(1);
    await echoes(second, 'again');
    await closeAll([first, second], files);
  });

  it('terminals that reconnect by themselves after a drop bring up one connection, not one each', async () => {
    const profileId = await saveHost('Comes back', { autoReconnect: true });
    const sessions = [await openTerminal({ profileId }), await openTerminal({ profileId }), await openTerminal({ profileId })];
    const before = accepted();
    await sshd.restart();
    for (const sessionId of sessions)
      await pollUntil(() => stand.of('terminal.state', sessionId).filter((s) => s.state === 'connected').length === 2, {
        message: `${sessionId} reconnected by itself`,
        timeoutMs: 30_000,
      });
    expect(accepted() - before).toBe(1);
    await closeAll(sessions);
  });
});

describe('a password asked once', () => {
  it('a second terminal to a host that took a password opens without asking again', async () => {
    const server = await startFakeServer({ password: 'sesame' });
    const env = makeSshEnv();
    env.addKnownHosts([server.knownHostsLine()]);
    const core = createWebCore(env);
    const events: { name: string; payload: Payload }[] = [];
    core.hub.connect((name, payload) => events.push({ name, payload: payload as Payload }));
    const dispatch = (method: string, input: unknown) => core.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });
    try {
      const target = { destination: `tester@127.0.0.1:${server.port}` };
      const open = async (): Promise<string> => {
        const answer = (await dispatch('terminal.open', { target, cols: 80, rows: 24 })) as { value: { sessionId: string } };
        return answer.value.sessionId;
      };
      const connected = (sessionId: string) =>
        events.some((e) => e.name === 'terminal.state' && e.payload.sessionId === sessionId && e.payload.state === 'connected');
      const first = await open();
      const question = await pollUntil(() => events.find((e) => e.name === 'prompts.request'), { message: 'the password question' });
      expect(question.payload.request).toMatchObject({ kind: 'password' });
      await dispatch('prompts.answer', { promptId: question.payload.promptId, answer: 'sesame' });
      await pollUntil(() => connected(first), { message: 'first connected' });
      const second = await open();
      await pollUntil(() => connected(second), { message: 'second connected' });
      expect(events.filter((e) => e.name === 'prompts.request')).toHaveLength(1);
      expect(server.authAttempts('password')).toBe(1);
      expect(server.events.filter((e) => e.type === 'connection')).toHaveLength(1);
    } finally {
      core.dispose();
      await server.close();
      env.dispose();
    }
  });
});
