import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { type Attempt, SessionRegistry } from '../../../../../main/ssh/sessions/session-registry';
import { pollUntil } from '../../../../helpers/poll-until';

interface Held {
  made: string[];
  released: number;
}

/** A registry whose connects the test settles by hand, recording every change of state it reports. */
function stand(maxClosed?: number) {
  const connects: { attempt: Attempt<Held>; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const registry = new SessionRegistry<string, { target: string }, Held>({
    idPrefix: 's',
    maxClosed,
    hold: () => ({ made: [], released: 0 }),
    connect: (_session, attempt) =>
      new Promise<void>((resolve, reject) => {
        attempt.held.made.push('lease');
        connects.push({ attempt, resolve, reject });
      }),
    release: (attempt) => attempt.held.released++,
  });
  const changes: string[] = [];
  registry.onDidChangeState(({ id, attempt }) => changes.push(`${id} ${attempt.state}${attempt.error ? ` ${attempt.error.code}` : ''}`));
  const forgotten: string[] = [];
  registry.onDidForget(({ id }) => forgotten.push(id));
  return { registry, connects, changes, forgotten };
}

describe('SessionRegistry', () => {
  it('open answers at once with an id and connects in the background', async () => {
    const { registry, connects, changes } = stand();
    const session = registry.open({ target: 'build' });
    expect(session.id).toBe('s1');
    expect(registry.get('s1')).toMatchObject({ kept: { target: 'build' }, attempt: { state: 'connecting' } });
    expect(changes).toEqual(['s1 connecting']);
    connects[0]!.resolve();
    await pollUntil(() => registry.get('s1')?.attempt.state === 'connected', { message: 'connected' });
    expect(changes).toEqual(['s1 connecting', 's1 connected']);
    expect(registry.open({ target: 'other' }).id).toBe('s2');
    registry.dispose();
  });

  it('a failed connect closes the session with its error; reconnect brings it back under the same id', async () => {
    const { registry, connects, changes } = stand();
    const { id } = registry.open({ target: 'build' });
    expect(registry.reconnect(id)).toBe(false);
    const first = connects[0]!.attempt;
    connects[0]!.reject(new AppError('CONNECTION_LOST', 'The connection was lost.'));
    await pollUntil(() => first.state === 'closed', { message: 'closed' });
    expect(first.error?.code).toBe('CONNECTION_LOST');
    expect(first.signal.aborted).toBe(true);
    expect(first.held.released).toBe(1);
    expect(registry.get(id)?.kept).toEqual({ target: 'build' });

    expect(registry.reconnect(id)).toBe(true);
    const second = registry.get(id)!.attempt;
    expect(second).not.toBe(first);
    expect(second).toMatchObject({ state: 'connecting', error: undefined, held: { released: 0 } });
    connects[1]!.resolve();
    await pollUntil(() => second.state === 'connected', { message: 'connected again' });
    expect(changes).toEqual([`${id} connecting`, `${id} closed CONNECTION_LOST`, `${id} connecting`, `${id} connected`]);
    // The first attempt's late word (its connection's close, say) does not touch the second.
    registry.end(first, new AppError('CONNECTION_LOST', 'Lost again.'));
    expect(registry.get(id)?.attempt.state).toBe('connected');
    registry.dispose();
  });

  it('close ends a session even mid-connect, releases what it made once, and forgets it', async () => {
    const { registry, connects, changes, forgotten } = stand();
    const { id } = registry.open({ target: 'build' });
    const attempt = connects[0]!.attempt;
    registry.close(id);
    expect(attempt).toMatchObject({ state: 'closed', error: undefined, held: { made: ['lease'], released: 1 } });
    expect(attempt.signal.aborted).toBe(true);
    expect(registry.get(id)).toBeUndefined();
    expect(forgotten).toEqual([id]);
    // The connect that was in flight finishing late does not bring it back.
    connects[0]!.resolve();
    await Promise.resolve();
    registry.end(attempt, undefined);
    expect(attempt.held.released).toBe(1);
    expect(changes).toEqual([`${id} connecting`, `${id} closed`]);
    expect(registry.reconnect(id)).toBe(false);
    registry.dispose();
  });

  it('keeps the closed sessions for Reconnect up to a limit, forgetting the oldest closed first', () => {
    const { registry, forgotten } = stand(2);
    const ids = [1, 2, 3].map(() => registry.open({ target: 'build' }).id);
    for (const id of [ids[1]!, ids[0]!, ids[2]!]) registry.end(registry.get(id)!.attempt, new AppError('CONNECTION_LOST', 'Lost.'));
    expect(forgotten).toEqual([ids[1]]);
    expect(registry.ids()).toEqual([ids[0], ids[2]]);
    registry.dispose();
  });

  it('dispose closes every session', () => {
    const { registry, connects, forgotten } = stand();
    registry.open({ target: 'a' });
    registry.open({ target: 'b' });
    registry.dispose();
    expect(connects.map(({ attempt }) => [attempt.state, attempt.held.released])).toEqual([
      ['closed', 1],
      ['closed', 1],
    ]);
    expect(forgotten).toEqual(['s1', 's2']);
    expect(registry.ids()).toEqual([]);
  });
});
