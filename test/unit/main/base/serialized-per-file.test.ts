import { describe, expect, it } from 'vitest';
import { serializedPerFile } from '../../../../main/base/serialized-per-file';

/** A task that runs until the test lets it finish, and records when it started. */
function held(name: string, started: string[]) {
  let finish: (fail?: boolean) => void = () => undefined;
  const task = () =>
    new Promise<string>((resolve, reject) => {
      started.push(name);
      finish = (fail) => (fail === true ? reject(new Error(`${name} failed`)) : resolve(name));
    });
  return { task, finish: (fail?: boolean) => finish(fail) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('serializedPerFile', () => {
  it('runs the tasks of one file one after another, the next one even when the last failed', async () => {
    const started: string[] = [];
    const first = held('first', started);
    const second = held('second', started);
    const one = serializedPerFile('/tmp/jumpgate-queue/a', first.task);
    const two = serializedPerFile('/tmp/jumpgate-queue/../jumpgate-queue/a', second.task);
    await turn();
    expect(started).toEqual(['first']);
    first.finish(true);
    await expect(one).rejects.toThrow('first failed');
    await turn();
    expect(started).toEqual(['first', 'second']);
    second.finish();
    expect(await two).toBe('second');
  });

  it('lets tasks of other files run at once', async () => {
    const started: string[] = [];
    const a = held('a', started);
    const b = held('b', started);
    const done = [serializedPerFile('/tmp/jumpgate-queue/x', a.task), serializedPerFile('/tmp/jumpgate-queue/y', b.task)];
    await turn();
    expect(started).toEqual(['a', 'b']);
    a.finish();
    b.finish();
    expect(await Promise.all(done)).toEqual(['a', 'b']);
  });
});
