import { describe, expect, it } from 'vitest';
import type { TransferStatus } from '../../../../shared/model';
import { TransferStore, queueTotals } from '../../../../renderer/files/transfer-store';
import { fakeClient } from '../fake-client';

const job = (id: number, state: TransferStatus['state'], progress?: Partial<NonNullable<TransferStatus['progress']>>): TransferStatus => ({
  id,
  state,
  direction: 'upload',
  title: `job ${id}`,
  src: { side: 'local', where: 'local', paths: ['/tmp/a'] },
  dst: { side: 'f1' as never, where: 'srv', path: '/srv' },
  priority: 0,
  progress: progress === undefined ? undefined : { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 1, filesSkipped: 0, rate: 0, ...progress },
});

describe('TransferStore', () => {
  it('keeps every job current from transfers.status, oldest first', () => {
    const client = fakeClient();
    const store = new TransferStore(client);
    client.emit('transfers.status', job(2, 'queued'));
    client.emit('transfers.status', job(1, 'running'));
    client.emit('transfers.status', job(2, 'running'));
    expect(store.list().map((j) => [j.id, j.state])).toEqual([
      [1, 'running'],
      [2, 'running'],
    ]);
  });

  it('gives the same array between changes, and tells subscribers of each change', () => {
    const client = fakeClient();
    const store = new TransferStore(client);
    let changes = 0;
    store.subscribe(() => changes++);
    client.emit('transfers.status', job(1, 'queued'));
    expect(store.list()).toBe(store.list());
    expect(changes).toBe(1);
  });

  it('announces a job reaching an end once, not its later events, nor jobs that ended before the list was read', () => {
    const client = fakeClient();
    const store = new TransferStore(client);
    const ended: number[] = [];
    store.onFinished((j) => ended.push(j.id));
    store.load([job(7, 'done'), job(8, 'running')]);
    client.emit('transfers.status', job(1, 'running'));
    client.emit('transfers.status', job(1, 'done'));
    client.emit('transfers.status', job(1, 'done'));
    client.emit('transfers.status', job(8, 'failed'));
    client.emit('transfers.status', job(9, 'cancelled'));
    expect(ended).toEqual([1, 8, 9]);
  });

  it("takes main's list as it is: cleared jobs are gone", () => {
    const client = fakeClient();
    const store = new TransferStore(client);
    client.emit('transfers.status', job(1, 'done'));
    client.emit('transfers.status', job(2, 'running'));
    store.load([job(2, 'running')]);
    expect(store.list().map((j) => j.id)).toEqual([2]);
    store.dispose();
    expect(client.count()).toBe(0);
  });
});

describe('queueTotals', () => {
  it('sums the jobs that are not finished; rate only from running ones', () => {
    const totals = queueTotals([
      job(1, 'running', { bytesDone: 10, bytesTotal: 110, rate: 50 }),
      job(2, 'paused', { bytesDone: 5, bytesTotal: 5, rate: 99 }),
      job(3, 'queued'),
      job(4, 'done', { bytesDone: 1000, bytesTotal: 1000 }),
      job(5, 'failed'),
    ]);
    expect(totals).toEqual({ active: 3, running: 1, finished: 2, bytesDone: 15, bytesTotal: 115, rate: 50, etaSeconds: 2 });
    expect(queueTotals([]).etaSeconds).toBeUndefined();
  });
});
