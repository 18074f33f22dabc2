/* What the transfer queue says about its jobs, as plain functions (tested without a DOM). */
import type { TransferStatus } from '../../shared/model';
import { formatBytes, formatEta, formatRate } from './file-format';
import type { QueueTotals } from './transfer-store';

/** `12 MB of 30 MB · 3 of 10 files · 5 MB/s · 4 s left`, or what a finished job did. */
export function describeProgress(job: TransferStatus): string {
  const result = job.result;
  if (job.state === 'done' && result !== undefined) {
    const skipped = result.filesSkipped > 0 ? ` · ${result.filesSkipped} skipped` : '';
    const links = result.linksSkipped
      ? ` · ${result.linksSkipped.count} ${result.linksSkipped.count === 1 ? 'link' : 'links'} pointing outside not copied`
      : '';
    return `${formatBytes(result.bytes)} · ${result.filesCopied} ${result.filesCopied === 1 ? 'file' : 'files'} copied${skipped}${links}`;
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

/** The links a finished job did not recreate (they point outside the copy), one `path → target` a line, for a tooltip. */
export function describeSkippedLinks(job: TransferStatus): string | undefined {
  const links = job.result?.linksSkipped;
  if (!links) return undefined;
  const more = links.count > links.first.length ? [`and ${links.count - links.first.length} more`] : [];
  return ['Links not copied: they point outside what was copied.', ...links.first.map((l) => `${l.path} → ${l.target}`), ...more].join('\n');
}

/** `1 running · 12 MB of 30 MB · 5 MB/s · 4 s left`, over the jobs not finished. */
export function describeTotals(totals: QueueTotals): string {
  if (totals.active === 0) return totals.finished > 0 ? `${totals.finished} finished` : '';
  const parts = [`${totals.running} running`, `${formatBytes(totals.bytesDone)} of ${formatBytes(totals.bytesTotal)}`];
  if (totals.rate > 0) parts.push(formatRate(totals.rate));
  if (totals.etaSeconds !== undefined) parts.push(`${formatEta(totals.etaSeconds)} left`);
  return parts.join(' · ');
}
