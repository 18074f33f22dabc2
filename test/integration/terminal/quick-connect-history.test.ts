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
