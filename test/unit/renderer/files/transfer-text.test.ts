import { describe, expect, it } from 'vitest';
import type { TransferStatus } from '../../../../shared/model';
import { queueTotals } from '../../../../renderer/files/transfer-store';
import { describeProgress, describeSkippedLinks, describeTotals } from '../../../../renderer/files/transfer-text';

const job = (state: TransferStatus['state'], progress?: Partial<NonNullable<TransferStatus['progress']>>): TransferStatus => ({
  id: 1,
  state,
  direction: 'download',
  title: 'notes.txt from srv to local',
  src: { side: 'f1' as never, where: 'srv', paths: ['/srv/notes.txt'] },
  dst: { side: 'local', where: 'local', path: '/tmp' },
  priority: 0,
  progress: progress === undefined ? undefined : { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 1, filesSkipped: 0, rate: 0, ...progress },
});

describe('transfer-text', () => {
  it('says how far a running job is, and what a finished one did', () => {
    expect(describeProgress(job('running', { bytesDone: 1_500_000, bytesTotal: 3_000_000, filesDone: 1, filesTotal: 4, rate: 500_000, etaSeconds: 3 }))).toBe(
      '1.5 MB of 3 MB · 1 of 4 files · 500 kB/s · 3 s left',
    );
    expect(describeProgress(job('paused', { bytesDone: 0, bytesTotal: 10, filesTotal: 1 }))).toBe('0 B of 10 B · 0 of 1 file');
    expect(describeProgress({ ...job('done'), result: { filesCopied: 2, filesSkipped: 1, bytes: 2000, bytesResumed: 0 } })).toBe(
      '2 kB · 2 files copied · 1 skipped',
    );
    expect(describeProgress(job('queued'))).toBe('Waiting for a free slot');
  });

  it("says which of a server's links were not copied because they point outside", () => {
    const done = {
      ...job('done'),
      result: {
        filesCopied: 1,
        filesSkipped: 0,
        bytes: 10,
        bytesResumed: 0,
        linksSkipped: { count: 2, first: [{ path: '/srv/.x.jgpart', target: '/home/me/.bashrc' }] },
      },
    };
    expect(describeProgress(done)).toBe('10 B · 1 file copied · 2 links pointing outside not copied');
    expect(describeSkippedLinks(done)).toBe('Links not copied: they point outside what was copied.\n/srv/.x.jgpart → /home/me/.bashrc\nand 1 more');
    expect(describeSkippedLinks(job('done'))).toBeUndefined();
  });

  it('sums the queue in one line', () => {
    expect(describeTotals(queueTotals([job('running', { bytesDone: 12_000_000, bytesTotal: 30_000_000, rate: 6_000_000 })]))).toBe(
      '1 running · 12 MB of 30 MB · 6 MB/s · 3 s left',
    );
    expect(describeTotals(queueTotals([job('done'), job('failed')]))).toBe('2 finished');
    expect(describeTotals(queueTotals([]))).toBe('');
  });
});
