/** The code of an OS error ("ENOENT", "EACCES"), or undefined for anything that carries none. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
