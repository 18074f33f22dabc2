import { ArrowLeftRight, CircleAlert, Download, Pause, Play, RotateCcw, Upload, X } from 'lucide-react';
import type { TransferStatus } from '../../shared/model';
import { sanitizeUntrusted } from '../prompts/sanitize-untrusted';
import { Button } from '../ui/button';
import { ErrorHintLine } from '../ui/error-hint';
import { describeProgress, describeSkippedLinks } from './transfer-text';

export interface TransferRowProps {
  job: TransferStatus;
  onAction(action: 'pause' | 'resume' | 'cancel' | 'retry', job: TransferStatus): void;
}

const STATE_LABEL: Record<TransferStatus['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const DIRECTION_ICON = { upload: Upload, download: Download, remote: ArrowLeftRight, local: ArrowLeftRight } as const;

/** One job: what it copies, how far it is, and what can be done with it now. */
export function TransferRow({ job, onAction }: TransferRowProps) {
  const Icon = DIRECTION_ICON[job.direction];
  const title = sanitizeUntrusted(job.title);
  const linksText = describeSkippedLinks(job);
  const skippedLinks = linksText === undefined ? undefined : sanitizeUntrusted(linksText);
  const progress = job.progress;
  const fraction = job.state === 'done' ? 1 : progress !== undefined && progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
  const isActive = job.state === 'queued' || job.state === 'running' || job.state === 'paused';
  return (
    <li className={`transfer transfer--${job.state}`} data-testid="transfer-job" data-state={job.state} data-job-id={job.id}>
      <Icon size={15} className="transfer__icon" aria-hidden="true" />
      <div className="transfer__main">
        <div className="transfer__top">
          <span className="transfer__title mono" title={title}>
            {title}
          </span>
          <span className={`transfer__state transfer__state--${job.state}`}>{STATE_LABEL[job.state]}</span>
        </div>
        <div className="transfer__progress">
          <div
            className="transfer__bar"
            role="progressbar"
            aria-label={`${title}: progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <div className="transfer__fill" style={{ width: `${fraction * 100}%` }} />
          </div>
          <span className="transfer__meta" title={skippedLinks}>
            {describeProgress(job)}
          </span>
        </div>
        {job.error !== undefined && (
          <div className="transfer__error" data-testid="transfer-error">
            <CircleAlert size={13} aria-hidden="true" className="transfer__error-icon" />
            <span className="transfer__error-text">
              {job.error.message} <span className="transfer__code mono">{job.error.code}</span>
              {(job.errorCount ?? 0) > 1 && ` ${job.errorCount} entries failed.`}
            </span>
            {/* The row's Retry button is the control a retry or resume hint means. */}
            <ErrorHintLine hint={job.error.hint} className="transfer__hint" />
          </div>
        )}
      </div>
      <div className="transfer__actions">
        {(job.state === 'running' || job.state === 'queued') && (
          <Button variant="ghost" size="s" icon={Pause} aria-label={`Pause ${title}`} title="Pause" onClick={() => onAction('pause', job)} />
        )}
        {job.state === 'paused' && (
          <Button variant="ghost" size="s" icon={Play} aria-label={`Resume ${title}`} title="Resume" onClick={() => onAction('resume', job)} />
        )}
        {isActive && <Button variant="ghost" size="s" icon={X} aria-label={`Cancel ${title}`} title="Cancel" onClick={() => onAction('cancel', job)} />}
        {(job.state === 'failed' || job.state === 'cancelled') && (
          <Button variant="ghost" size="s" icon={RotateCcw} onClick={() => onAction('retry', job)} title="Retry: continues from what was already written">
            Retry
          </Button>
        )}
      </div>
    </li>
  );
}
