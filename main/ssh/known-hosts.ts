import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import {
  HASHED_NAME_SALT_LENGTH,
  decodeStrictBase64,
  hashKnownHostsName,
  hashedNameMatches,
  isWellFormedKeyBlob,
  keyTypeOfBlob,
  knownHostsHostName,
} from './host-key-format';

/**
 * OpenSSH-compatible known_hosts files: the same lines match the same hosts as in
 * OpenSSH 9.2 (`ssh`, `ssh-keygen -F/-R`), and writes keep every other byte of the file.
 */

export interface KnownHostEntry {
  file: string;
  /** 1-based, as OpenSSH and editors count lines. */
  line: number;
  marker: 'revoked' | 'cert-authority' | null;
  keyType: string;
  key: Buffer;
  isHashed: boolean;
}

export type HostKeyCheck =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'changed'; entries: KnownHostEntry[] }
  | { status: 'unknown' };

/** Where `add` put the line; nothing is written to a path that is not a regular file (/dev/null, a FIFO). */
export type SaveResult = { isSaved: true; file: string; line: number } | { isSaved: false; file: string; reason: string; line?: undefined };

export interface KnownHostsOptions {
  /** All are read; the first is the one `add` and `remove` write. */
  userFiles: string[];
  /** Read only, like /etc/ssh/ssh_known_hosts. */
  globalFiles?: string[];
}

interface ParsedLine {
  marker: KnownHostEntry['marker'];
  hosts: string;
  keyType: string;
  key: Buffer;
}

const MARKERS: Record<string, KnownHostEntry['marker']> = {
  '@revoked': 'revoked',
  '@cert-authority': 'cert-authority',
};

/** Signature-only names OpenSSH accepts in place of 'ssh-rsa' on a key line. */
const RSA_ALIASES = new Set(['rsa-sha2-256', 'rsa-sha2-512']);

const NEW_FILE_MODE = 0o600;
const NEW_DIRECTORY_MODE = 0o700;
const NEWLINE = 0x0a;

/** Per-file queue: two writers in one process would otherwise each rename away the other's line. */
const fileQueues = new Map<string, Promise<unknown>>();

/**
 * The name and port a hop's key is filed under: its HostKeyAlias (with port 22, as OpenSSH does)
 * or its real host and port — never the address of a tunnel it is reached through.
 */
export function hostKeyNameOf(spec: { host: string; port: number; hostKeyAlias?: string | undefined }): { host: string; port: number } {
  return spec.hostKeyAlias !== undefined ? { host: spec.hostKeyAlias, port: 22 } : { host: spec.host, port: spec.port };
}

export class KnownHosts {
  private readonly userFiles: readonly string[];
  private readonly globalFiles: readonly string[];

  constructor(options: KnownHostsOptions) {
    this.userFiles = [...options.userFiles];
    this.globalFiles = [...(options.globalFiles ?? [])];
  }

  /** Every line naming the host, from every file, read now: OpenSSH may have changed them since. */
  async lookup(host: string, port: number): Promise<KnownHostEntry[]> {
    const name = lookupName(host, port);
    const perFile = await Promise.all(
      [...this.userFiles, ...this.globalFiles].map(async (file) => matchingEntries(file, await readForLookup(file), name)),
    );
    return perFile.flat();
  }

  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    const entries = await this.lookup(host, port);
    const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.key.equals(keyBlob));
    if (revoked) return { status: 'revoked', entry: revoked };
    // Certificate authorities are skipped: ssh2 cannot verify host certificates.
    const plain = entries.filter((entry) => entry.marker === null);
    const known = plain.find((entry) => entry.key.equals(keyBlob));
    if (known) return { status: 'known', entry: known };
    // A key of another type counts as changed too, as in OpenSSH 9.2: an attacker would
    // otherwise just offer a type the user has not stored yet.
    if (plain.length > 0) return { status: 'changed', entries: plain };
    return { status: 'unknown' };
  }

  /** Types of the keys stored for the host, so that they can be preferred in the handshake. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const entries = await this.lookup(host, port);
    return [...new Set(entries.filter((entry) => entry.marker === null).map((entry) => entry.keyType))];
  }

  async add(host: string, port: number, keyBlob: Buffer, options: { hash?: boolean } = {}): Promise<SaveResult> {
    const file = this.writableFile();
    const keyType = keyTypeOfBlob(keyBlob);
    if (!isWellFormedKeyBlob(keyBlob)) {
      // OpenSSH would skip such a line, and so would we: saving it would only pretend to trust the host.
      throw new AppError('INVALID_ARGUMENT', `The ${keyType} host key is not a complete public key, so it cannot be saved.`);
    }
    const name = lookupName(host, port);
    const hosts = options.hash ? hashKnownHostsName(name, randomBytes(HASHED_NAME_SALT_LENGTH)) : name;
    const newLine = Buffer.from(`${hosts} ${keyType} ${keyBlob.toString('base64')}\n`, 'utf8');
    return serialized(file, async () => {
      const current = await readForWrite(file, 'save the host key to');
      if (current.isSpecial) return { isSaved: false, file, reason: notRegular(file) };
      const separator = current.content.length > 0 && current.content.at(-1) !== NEWLINE ? Buffer.from('\n') : Buffer.alloc(0);
      const content = Buffer.concat([current.content, separator, newLine]);
      await writeAtomically(file, current, content, 'save the host key to');
      return { isSaved: true, file, line: countLines(content) };
    });
  }

  /** Like `ssh-keygen -R`: drops every unmarked line naming the host, hashed or not, from the first user file. */
  async remove(host: string, port: number): Promise<number> {
    const file = this.writableFile();
    const name = lookupName(host, port);
    return serialized(file, async () => {
      const current = await readForWrite(file, 'remove the host key from');
      if (current.isSpecial) return 0;
      const lines = splitLines(current.content);
      const kept = lines.filter((raw) => {
        const parsed = parseLine(raw.toString('utf8'));
        return parsed === null || parsed.marker !== null || !hostsFieldMatches(parsed.hosts, name);
      });
      const removed = lines.length - kept.length;
      if (removed > 0) await writeAtomically(file, current, Buffer.concat(kept), 'remove the host key from');
      return removed;
    });
  }

  private writableFile(): string {
    const file = this.userFiles[0];
    if (file === undefined) {
      throw new AppError('KNOWN_HOSTS_WRITE_FAILED', 'There is no known_hosts file to save host keys to. Set UserKnownHostsFile.');
    }
    return file;
  }
}

