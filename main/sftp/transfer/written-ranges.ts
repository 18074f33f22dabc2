/** Bytes [start, end) of a file. */
export type ByteRange = readonly [start: number, end: number];

/**
 * The parts of a partial file known to be written, merged and in order. Chunks finish out of
 * order (many requests in flight, blocks on several connections), so there may be holes
 * anywhere; the end of the contiguous prefix is as far as a hash that follows the written bytes
 * can read, and where a stopped single-stream copy is cut back to.
 */
export class WrittenRanges {
  private readonly list: [number, number][] = [];

  constructor(
    initial: readonly ByteRange[] = [],
    /** Told each time the prefix grows. */
    private readonly onAdvance: (offset: number) => void = () => {},
  ) {
    for (const [start, end] of initial) this.insert(start, end);
  }

  /** The end of the written prefix [0, offset). */
  get offset(): number {
    const first = this.list[0];
    return first?.[0] === 0 ? first[1] : 0;
  }

  get ranges(): ByteRange[] {
    return this.list.map(([start, end]): ByteRange => [start, end]);
  }

  /** Records that [start, end) is written. */
  add(start: number, end: number): void {
    const before = this.offset;
    this.insert(start, end);
    if (this.offset !== before) this.onAdvance(this.offset);
  }

  /** What is not written of [0, size), in order. */
  holes(size: number): ByteRange[] {
    const holes: ByteRange[] = [];
    let at = 0;
    for (const [start, end] of this.list) {
      if (start >= size) break;
      if (start > at) holes.push([at, start]);
      at = Math.max(at, end);
    }
    if (at < size) holes.push([at, size]);
    return holes;
  }

  private insert(start: number, end: number): void {
    if (end <= start) return;
    // The first range that ends at or after `start`: it and those after it that begin by `end` merge.
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.list[middle]![1] < start) low = middle + 1;
      else high = middle;
    }
    let last = low;
    let merged: [number, number] = [start, end];
    while (last < this.list.length && this.list[last]![0] <= end) {
      merged = [Math.min(merged[0], this.list[last]![0]), Math.max(merged[1], this.list[last]![1])];
      last++;
    }
    this.list.splice(low, last - low, merged);
  }
}

/** How many bytes `ranges` cover. */
export function bytesIn(ranges: readonly ByteRange[]): number {
  return ranges.reduce((sum, [start, end]) => sum + end - start, 0);
}
