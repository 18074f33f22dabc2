import type { FileSystem } from './file-system';

/** The tail is compared in this many pieces; what follows the last matching one is sent again. */
const TAIL_PIECES = 16;

export interface ResumeQuery {
  src: FileSystem;
  srcPath: string;
  dst: FileSystem;
  partial: string;
  size: number;
  chunkSize: number;
  /** Requests that were in flight at once: how far back from its end a partial file may have holes. */
  depth: number;
}

/**
 * Where a resume continues. A stopped copy cuts its partial file back to its written prefix,
 * but one whose destination vanished (a cut upload, a killed process) may have holes in its
 * last `depth` chunks: that tail is compared piece by piece, by SHA-256 on each host (one
 * command on a server), and the copy continues after the last piece that matches. Where a side
 * cannot hash (no shell), it backs off by the whole tail instead.
 */
export async function resumeOffset(query: ResumeQuery): Promise<number> {
  const existing = await query.dst.tryLstat(query.partial);
  if (!existing || existing.type !== 'file' || existing.size > query.size) return 0;
  const window = query.chunkSize * query.depth;
  const fallback = Math.max(0, Math.floor((existing.size - window) / query.chunkSize) * query.chunkSize);
  const piece = Math.max(query.chunkSize, Math.ceil(window / TAIL_PIECES / query.chunkSize) * query.chunkSize);
  const first = Math.floor(fallback / piece);
  const count = Math.floor(existing.size / piece) - first;
  if (count <= 0) return fallback;
  const [ours, theirs] = await Promise.all([
    query.dst.sha256Pieces(query.partial, first, count, piece).catch(() => undefined),
    query.src.sha256Pieces(query.srcPath, first, count, piece).catch(() => undefined),
  ]);
  if (!ours || !theirs || ours.length !== count || theirs.length !== count) return fallback;
  let matched = 0;
  while (matched < count && ours[matched] === theirs[matched]) matched++;
  return Math.max(fallback, (first + matched) * piece);
}
