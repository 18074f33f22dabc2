/** Totals for one job (or for the whole queue), as the UI and the CLI show them. */
export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  filesSkipped: number;
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
}

const WINDOW_MS = 3_000;

/** Measures a rate over a sliding window of samples. */
export class RateMeter {
  private readonly samples: { at: number; bytes: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records the running total of bytes and returns bytes per second. */
  sample(totalBytes: number): number {
    const at = this.now();
    this.samples.push({ at, bytes: totalBytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    return elapsed > 0 ? (totalBytes - first.bytes) / elapsed : 0;
  }
}

export function etaOf(remainingBytes: number, rate: number): number | undefined {
  return rate > 0 ? remainingBytes / rate : undefined;
}
