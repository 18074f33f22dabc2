import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  HASHED_NAME_SALT_LENGTH,
  decodeStrictBase64,
  hashKnownHostsName,
  hashedNameMatches,
  isWellFormedKeyBlob,
  keyTypeOfBlob,
  knownHostsHostName,
} from './host-key-format';
import { serializedPerFile } from '../../base/serialized-per-file';
import { notRegular, readForLookup, readForWrite, writeAtomically } from './known-hosts-file';
import { matchesWildcard } from '../../base/wildcard';

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

export interface ParsedLine {
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

const NEWLINE = 0x0a;

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
    const perFile = await Promise.all([...this.userFiles, ...this.globalFiles].map(async (file) => matchingEntries(file, await readForLookup(file), name)));
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
    return serializedPerFile(file, async () => {
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
    return serializedPerFile(file, async () => {
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
export function lookupName(host: string, port: number): string {
  return knownHostsHostName(
    host.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()),
    port,
  );
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
export function parseLine(text: string): ParsedLine | null {
  // A CRLF line still parses in OpenSSH, so the carriage return is trailing space here too.
  const fields = text
    .replace(/^[ \t]+/, '')
    .replace(/[ \t\r\n]+$/, '')
    .split(/[ \t]+/);
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
export function hostsFieldMatches(hosts: string, name: string): boolean {
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
    if (!matchesWildcard(name, pattern)) continue;
    if (isNegated) return false;
    isMatched = true;
  }
  return isMatched;
}

/** The lines of a file, each with its own terminator, so that joining them gives back the same bytes. */
export function splitLines(content: Buffer): Buffer[] {
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
