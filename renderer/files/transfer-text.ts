/* What the transfer queue says about its jobs, as plain functions (tested without a DOM). */
import type { TransferStatus } from '../../shared/model';
import { formatBytes, formatEta, formatRate } from './file-format';
import type { QueueTotals } from './transfer-store';

/** `12 MB of 30 MB · 3 of 10 files · 5 MB/s · 4 s left`, or what a finished job did. */
export function describeProgress(job: TransferStatus): string {
  const result = job.result;
  if (job.state === 'done' && result !== undefined) {
    const skipped = result.filesSkipped > 0 ? ` · ${result.filesSkipped} skipped` : '';
    return `${formatBytes(result.bytes)} · ${result.filesCopied} ${result.filesCopied === 1 ? 'file' : 'files'} copied${skipped}`;
  }
  const p = job.progress;
  if (p === undefined) return job.state === 'queued' ? 'Waiting for a free slot' : '';
  const parts = [`${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`, `${p.filesDone} of ${p.filesTotal} ${p.filesTotal === 1 ? 'file' : 'files'}`];
  if (p.filesSkipped > 0) parts.push(`${p.filesSkipped} skipped`);
  if (job.state === 'running') {
    parts.push(formatRate(p.rate));
    if (p.etaSeconds !== undefined) parts.push(`${formatEta(p.etaSeconds)} left`);
  }
  return parts.join(' · ');
}

/** `1 running · 12 MB of 30 MB · 5 MB/s · 4 s left`, over the jobs not finished. */
export function describeTotals(totals: QueueTotals): string {
  if (totals.active === 0) return totals.finished > 0 ? `${totals.finished} finished` : '';
  const parts = [`${totals.running} running`, `${formatBytes(totals.bytesDone)} of ${formatBytes(totals.bytesTotal)}`];
  if (totals.rate > 0) parts.push(formatRate(totals.rate));
  if (totals.etaSeconds !== undefined) parts.push(`${formatEta(totals.etaSeconds)} left`);
  return parts.join(' · ');
}
