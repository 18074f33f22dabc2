import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import type { ImportedHost } from '../../shared/model/host-import';
import type { ConnectionProfile } from '../../shared/model/profile';
import { destinationText } from '../import/import-plan';

/** One hop of a saved host's route, for `hosts list --json`: a saved host by reference, or an address as typed. */
export type JsonHop = { id: string; name: string | null } | { address: string };

/** `hosts list --json`, format 1: every field present (null when unset), hosts sorted by name. */
export interface HostsJson {
  version: 1;
  hosts: {
    id: string;
    name: string;
    /** `user@host:port`, with only what the host sets (no user or port: ~/.ssh/config and ssh's defaults decide). */
    address: string;
    destination: string;
    user: string | null;
    port: number | null;
    group: string | null;
    tags: string[];
    jump: JsonHop[];
    lastUsedAt: string | null;
    source: { kind: string; key: string } | null;
  }[];
  /** With --ssh-config: the concrete Host entries of ~/.ssh/config (read-only; a saved host of the same name comes first). */
  configHosts?: { alias: string; address: string; jump: string[]; isShadowed: boolean }[];
}

export function sortedHosts(hosts: ConnectionProfile[]): ConnectionProfile[] {
  return [...hosts].sort(
    (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id),
  );
}

/** The hops of a route: saved hosts by name, typed ones as typed. */
export function routeHops(host: ConnectionProfile, findProfile: (id: string) => ConnectionProfile | undefined): JsonHop[] {
  const { jump } = host;
  if (jump === undefined) return [];
  if (typeof jump === 'string')
    return jump
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && part.toLowerCase() !== 'none')
      .map((address) => ({ address }));
  return jump.map((hop) => ('destination' in hop ? { address: hop.destination } : { id: hop.profileId, name: findProfile(hop.profileId)?.name ?? null }));
}

export function addressOf(host: { destination: string; user?: string; port?: number }): string {
  return destinationText({ host: host.destination, user: host.user, port: host.port });
}

export function hostsJson(
  hosts: ConnectionProfile[],
  findProfile: (id: string) => ConnectionProfile | undefined,
  configHosts: ImportedHost[] | undefined,
): HostsJson {
  const names = new Set(hosts.map((host) => host.name));
  return {
    version: 1,
    hosts: sortedHosts(hosts).map((host) => ({
      id: host.id,
      name: host.name,
      address: addressOf(host),
      destination: host.destination,
      user: host.user ?? null,
      port: host.port ?? null,
      group: host.group ?? null,
      tags: host.tags,
      jump: routeHops(host, findProfile),
      lastUsedAt: host.lastUsedAt ?? null,
      source: host.source ?? null,
    })),
    ...(configHosts
      ? { configHosts: configHosts.map((entry) => ({ alias: entry.key, address: destinationText(entry), jump: entry.jump, isShadowed: names.has(entry.key) })) }
      : {}),
  };
}

/** "5 min ago", "3 days ago", a date past a month, "never". */
export function lastUsedText(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const seconds = (now.getTime() - Date.parse(iso)) / 1000;
  if (!Number.isFinite(seconds)) return 'unknown';
  const ago = (count: number, unit: string) => `${count} ${unit}${count === 1 || unit === 'min' || unit === 'h' ? '' : 's'} ago`;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return ago(Math.floor(seconds / 60), 'min');
  if (seconds < 86400) return ago(Math.floor(seconds / 3600), 'h');
  if (seconds < 30 * 86400) return ago(Math.floor(seconds / 86400), 'day');
  return iso.slice(0, 10);
}

interface Column {
  title: string;
  /** The width it may shrink to (with an ellipsis); a column at its minimum is never cut further. */
  min: number;
  /** Dropped when every row leaves it empty. */
  isOptional?: boolean;
}

/**
 * Rows as aligned columns within `width` (undefined: as wide as they are): the widest cells are cut
 * (with …) first, no column below its minimum; optional columns that are empty everywhere are left out.
 */
export function formatTable(columns: Column[], rows: string[][], width: number | undefined): string {
  const clean = rows.map((row) => row.map((cell) => sanitizeUntrusted(cell).replace(/\s+/g, ' ')));
  const kept = columns.map((column, index) => !column.isOptional || clean.some((row) => row[index] !== '')).flatMap((isKept, index) => (isKept ? [index] : []));
  const table = [kept.map((index) => columns[index]!.title), ...clean.map((row) => kept.map((index) => row[index]!))];
  const widths = kept.map((_, at) => Math.max(...table.map((row) => [...row[at]!].length)));
  const mins = kept.map((index, at) => Math.min(columns[index]!.min, widths[at]!));
  const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  while (width !== undefined && total() > width) {
    // The last column is not padded, so it is cut last.
    const candidates = widths.map((w, at) => ({ w, at })).filter(({ w, at }) => w > mins[at]! && at < widths.length - 1);
    const widest = candidates.sort((a, b) => b.w - a.w)[0] ?? widths.map((w, at) => ({ w, at })).filter(({ w, at }) => w > mins[at]!)[0];
    if (!widest) break;
    widths[widest.at]!--;
  }
  const fit = (cell: string, w: number) => {
    const chars = [...cell];
    return chars.length <= w ? cell : `${chars.slice(0, Math.max(0, w - 1)).join('')}…`;
  };
  return table
    .map((row) =>
      row
        .map((cell, at) => (at === row.length - 1 ? fit(cell, widths[at]!) : fit(cell, widths[at]!).padEnd(widths[at]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** The saved hosts for people: NAME, ADDRESS, GROUP, TAGS, VIA, LAST USED. */
export function hostsTable(json: HostsJson, width: number | undefined, now: Date): string {
  const columns: Column[] = [
    { title: 'NAME', min: 12 },
    { title: 'ADDRESS', min: 16 },
    { title: 'GROUP', min: 8, isOptional: true },
    { title: 'TAGS', min: 8, isOptional: true },
    { title: 'VIA', min: 10, isOptional: true },
    { title: 'LAST USED', min: 10 },
  ];
  const rows = json.hosts.map((host) => [
    host.name,
    host.address,
    host.group ?? '',
    host.tags.join(','),
    host.jump.map((hop) => ('address' in hop ? hop.address : (hop.name ?? '(removed host)'))).join(', '),
    lastUsedText(host.lastUsedAt, now),
  ]);
  return formatTable(columns, rows, width);
}

/** The ~/.ssh/config entries for people: ALIAS, ADDRESS, VIA; an alias a saved host shadows is starred. */
export function configHostsTable(json: HostsJson, width: number | undefined): string {
  const entries = json.configHosts ?? [];
  const columns: Column[] = [
    { title: 'ALIAS', min: 12 },
    { title: 'ADDRESS', min: 16 },
    { title: 'VIA', min: 10, isOptional: true },
  ];
  const rows = entries.map((entry) => [`${entry.alias}${entry.isShadowed ? ' *' : ''}`, entry.address, entry.jump.join(', ')]);
  const note = entries.some((entry) => entry.isShadowed) ? '* a saved host has this name, and jumpgate ssh NAME connects to the saved host.\n' : '';
  return formatTable(columns, rows, width) + note;
}
