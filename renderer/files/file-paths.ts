/*
 * Paths as main reports them: POSIX on a server, and on this computer whatever the OS uses
 * (`C:\Users\me` on Windows). The renderer only needs a parent and a child of a listed directory.
 */

/** `\` when the path is a Windows one (a drive or no forward slash), else `/`. */
export function separatorOf(path: string): '/' | '\\' {
  return /^[A-Za-z]:\\/.test(path) || (path.includes('\\') && !path.includes('/')) ? '\\' : '/';
}

/** The directory that holds `path`; a root is its own parent. */
export function parentOf(path: string): string {
  const sep = separatorOf(path);
  const trimmed = path.length > 1 && path.endsWith(sep) && !isRoot(path) ? path.slice(0, -1) : path;
  if (isRoot(trimmed)) return trimmed;
  const at = trimmed.lastIndexOf(sep);
  if (at < 0) return trimmed;
  const parent = trimmed.slice(0, at);
  if (parent === '') return sep;
  // `C:` alone means the drive's current directory: the parent of `C:\Users` is `C:\`.
  return /^[A-Za-z]:$/.test(parent) ? `${parent}\\` : parent;
}

export function isRoot(path: string): boolean {
  return path === '/' || /^[A-Za-z]:\\?$/.test(path);
}

/** `dir` + `name` with the directory's separator. */
export function joinPath(dir: string, name: string): string {
  const sep = separatorOf(dir);
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** Why a name typed for a new folder or a rename cannot be used; undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Type a name.';
  if (name === '.' || name === '..') return 'That name is taken by the directory itself.';
  if (name.includes('/') || name.includes('\\')) return 'A name cannot contain / or \\.';
  if (name.includes('\0')) return 'A name cannot contain NUL.';
  return undefined;
}