/** ssh lowercases the host before every known_hosts lookup; hashed names depend on it. */
function lookupName(host: string, port: number): string {
  return knownHostsHostName(host.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()), port);
}

function matchingEntries(file: string, content: Buffer, name: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  splitLines(content).forEach((raw, index) => {
    const parsed = parseLine(raw.toString('utf8'));
    if (parsed === null || !hostsFieldMatches(parsed.hosts, name)) return;
    const { marker, keyType, key, hosts } = parsed;
    entries.push({ file, line: index + 1, marker, keyType, key, isHashed: hosts.startsWith('|') });
  });
  return entries;
}

/**
 * One known_hosts line, or null for comments, blank and malformed lines. What counts as
 * malformed follows OpenSSH's parser: an unknown marker, a missing field, an unknown key
 * type, or a key whose base64 or blob does not match its type.
 */
function parseLine(text: string): ParsedLine | null {
  // A CRLF line still parses in OpenSSH, so the carriage return is trailing space here too.
  const fields = text.replace(/^[ \t]+/, '').replace(/[ \t\r\n]+$/, '').split(/[ \t]+/);
  if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return null;
  let marker: ParsedLine['marker'] = null;
  if (fields[0].startsWith('@')) {
    marker = MARKERS[fields[0]] ?? null;
    if (marker === null) return null;
    fields.shift();
  }
  const [hosts, declaredType, base64] = fields;
  if (hosts === undefined || declaredType === undefined || base64 === undefined) return null;
  const key = decodeStrictBase64(base64);
  if (key === null || !isWellFormedKeyBlob(key)) return null;
  const keyType = keyTypeOfBlob(key);
  if (declaredType !== keyType && !(keyType === 'ssh-rsa' && RSA_ALIASES.has(declaredType))) return null;
  return { marker, hosts, keyType, key };
}

/** OpenSSH treats a field starting with '|' as one hashed name, never as a pattern list. */
function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedNameMatches(hosts, name);
  return matchPatternList(name, hosts);
}

/**
 * match_hostname() of OpenSSH: comma-separated patterns, compared without ASCII case; any
 * matching `!pattern` rejects the whole line, otherwise one plain match is enough.
 */
function matchPatternList(name: string, list: string): boolean {
  let isMatched = false;
  for (const item of list.split(',')) {
    const isNegated = item.startsWith('!');
    const pattern = (isNegated ? item.slice(1) : item).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    if (!wildcardRegExp(pattern).test(name)) continue;
    if (isNegated) return false;
    isMatched = true;
  }
  return isMatched;
}

/** `*` and `?` are the only special characters; brackets and dots are literal, as in `[host]:2222`. */
function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) => (char === '*' ? '.*' : char === '?' ? '.' : `\\${char}`));
  return new RegExp(`^${source}$`, 's');
}

/** The lines of a file, each with its own terminator, so that joining them gives back the same bytes. */
function splitLines(content: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < content.length) {
    const newline = content.indexOf(NEWLINE, start);
    const end = newline === -1 ? content.length : newline + 1;
    lines.push(content.subarray(start, end));
    start = end;
  }
  return lines;
}

