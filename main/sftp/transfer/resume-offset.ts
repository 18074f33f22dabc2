import type { FileSystem } from '../protocol/file-system';
import type { PartialRecord } from './partial-record';
import { bytesIn, type ByteRange, WrittenRanges } from './written-ranges';

/** What is not vouched for is compared in about this many pieces… */
const PIECES = 64;
/** …of at most this size (a local piece is read into one buffer)… */
const MAX_PIECE_BYTES = 8 * 1024 * 1024;
/** …and at most this many in one command (its answer is 65 bytes a piece). */
const PIECES_PER_COMMAND = 256;

export interface ResumeQuery {
  src: FileSystem;
  srcPath: string;
  dst: FileSystem;
  partial: string;
  size: number;
  chunkSize: number;
  /** Requests that were in flight at once: how far back from its end a partial file of one stream may have holes. */
  depth: number;
}

/**
 * What of a partial file a resume keeps. A large file's record (partial-record.ts) vouches for
 * the ranges it lists; the rest of the partial (all of it, without a record) is compared with
 * the source piece by piece, by SHA-256 on each host (one command on a server), and every piece
 * that matches is kept too: holes may lie anywhere (blocks on several connections, writes in
 * flight when a process was killed). Where a side cannot hash (no shell), only the record is
 * kept. A file too small for a record is copied by one stream, whose holes lie only in its last
 * `depth` chunks: its resume backs off by those.
 */
export async function resumeRanges(query: ResumeQuery, record: PartialRecord | undefined): Promise<ByteRange[]> {
  const existing = await query.dst.tryLstat(query.partial);
  if (!existing || existing.type !== 'file' || existing.size > query.size) return [];
  const recorded = await record?.read(existing.size);
  const kept = new WrittenRanges(recorded ?? []);
  const matched = await matchingPieces(query, kept.holes(existing.size));
  if (matched) for (const [start, end] of matched) kept.add(start, end);
  else if (!record) {
    const window = query.chunkSize * query.depth;
    kept.add(0, Math.max(0, Math.floor((existing.size - window) / query.chunkSize) * query.chunkSize));
  }
  return kept.ranges;
}

/** The pieces of `regions` whose SHA-256 is the same on both sides; undefined where a side cannot hash. */
async function matchingPieces(query: ResumeQuery, regions: readonly ByteRange[]): Promise<ByteRange[] | undefined> {
  const { chunkSize } = query;
  const wanted = Math.ceil(bytesIn(regions) / PIECES / chunkSize) * chunkSize;
  const piece = Math.max(chunkSize, Math.min(Math.floor(MAX_PIECE_BYTES / chunkSize) * chunkSize, wanted));
  const matched: ByteRange[] = [];
  for (const [start, end] of regions) {
    // Whole pieces only: a piece that sticks out of the region is sent again.
    for (let first = Math.ceil(start / piece), last = Math.floor(end / piece); first < last; first += PIECES_PER_COMMAND) {
      const count = Math.min(PIECES_PER_COMMAND, last - first);
      const [ours, theirs] = await Promise.all([
        query.dst.sha256Pieces(query.partial, first, count, piece).catch(() => undefined),
        query.src.sha256Pieces(query.srcPath, first, count, piece).catch(() => undefined),
      ]);
      if (!ours || !theirs || ours.length !== count || theirs.length !== count) return undefined;
      ours.forEach((digest, i) => digest === theirs[i] && matched.push([(first + i) * piece, (first + i + 1) * piece]));
    }
  }
  return matched;
}
