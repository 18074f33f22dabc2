import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface StaticFile {
  handle: FileHandle;
  size: number;
  type: string;
}

/**
 * Opens the file a URL path names inside `root`, or nothing. The name is checked as written, then
 * as it really is: a link inside the folder that leads out of it (to a file, or a folder on the
 * way) is not followed, and the file is opened without following a last link put there after the
 * check. Only regular files.
 */
export async function openStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep) || relative.includes('\0')) return undefined;
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]).catch(() => []);
  if (realRoot === undefined || realFile === undefined || !realFile.startsWith(realRoot + sep)) return undefined;
  const handle = await open(realFile, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (handle === undefined) return undefined;
  const info = await handle.stat().catch(() => undefined);
  if (!info?.isFile()) {
    await handle.close();
    return undefined;
  }
  return { handle, size: info.size, type: STATIC_TYPES[extname(file)] ?? 'application/octet-stream' };
}

/** Serves one file of the built renderer; never anything outside `root`. */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse, headers: Record<string, string>): Promise<void> {
  const found = await openStaticFile(root, urlPath);
  if (found === undefined) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, { ...headers, 'content-type': found.type, 'content-length': String(found.size) });
  found.handle.createReadStream().pipe(response);
}
