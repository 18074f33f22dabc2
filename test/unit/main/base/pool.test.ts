import { describe, expect, it } from 'vitest';
import { inPool, Limiter } from '../../../../main/base/pool';

/** A job that stays in flight until the test lets it go, so the tests see how many run at once. */
function gate() {
  let inFlight = 0;
  let most = 0;
  const waiting: Array<() => void> = [];
  const job = async (): Promise<void> => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight--;
  };
  const releaseAll = async (): Promise<void> => {
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { job, releaseAll, most: () => most, waiting: () => waiting.length };
}

describe('inPool', () => {
  it('runs every item, never more than the limit at once', async () => {
    const { job, releaseAll, most } = gate();
    const seen: number[] = [];
    const done = inPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      seen.push(item);
      await job();
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 2, 3]);
    await releaseAll();
    await done;
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most()).toBe(3);
  });

  it('starts nothing new after the first failure and rethrows it', async () => {
    const started: number[] = [];
    const run = inPool([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('second failed');
    });
    await expect(run).rejects.toThrow('second failed');
    expect(started).toEqual([1, 2]);
  });
});

describe('Limiter', () => {
  it('lets at most `limit` runs in flight, the rest in the order they came, and passes results through', async () => {
    const limiter = new Limiter(2);
    const { job, releaseAll, most, waiting } = gate();
    const order: number[] = [];
    const runs = [1, 2, 3, 4, 5].map((n) =>
      limiter.run(async () => {
        order.push(n);
        await job();
        return n * 10;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(waiting()).toBe(2);
    await releaseAll();
    expect(await Promise.all(runs)).toEqual([10, 20, 30, 40, 50]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(most()).toBe(2);
  });

  it('frees the slot of a run that throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});
