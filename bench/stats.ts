export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `fn` `runs` times after one warm-up and returns each duration in ms. */
export async function timeRuns(runs: number, fn: () => Promise<void>): Promise<number[]> {
  await fn();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  return durations;
}

export interface BenchRow {
  name: string;
  ours: number;
  theirs: number;
  unit: string;
  /** 'lower' when a smaller number is better (latency), 'higher' for throughput. */
  better: 'lower' | 'higher';
  note?: string;
  /** Lowest and highest of the runs, ours then theirs, in `unit`: how far to trust the median. */
  spread?: { ours: [number, number]; theirs: [number, number] };
}

/** Prints rows as a table with the ratio "how many times OpenSSH's speed we reach" (>1 = faster). */
export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  console.log(`${'case'.padEnd(46)} ${'jumpgate'.padStart(12)} ${'openssh'.padStart(12)}  speed vs openssh`);
  for (const row of rows) {
    const speed = row.better === 'lower' ? row.theirs / row.ours : row.ours / row.theirs;
    const fmt = (v: number) => `${v.toFixed(1)} ${row.unit}`.padStart(12);
    const range = (r: [number, number]) => `${r[0].toFixed(0)}–${r[1].toFixed(0)}`;
    const spread = row.spread ? `  [runs: ${range(row.spread.ours)} vs ${range(row.spread.theirs)}]` : '';
    console.log(`${row.name.padEnd(46)} ${fmt(row.ours)} ${fmt(row.theirs)}  ${speed.toFixed(2)}×${row.note ? `  (${row.note})` : ''}${spread}`);
  }
}
