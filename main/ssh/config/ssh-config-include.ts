import type { Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { type ConfigLine, configError, parseConfigText } from './ssh-config-parser';
import { errnoCode } from '../../base/errno';

/** A config file with its Include lines already read, so that evaluating it needs no I/O. */
export interface ConfigFile {
  path: string;
  lines: ConfigNode[];
}

export interface ConfigNode extends ConfigLine {
  /** For an Include line: the files it names, in glob order. */
  included?: ConfigFile[];
  /** For an Include line: its paths as anchored, globs unexpanded (a watcher notices a file added later). */
  patterns?: string[];
}

export interface ConfigTreeOptions {
  /** The user's file (~/.ssh/config or -F) rather than the system one: decides where relative Includes point. */
  isUserConfig: boolean;
  homeDir: string;
  /** Where relative Includes of the system file point (OpenSSH: /etc/ssh). */
  systemDir: string;
  /** Refuse a file someone else could have written (OpenSSH does for ~/.ssh/config and every Include). */
  isPermissionChecked: boolean;
}

/** OpenSSH's READCONF_MAX_DEPTH: also what stops a file that includes itself. */
const MAX_INCLUDE_DEPTH = 16;

/** Reads a config file and everything it includes; undefined when the file does not exist. */
export async function loadConfigTree(file: string, options: ConfigTreeOptions, depth = 0): Promise<ConfigFile | undefined> {
  const text = await readConfigText(file, options.isPermissionChecked);
  if (text === undefined) return undefined;
  const lines: ConfigNode[] = parseConfigText(text, file);
  for (const line of lines) {
    if (line.keyword !== 'include') continue;
    if (depth >= MAX_INCLUDE_DEPTH) throw configError(line.at, `Include goes deeper than ${MAX_INCLUDE_DEPTH} files; does a file include itself?`);
    if (line.args.length === 0) throw configError(line.at, 'Include needs a file name.');
    line.included = [];
    line.patterns = [];
    for (const arg of line.args) {
      const pattern = anchorIncludePath(arg, line, options);
      line.patterns.push(pattern);
      for (const match of await expandGlob(pattern)) {
        const included = await loadConfigTree(match, { ...options, isPermissionChecked: true }, depth + 1);
        if (included) line.included.push(included);
      }
    }
  }
  return { path: file, lines };
}

/** Relative Includes live in ~/.ssh for the user's file and in /etc/ssh for the system one (even under -F). */
function anchorIncludePath(arg: string, line: ConfigLine, options: ConfigTreeOptions): string {
  if (arg === '') throw configError(line.at, 'Include has an empty file name.');
  if (arg.startsWith('~')) {
    if (!options.isUserConfig) throw configError(line.at, `the system configuration cannot Include “${arg}”: use an absolute path.`);
    if (arg !== '~' && !arg.startsWith('~/')) throw configError(line.at, `“${arg}”: only ~/ (your own home) is supported.`);
    return options.homeDir + arg.slice(1);
  }
  if (path.isAbsolute(arg)) return arg;
  return path.join(options.isUserConfig ? path.join(options.homeDir, '.ssh') : options.systemDir, arg);
}

async function readConfigText(file: string, isPermissionChecked: boolean): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw unreadable(file, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) return undefined;
    if (isPermissionChecked && isWritableByOthers(stats)) {
      throw new AppError('CONFIG_INVALID', `${file} can be changed by other users, so it is not used: run chmod go-w ${file} (and check its owner).`, {
        details: { file },
      });
    }
    return await handle.readFile('utf8');
  } catch (error) {
    if (AppError.is(error)) throw error;
    throw unreadable(file, error);
  } finally {
    await handle.close();
  }
}

/** OpenSSH's rule: owned by root or by us, and not writable by group or others. */
function isWritableByOthers(stats: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  return (stats.uid !== 0 && stats.uid !== uid) || (stats.mode & 0o022) !== 0;
}

function unreadable(file: string, error: unknown): AppError {
  return new AppError('CONFIG_INVALID', `Cannot read the SSH configuration file ${file} (${errnoCode(error) ?? 'unknown error'}).`, {
    details: { file },
    cause: error,
  });
}

/**
 * glob(3) as OpenSSH calls it: `*`, `?` and `[...]` within one path component, names starting
 * with '.' only matched by a pattern starting with '.', results sorted; no match is no file.
 */
async function expandGlob(pattern: string): Promise<string[]> {
  const root = path.parse(pattern).root;
  const parts = pattern
    .slice(root.length)
    .split(/[\\/]+/)
    .filter((part) => part !== '');
  let bases = [root];
  for (const part of parts) {
    if (!/[*?[]/.test(part)) {
      bases = bases.map((base) => path.join(base, part));
      continue;
    }
    const matches = globNameMatcher(part);
    const next: string[] = [];
    for (const base of bases) {
      let entries: Dirent[];
      try {
        entries = await readdir(base, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (matches(entry.name)) next.push(path.join(base, entry.name));
      }
    }
    bases = next;
  }
  return bases.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether a name matches one component of a glob (`*`, `?`, `[...]`; a leading '.' only by a pattern starting with '.'). */
export function globNameMatcher(part: string): (name: string) => boolean {
  const regex = globPartToRegex(part);
  return (name) => !(name.startsWith('.') && !part.startsWith('.')) && regex.test(name);
}

function globPartToRegex(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i++) {
    const char = part[i]!;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = part.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = part.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
