import type { FileSystem } from './file-system';
import { pathsOf } from './safe-names';

/**
 * The absolute path a person means on a side: `~` and `~/x` are under the side's home, as is a
 * relative path; `.` and `..` are folded. Links are kept as they are (the path stays the one
 * that was opened).
 */
export function expandPath(fs: FileSystem, home: string, path: string): string {
  const paths = pathsOf(fs);
  if (path === '~') return paths.resolve(home);
  if (path.startsWith('~/')) return paths.resolve(home, path.slice(2));
  return paths.resolve(home, path);
}
