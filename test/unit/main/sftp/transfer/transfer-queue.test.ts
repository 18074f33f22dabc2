import { describe, expect, it } from 'vitest';
import { TransferQueue } from '../../../../../main/sftp/transfer/transfer-queue';
import { AppError } from '../../../../../shared/errors';
import { pollUntil } from '../../../../helpers/poll-until';
import { MemoryFileSystem } from '../memory-file-system';

function filesystems() {
  const src = new MemoryFileSystem();
  for (const name of ['a', 'b', 'c']) src.nodes.set(`/${name}`, { type: 'file', data: Buffer.from(`content of ${name}`) });
  return { src, dst: new MemoryFileSystem() };
}

describe('TransferQueue', () => {
  it('starts jobs by priority, then in order, within its concurrency', async () => {
    const { src, dst } = filesystems();
    const queue = new TransferQueue(1);
    const started: number[] = [];
    queue.onDidChangeState((status) => {
      if (status.state === 'running') started.push(status.id);
    });
    const first = queue.add({ src, srcPaths: ['/a'], dst, dstPath: '/a' });
    const low = queue.add({ src, srcPaths: ['/b'], dst, dstPath: '/b' });
    const high = queue.add({ src, srcPaths: ['/c'], dst, dstPath: '/c' }, { priority: 5 });
    const results = await Promise.all([first.done, low.done, high.done]);
    expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect(started).toEqual([first.id, high.id, low.id]);
    const copied = dst.nodes.get('/c');
    expect(copied?.type === 'file' && copied.data.toString()).toBe('content of c');
  });

  it('cancels a queued job without starting it and keeps a paused one waiting until resumed', async () => {
    const { src, dst } = filesystems();
    const queue = new TransferQueue(1);
    const running = queue.add({ src, srcPaths: ['/a'], dst, dstPath: '/a' });
    const cancelled = queue.add({ src, srcPaths: ['/b'], dst, dstPath: '/b' });
    const paused = queue.add({ src, srcPaths: ['/c'], dst, dstPath: '/c' });
    queue.cancel(cancelled.id);
    queue.pause(paused.id);
    expect((await cancelled.done).state).toBe('cancelled');
    expect((await running.done).state).toBe('done');
    expect(queue.status(paused.id)?.state).toBe('paused');
    expect(dst.nodes.has('/b')).toBe(false);
    queue.resume(paused.id);
    expect((await paused.done).state).toBe('done');
    expect(queue.total.bytesTotal).toBe(0);
  });

  it('retries a job cut by a lost connection, resuming from its partial file', async () => {
    const src = new MemoryFileSystem();
    const data = Buffer.from('x'.repeat(37) + 'y'.repeat(63));
    src.nodes.set('/big', { type: 'file', data });
    const dst = new MemoryFileSystem();
    dst.writeBudget = 60;
    const queue = new TransferQueue(1);
    const first = queue.add({ src, srcPaths: ['/big'], dst, dstPath: '/copy' });
    const failed = await first.done;
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('CONNECTION_LOST');
    // The failed job shows what it wrote (kept for the retry), not 0 B.
    expect(failed.progress?.bytesDone).toBeGreaterThan(0);
    expect(dst.nodes.has('/copy')).toBe(false);
    expect(dst.nodes.has('/.copy.jgpart')).toBe(true);
    // After a reconnect: a fresh destination session onto the same files.
    dst.writeBudget = undefined;
    const again = queue.retry(first.id, { dst })!;
    expect(again.id).toBe(first.id);
    const status = await again.done;
    expect(status.state).toBe('done');
    expect(status.result!.bytesResumed).toBeGreaterThan(0);
    const copied = dst.nodes.get('/copy');
    expect(copied?.type === 'file' && copied.data.equals(data)).toBe(true);
  });

  it('fails a queued or paused job at once when its connection is gone, and a running one through its control', async () => {
    const { src, dst } = filesystems();
    src.nodes.set('/big', { type: 'file', data: Buffer.alloc(400, 7) });
    const queue = new TransferQueue(1);
    const running = queue.add({ src, srcPaths: ['/big'], dst, dstPath: '/big' });
    const waiting = queue.add({ src, srcPaths: ['/a'], dst, dstPath: '/a' });
    // Paused before its first chunk, the running job would wait forever without fail().
    queue.pause(running.id);
    queue.pause(waiting.id);
    const lost = new AppError('CONNECTION_LOST', 'The connection was lost.');
    queue.fail(waiting.id, lost);
    queue.fail(running.id, lost);
    expect(await waiting.done).toMatchObject({ state: 'failed', error: lost });
    expect(await running.done).toMatchObject({ state: 'failed', error: lost });
    expect(dst.nodes.has('/a')).toBe(false);
    expect(dst.nodes.has('/big')).toBe(false);
  });

  it('prepare settles the conflict policy when the job starts; a cancel while it waits ends the job with nothing written', async () => {
    const { src, dst } = filesystems();
    dst.nodes.set('/a', { type: 'file', data: Buffer.from('old') });
    const queue = new TransferQueue(1);
    const skipped = queue.add({ src, srcPaths: ['/a'], dst, dstPath: '/a', conflict: 'overwrite', prepare: async () => 'skip' });
    expect(await skipped.done).toMatchObject({ state: 'done', result: { filesSkipped: 1 } });
    let asked = false;
    const held = queue.add({ src, srcPaths: ['/b'], dst, dstPath: '/b', prepare: () => ((asked = true), new Promise(() => {})) });
    await pollUntil(() => asked, { message: 'the held job started' });
    expect(queue.status(held.id)?.state).toBe('running');
    queue.cancel(held.id);
    expect(await held.done).toMatchObject({ state: 'cancelled', error: { code: 'SFTP_CANCELLED' } });
    expect(dst.nodes.has('/b')).toBe(false);
    const after = queue.add({ src, srcPaths: ['/c'], dst, dstPath: '/c' });
    expect((await after.done).state).toBe('done');
  });

  it('forgets finished jobs only', async () => {
    const { src, dst } = filesystems();
    const queue = new TransferQueue(1);
    const finished = queue.add({ src, srcPaths: ['/a'], dst, dstPath: '/a' });
    const held = queue.add({ src, srcPaths: ['/b'], dst, dstPath: '/b' });
    queue.pause(held.id);
    await finished.done;
    expect(queue.forget(held.id)).toBe(false);
    expect(queue.forget(finished.id)).toBe(true);
    expect(queue.status(finished.id)).toBeUndefined();
    expect(queue.retry(finished.id)).toBeUndefined();
    expect(queue.status(held.id)?.state).toBe('paused');
  });
});
