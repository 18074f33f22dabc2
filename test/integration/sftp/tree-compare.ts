import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface TreeEntry {
  type: 'file' | 'directory' | 'symlink';
  mode?: number;
  mtime?: number;
  sha256?: string;
  target?: string;
}

/** Every entry under `root` by relative path: type, content hash, link target, and (by option) mode and mtime. */
export function describeTree(root: string, { withMeta = false } = {}): Record<string, TreeEntry> {
  const out: Record<string, TreeEntry> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const stats = lstatSync(path);
      const meta = withMeta ? { mode: stats.mode & 0o7777, mtime: Math.floor(stats.mtimeMs / 1000) } : {};
      if (stats.isSymbolicLink()) out[rel] = { type: 'symlink', target: readlinkSync(path) };
      else if (stats.isDirectory()) {
        out[rel] = { type: 'directory', ...(withMeta ? { mode: meta.mode } : {}) };
        walk(path, rel);
      } else out[rel] = { type: 'file', sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), ...meta };
    }
  };
  walk(root, '');
  return out;
}