function countLines(content: Buffer): number {
  return splitLines(content).length;
}

/**
 * Reads a known_hosts file if it is a regular file. Anything else holds no entries: /dev/null
 * reads empty anyway, and a FIFO would never end. Opened without blocking so that a FIFO with no
 * writer does not hang the check, and checked through the handle so that the file read is the
 * one examined.
 */
async function readRegular(file: string): Promise<{ content: Buffer; mode: number } | 'special'> {
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return 'special';
    return { content: await handle.readFile(), mode: stats.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

/** A file that cannot be read holds no entries for lookup: the caller will see the host as unknown. */
async function readForLookup(file: string): Promise<Buffer> {
  try {
    const read = await readRegular(file);
    return read === 'special' ? Buffer.alloc(0) : read.content;
  } catch {
    return Buffer.alloc(0);
  }
}

interface CurrentFile {
  /** The path the rename replaces: the target of a symlink, so that dotfile links survive. */
  target: string;
  content: Buffer;
  mode: number;
  exists: boolean;
  /** Not a regular file (/dev/null, a FIFO, a device): read, never written or replaced. */
  isSpecial: boolean;
}

async function readForWrite(file: string, action: string): Promise<CurrentFile> {
  let target = file;
  try {
    target = await linkTarget(file);
    const read = await readRegular(target);
    if (read === 'special') return { target, content: Buffer.alloc(0), mode: NEW_FILE_MODE, exists: true, isSpecial: true };
    return { target, content: read.content, mode: read.mode, exists: true, isSpecial: false };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { target, content: Buffer.alloc(0), mode: NEW_FILE_MODE, exists: false, isSpecial: false };
    throw writeFailed(file, action, error);
  }
}

/** The file a path names after every symbolic link, a dangling one included (its target is then created, as `ssh` does). */
async function linkTarget(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let links = 0; links < 40; links++) {
    try {
      return await fs.realpath(current);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    let next: string;
    try {
      next = await fs.readlink(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), next);
  }
  throw Object.assign(new Error(`Too many symbolic links at ${file}`), { code: 'ELOOP' });
}

function notRegular(file: string): string {
  return `${file} is not a regular file (such as /dev/null), so Jumpgate reads it but never writes it`;
}

/**
 * Replaces the file through a temporary file in the same directory, so that a crash or a
 * full disk leaves either the old file or the new one, never half of one.
 */
async function writeAtomically(file: string, current: CurrentFile, content: Buffer, action: string): Promise<void> {
  const directory = path.dirname(current.target);
  const temp = path.join(directory, `.${path.basename(current.target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    if (!current.exists) await fs.mkdir(directory, { recursive: true, mode: NEW_DIRECTORY_MODE });
    handle = await fs.open(temp, 'wx', current.mode);
    await handle.writeFile(content);
    // The umask may have narrowed the mode given to open(); the file keeps the one it had.
    await handle.chmod(current.mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Whatever else appeared at the target meanwhile (a device, a FIFO) is never replaced.
    const now = await fs.lstat(current.target).catch(() => undefined);
    if (now !== undefined && !now.isFile()) throw new AppError('KNOWN_HOSTS_WRITE_FAILED', `Could not ${action} ${file}: ${notRegular(file)}.`, { details: { file } });
    await fs.rename(temp, current.target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw AppError.is(error) ? error : writeFailed(file, action, error);
  }
  await syncDirectory(directory);
}

/** Makes the rename itself durable; not every platform can open a directory, and that is fine. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await fs.open(directory, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // The file is already in place; only durability across a power cut is at stake.
  }
}

function serialized<T>(file: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const result = (fileQueues.get(key) ?? Promise.resolve()).then(task, task);
  const settled = result.catch(() => undefined);
  fileQueues.set(key, settled);
  void settled.then(() => {
    if (fileQueues.get(key) === settled) fileQueues.delete(key);
  });
  return result;
}

const OS_REASONS: Record<string, string> = {
  EACCES: "permission denied. Check the file's permissions",
  EPERM: "permission denied. Check the file's permissions",
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full. Free some space and try again',
  EDQUOT: 'the disk quota is exhausted. Free some space and try again',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'its path has a symbolic link loop',
};

function writeFailed(file: string, action: string, error: unknown): AppError {
  const code = errorCode(error);
  const reason = (code !== undefined ? OS_REASONS[code] : undefined) ?? `the system reported ${code ?? 'an unknown error'}`;
  return new AppError('KNOWN_HOSTS_WRITE_FAILED', `Could not ${action} ${file}: ${reason}.`, {
    details: { file, osCode: code },
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
