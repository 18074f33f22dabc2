import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A private copy of /dev/null (character device 1,3) in `dir`, for tests of what must never
 * replace a device: a regression then breaks the copy, not the machine's /dev/null. Only root
 * can make one, and only where the container allows mknod; undefined otherwise.
 */
export function makeNullDevice(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const path = join(dir, 'null');
  try {
    execFileSync('mknod', ['-m', '666', path, 'c', '1', '3'], { stdio: 'ignore' });
    return path;
  } catch {
    return undefined;
  }
}
