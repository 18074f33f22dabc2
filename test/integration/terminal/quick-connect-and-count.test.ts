import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
});
afterAll(() => stand?.dispose());

async function value<T>(method: string, input: unknown): Promise<T> {
  const answer = await stand.call(method, input);
  expect(answer, `${method} answered`).toMatchObject({ ok: true });
  return (answer as { value: T }).value;
}

async function openTerminal(target: unknown): Promise<string> {
  const { sessionId } = await value<{ sessionId: string }>('terminal.open', { target, cols: 80, rows: 24 });
  await pollUntil(() => stand.of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: `terminal ${sessionId} connected` });
  return sessionId;
}

const live = async (): Promise<number> => (await value<{ live: number }>('connections.count', {})).live;
const lastChanged = (): unknown => stand.events.filter((e) => e.name === 'connections.changed').at(-1)?.payload;

describe('the count of live SSH connections', () => {
  it('counts connections, not sessions: terminals sharing one count once, and the count follows them closing', async () => {
    const target = { destination: `root@127.0.0.1:${stand.sshd.port}` };
    expect(await live()).toBe(0);
    const first = await openTerminal(target);
    const second = await openTerminal(target);
    expect(await live()).toBe(1);
    expect(lastChanged()).toEqual({ live: 1 });
    // Sharing off: the next terminal connects on its own.
    await value('settings.update', { reuseConnections: false });
    const third = await openTerminal(target);
    expect(await live()).toBe(2);
    expect(lastChanged()).toEqual({ live: 2 });
    await value('terminal.close', { sessionId: third });
    await pollUntil(async () => (await live()) === 1, { message: 'the third one’s connection gone' });
    await value('terminal.close', { sessionId: first });
    expect(await live()).toBe(1);
    await value('terminal.close', { sessionId: second });
    await pollUntil(async () => (await live()) === 0, { message: 'no connection left' });
    expect(lastChanged()).toEqual({ live: 0 });
    await value('settings.update', { reuseConnections: true });

    // Through a jump host: the jump host's connection and the one through it, two.
    const { id } = await value<{ id: string }>('profiles.save', {
      name: 'behind',
      destination: '127.0.0.1',
      port: stand.sshd.port,
      user: 'root',
      jump: `root@127.0.0.1:${stand.sshd.port}`,
    });
    const behind = await openTerminal({ profileId: id });
    expect(await live()).toBe(2);
    await value('terminal.close', { sessionId: behind });
    await pollUntil(async () => (await live()) === 0, { message: 'both closed' });
  });
});

const history = async (): Promise<string[]> => (await value<{ destination: string }[]>('history.list', {})).map((entry) => entry.destination);

describe('quick connect history', () => {
  it('records a typed destination once it connects, not one that fails nor a saved host; forgets one', async () => {
    const typed = `root@127.0.0.1:${stand.sshd.port}`;
    const { sessionId } = await value<{ sessionId: string }>('terminal.open', { target: { destination: typed }, cols: 80, rows: 24 });
    await pollUntil(async () => (await history()).includes(typed), { message: 'the destination recorded' });
    await value('terminal.close', { sessionId });

    // Nothing listens there: it never connects, so it is not remembered.
    const failed = await value<{ sessionId: string }>('terminal.open', { target: { destination: 'root@127.0.0.1:1' }, cols: 80, rows: 24 });
    await pollUntil(() => stand.of('terminal.state', failed.sessionId).some((s) => s.state === 'closed'), { message: 'the refused one closed' });
    const { id } = await value<{ id: string }>('profiles.save', { name: 'saved', destination: '127.0.0.1', port: stand.sshd.port, user: 'root' });
    const saved = await value<{ sessionId: string }>('terminal.open', { target: { profileId: id }, cols: 80, rows: 24 });
    await pollUntil(() => stand.of('terminal.state', saved.sessionId).some((s) => s.state === 'connected'), { message: 'the saved host connected' });
    expect(await history()).toEqual([typed]);

    await value('history.forget', { destination: typed });
    expect(await history()).toEqual([]);
    expect(await stand.call('history.forget', { destination: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
