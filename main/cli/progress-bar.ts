import type { TransferProgress } from '../sftp/transfer/transfer-progress';

const MiB = 1024 * 1024;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / 1024 / MiB).toFixed(2)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One line: `[#####-----]  45%  28.8/64.0 MiB  120.3 MiB/s  ETA 0:03  3/10 files`. */
export function renderProgressLine(progress: TransferProgress, width = 80): string {
  const fraction =
    progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : progress.filesTotal > 0 ? progress.filesDone / progress.filesTotal : 1;
  const text = ` ${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatBytes(progress.bytesDone)}/${formatBytes(progress.bytesTotal)}  ${formatBytes(progress.rate)}/s  ETA ${formatDuration(progress.etaSeconds)}  ${progress.filesDone}/${progress.filesTotal} files`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 3));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}`.slice(0, width - 1);
}

/** Draws a progress line in place on a terminal; writes nothing when it is not one. */
export class ProgressBar {
  private isDrawn = false;

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) {}

  get isEnabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(progress: TransferProgress): void {
    if (!this.isEnabled) return;
    this.out.write(`\r\x1b[K${renderProgressLine(progress, this.out.columns ?? 80)}`);
    this.isDrawn = true;
  }

  /** Leaves the last line on screen and moves below it. */
  finish(): void {
    if (this.isDrawn) this.out.write('\n');
    this.isDrawn = false;
  }
}
