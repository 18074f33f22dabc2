import { promises as fs } from 'node:fs';
import type { KnownHostRow, KnownHostsListing } from '../../../shared/model/trust';
import { readRegular } from '../../base/file-target';
import { errnoCode } from '../../base/errno';
import { fingerprintSha256 } from './host-key-format';
import { hostsFieldMatches, lookupName, parseLine, splitLines } from './known-hosts';

/**
 * Every entry of the known_hosts files, for the Known hosts page: what OpenSSH would use from each
 * line, and a search that finds hashed lines the way `ssh-keygen -F` does (by hashing the name).
 * The files are untrusted input: garbage lines are counted, never shown; huge fields are cut short.
 */

export interface ListedFile {
  file: string;
  isWritable: boolean;
}

/** Past this, a file is not read at all: no real known_hosts file is this large. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_HOSTS_CHARS = 512;
export const MAX_LISTED_ENTRIES = 5000;

export async function listKnownHosts(files: readonly ListedFile[], search?: string, limit = MAX_LISTED_ENTRIES): Promise<KnownHostsListing> {
  const query = searchOf(search);
  const listing: KnownHostsListing = { files: [], entries: [], leftOut: 0, ...(query.name !== undefined ? { searchedName: query.name } : {}) };
  for (const { file, isWritable } of files) {
    const read = await readListed(file);
    const info = { file, isWritable, exists: read.exists, ignoredLines: 0, ...(read.problem !== undefined ? { problem: read.problem } : {}) };
    listing.files.push(info);
    splitLines(read.content).forEach((raw, index) => {
      const text = raw.toString('utf8');
      const parsed = parseLine(text);
      if (parsed === null) {
        if (!/^[ \t]*(#|[\r\n]*$)/.test(text)) info.ignoredLines++;
        return;
      }
      const row = rowOf(parsed, file, index + 1, isWritable, query);
      if (row === undefined) return;
      if (listing.entries.length < limit) listing.entries.push(row);
      else listing.leftOut++;
    });
  }
  return listing;
}

/** A typed search: as a host name (`host`, `[host]:port`) that OpenSSH would look up, and as plain text. */
interface Search {
  text: string | undefined;
  name: string | undefined;
  port: number | undefined;
}

function searchOf(search: string | undefined): Search {
  const text = search?.trim().toLowerCase() || undefined;
  if (text === undefined || /[\s,*?!|]/.test(text)) return { text, name: undefined, port: undefined };
  const bracketed = /^\[([^\]]+)\]:([0-9]{1,5})$/.exec(text);
  const host = bracketed?.[1] ?? text;
  const port = bracketed ? Number(bracketed[2]) : 22;
  if (port < 1 || port > 65535) return { text, name: undefined, port: undefined };
  return { text, name: lookupName(host, port), port };
}

function rowOf(parsed: NonNullable<ReturnType<typeof parseLine>>, file: string, line: number, isWritable: boolean, query: Search): KnownHostRow | undefined {
  const isHashed = parsed.hosts.startsWith('|');
  const fingerprint = fingerprintSha256(parsed.key);
  const isNamed = query.name !== undefined && hostsFieldMatches(parsed.hosts, query.name);
  if (query.text !== undefined && !isNamed) {
    const haystack = `${isHashed ? '' : parsed.hosts.toLowerCase()} ${parsed.keyType} ${fingerprint.toLowerCase()}`;
    if (!haystack.includes(query.text)) return undefined;
  }
  return {
    file,
    line,
    hosts: isHashed ? null : shorten(parsed.hosts),
    port: isHashed ? (isNamed ? (query.port ?? null) : null) : portOf(parsed.hosts),
    marker: parsed.marker,
    keyType: parsed.keyType,
    fingerprint,
    ...(isNamed ? { matchedName: query.name } : {}),
    isWritable,
  };
}

function portOf(hosts: string): number {
  const first = hosts.split(',')[0] ?? '';
  const bracketed = /^!?\[[^\]]*\]:([0-9]{1,5})$/.exec(first);
  return bracketed ? Number(bracketed[1]) : 22;
}

function shorten(text: string): string {
  return text.length > MAX_HOSTS_CHARS ? `${text.slice(0, MAX_HOSTS_CHARS)}…` : text;
}

async function readListed(file: string): Promise<{ content: Buffer; exists: boolean; problem?: string }> {
  try {
    const stats = await fs.stat(file);
    if (stats.isFile() && stats.size > MAX_FILE_BYTES)
      return { content: Buffer.alloc(0), exists: true, problem: 'It is larger than 64 MiB, so it was not read.' };
    const read = await readRegular(file);
    if (read === 'special') return { content: Buffer.alloc(0), exists: true, problem: 'It is not a regular file, so it holds no entries.' };
    return { content: read.content, exists: true };
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { content: Buffer.alloc(0), exists: false };
    return { content: Buffer.alloc(0), exists: true, problem: `It could not be read (${code ?? 'unknown error'}).` };
  }
}
