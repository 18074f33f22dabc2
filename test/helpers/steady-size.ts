import { statSync } from 'node:fs';
import { pollUntil } from './poll-until';

/**
 * The size of `path` once it has stayed the same over ten readings in a row, 50 ms apart: for
 * "this file stopped growing" (a paused copy), polled rather than slept.
 */
export async function steadySize(path: string, timeoutMs = 30_000): Promise<number> {
  let last = -1;
  let same = 0;
  const steady = await pollUntil(
    () => {
      const now = statSync(path).size;
      same = now === last ? same + 1 : 0;
      last = now;
      return same >= 10 ? { size: now } : undefined;
    },
    { intervalMs: 50, timeoutMs, message: `${path} to stop growing` },
  );
  return steady.size;
}
