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
  });
});
