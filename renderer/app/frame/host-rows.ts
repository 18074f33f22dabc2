import type { ConnectionProfile } from '../../../shared/model';
import type { ImportedHost } from '../../../shared/model/host-import';
import { formatDestination } from '../../connections/destination';

export type HostSort = 'name' | 'last-used';

/** The read-only group of ~/.ssh/config's hosts, after the saved hosts' groups; also its key among the folded groups. */
export const CONFIG_GROUP = '~/.ssh/config';

/**
 * One line of the hosts tree: a group's heading, or a host (in a group, or ungrouped at the top);
 * after them, the heading of ~/.ssh/config's group and its hosts.
 */
export type HostRow =
  | { kind: 'group'; group: string; hosts: readonly ConnectionProfile[]; isCollapsed: boolean }
  | { kind: 'host'; profile: ConnectionProfile; group: string | undefined }
  | { kind: 'config-group'; group: typeof CONFIG_GROUP; hosts: readonly ImportedHost[]; isCollapsed: boolean }
  | { kind: 'config-host'; host: ImportedHost };

export interface HostView {
  query: string;
  sort: HostSort;
  /** Groups folded shut; a search shows its matches in them anyway. */
  collapsed: ReadonlySet<string>;
}

const compareNames = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

/**
 * Every word of the query must be found (case-insensitively, anywhere) in the host's name,
 * address, user, group or one of its tags: "prod db" finds the database hosts tagged prod.
 */
export function matchesQuery(profile: ConnectionProfile, query: string): boolean {
  return matchesWords([profile.name, profile.destination, formatDestination(profile), profile.user ?? '', profile.group ?? '', ...profile.tags], query);
}

/** The same search over a ~/.ssh/config host: its alias, address (`user@host:port`), user and the group's name. */
export function matchesConfigQuery(host: ImportedHost, query: string): boolean {
  return matchesWords([host.key, configAddress(host), CONFIG_GROUP], query);
}

function matchesWords(fields: readonly string[], query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields.join('\n').toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Where a ~/.ssh/config host goes, as far as the file says: `user@host:port` (no user: the local one; no port: 22). */
export function configAddress(host: Pick<ImportedHost, 'user' | 'host' | 'port'>): string {
  return formatDestination({ user: host.user, host: host.host, port: host.port });
}

/** By name; or the most recently used first, the never used after them by name. */
export function sortHosts(profiles: readonly ConnectionProfile[], sort: HostSort): ConnectionProfile[] {
  const byName = (a: ConnectionProfile, b: ConnectionProfile): number => compareNames(a.name, b.name);
  if (sort === 'name') return [...profiles].sort(byName);
  return [...profiles].sort((a, b) => {
    if (a.lastUsedAt === b.lastUsedAt) return byName(a, b);
    if (a.lastUsedAt === undefined) return 1;
    if (b.lastUsedAt === undefined) return -1;
    return a.lastUsedAt < b.lastUsedAt ? 1 : -1;
  });
}

/**
 * The rows the sidebar shows: ungrouped hosts first, then each group (by name) with its hosts
 * unless folded, then ~/.ssh/config's concrete hosts (by alias; a jump host named only in a
 * ProxyJump is not one of them).
 */
export function hostRows(profiles: readonly ConnectionProfile[], view: HostView, configHosts: readonly ImportedHost[] = []): HostRow[] {
  const isSearching = view.query.trim() !== '';
  const sorted = sortHosts(
    profiles.filter((profile) => matchesQuery(profile, view.query)),
    view.sort,
  );
  const groups = new Map<string, ConnectionProfile[]>();
  const rows: HostRow[] = [];
  for (const profile of sorted) {
    const group = profile.group?.trim() ?? '';
    if (group === '') rows.push({ kind: 'host', profile, group: undefined });
    else groups.set(group, [...(groups.get(group) ?? []), profile]);
  }
  for (const group of [...groups.keys()].sort(compareNames)) {
    const hosts = groups.get(group) ?? [];
    const isCollapsed = !isSearching && view.collapsed.has(group);
    rows.push({ kind: 'group', group, hosts, isCollapsed });
    if (!isCollapsed) rows.push(...hosts.map((profile): HostRow => ({ kind: 'host', profile, group })));
  }
  const fromConfig = configHosts.filter((host) => !host.isJumpOnly && matchesConfigQuery(host, view.query)).sort((a, b) => compareNames(a.key, b.key));
  if (fromConfig.length > 0) {
    const isCollapsed = !isSearching && view.collapsed.has(CONFIG_GROUP);
    rows.push({ kind: 'config-group', group: CONFIG_GROUP, hosts: fromConfig, isCollapsed });
    if (!isCollapsed) rows.push(...fromConfig.map((host): HostRow => ({ kind: 'config-host', host })));
  }
  return rows;
}

/** The hosts of the rows from one to another, either way round (Shift+click selects them). */
export function hostsBetween(rows: readonly HostRow[], fromIndex: number, toIndex: number): ConnectionProfile[] {
  const [start, end] = fromIndex <= toIndex ? [fromIndex, toIndex] : [toIndex, fromIndex];
  return rows.slice(start, end + 1).flatMap((row) => (row.kind === 'host' ? [row.profile] : []));
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatLastUsed(iso: string | undefined, now: Date): string {
  if (iso === undefined) return 'never used';
  const then = new Date(iso);
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (Number.isNaN(minutes)) return 'never used';
  if (minutes < 1) return 'used just now';
  if (minutes < 60) return `used ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `used ${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'used yesterday';
  if (days < 7) return `used ${days} days ago`;
  return `used ${then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}`;
}
