import { describe, expect, it } from 'vitest';
import { directionOf, transferTitle } from '../../../../../main/sftp/transfer/transfer-naming';
import { isStatusChange } from '../../../../../main/sftp/transfer/transfer-service';
import type { TransferStatus } from '../../../../../shared/model/files';

describe('transfer names', () => {
  it('names the direction from which sides are servers', () => {
    expect(directionOf(false, true)).toBe('upload');
    expect(directionOf(true, false)).toBe('download');
    expect(directionOf(true, true)).toBe('remote');
    expect(directionOf(false, false)).toBe('local');
  });

  it('titles a job by its one source, or by how many', () => {
    expect(transferTitle({ names: ['a', 'b', 'c'], srcLabel: 'local', dstLabel: 'prod', dstPath: '/srv/www' })).toBe('3 items from local to prod:/srv/www');
    expect(transferTitle({ names: ['site.tar'], srcLabel: 'prod', dstLabel: 'local', dstPath: '/home/me' })).toBe('site.tar from prod to local:/home/me');
  });
});

describe('isStatusChange (what is sent at once, not throttled)', () => {
  const base: TransferStatus = {
    id: 1,
    state: 'running',
    direction: 'upload',
    title: 't',
    src: { side: 'local', where: 'local', paths: ['/a'] },
    dst: { side: 'local', where: 'local', path: '/b' },
    priority: 0,
  };
  const progress = { bytesDone: 1, bytesTotal: 10, filesDone: 0, filesTotal: 1, filesSkipped: 0, rate: 0 };

  it('a change of state, and the first progress (the totals), go out at once; further counts are throttled', () => {
    expect(isStatusChange(undefined, base)).toBe(true);
    expect(isStatusChange({ ...base, state: 'queued' }, base)).toBe(true);
    expect(isStatusChange(base, { ...base, progress })).toBe(true);
    expect(isStatusChange({ ...base, progress }, { ...base, progress: { ...progress, bytesDone: 5 } })).toBe(false);
    expect(isStatusChange({ ...base, progress }, { ...base, state: 'done', progress: { ...progress, bytesDone: 10 } })).toBe(true);
  });
});
