import { describe, expect, it } from 'vitest';
import { PendingCalls } from '../../../../main/rpc/pending-calls';

/** A call that answers when its signal aborts, and the signal it was given. */
function waiting(calls: PendingCalls, id: number) {
  let signal: AbortSignal | undefined;
  const answer = calls.track(id, (given) => {
    signal = given;
    return new Promise<string>((resolve) => given.addEventListener('abort', () => resolve(`call ${id} stopped`)));
  });
  return { answer, signal: () => signal! };
}

describe('the calls in flight of one window', () => {
  it('aborts only the call a cancel names; a cancel for one that answered is nothing', async () => {
    const calls = new PendingCalls();
    const first = waiting(calls, 1);
    const second = waiting(calls, 2);
    calls.cancel(1);
    calls.cancel(99);
    expect(first.signal().aborted).toBe(true);
    expect(second.signal().aborted).toBe(false);
    expect(await first.answer).toBe('call 1 stopped');
    expect(calls.size).toBe(1);
  });

  it('aborts every call when the window goes, and forgets calls once they answer', async () => {
    const calls = new PendingCalls();
    const a = waiting(calls, 1);
    const b = waiting(calls, 2);
    expect(await calls.track(3, async () => 'done')).toBe('done');
    expect(calls.size).toBe(2);
    calls.cancelAll();
    expect([a.signal().aborted, b.signal().aborted]).toEqual([true, true]);
    await Promise.all([a.answer, b.answer]);
    expect(calls.size).toBe(0);
  });
});
