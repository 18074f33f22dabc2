import { describe, expect, it } from 'vitest';
import { renderProgressLine } from '../../../../../main/cli/progress-bar';
import { etaOf, RateMeter } from '../../../../../main/sftp/transfer/transfer-progress';

describe('progress', () => {
  it('measures a rate over a sliding window', () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    meter.sample(0);
    now = 1000;
    expect(meter.sample(10 * 1024 * 1024)).toBe(10 * 1024 * 1024);
    now = 2000;
    expect(meter.sample(30 * 1024 * 1024)).toBe(15 * 1024 * 1024);
    expect(etaOf(30, 15)).toBe(2);
    expect(etaOf(30, 0)).toBeUndefined();
  });

  it('renders one line with percentage, bytes, rate, ETA and files', () => {
    const line = renderProgressLine(
      { bytesDone: 32 * 1024 * 1024, bytesTotal: 64 * 1024 * 1024, filesDone: 1, filesTotal: 3, filesSkipped: 0, rate: 100 * 1024 * 1024, etaSeconds: 65 },
      120,
    );
    expect(line).toMatch(/^\[#+-+\]  50%  32\.0 MiB\/64\.0 MiB  100\.0 MiB\/s  ETA 1:05  1\/3 files$/);
  });
});
