import type { ConnectionProfile } from '../../shared/model';
import type { HistoryEntry } from '../../shared/model/history';
import type { ImportedHost } from '../../shared/model/host-import';
import { formatDestination } from '../connections/destination';

/** One suggestion of quick connect: a saved host (opened as itself), a ~/.ssh/config alias, or a destination connected before. */
export type Completion =
  | { kind: 'saved'; key: string; label: string; detail: string; profile: ConnectionProfile }
  | { kind: 'config'; key: string; label: string; detail: string; destination: string }
  | { kind: 'history'; key: string; label: string; detail: string; destination: string };

export interface CompletionSources {
  profiles: readonly ConnectionProfile[];
  configHosts: readonly ImportedHost[];
  /** The most recent first. */
  history: readonly HistoryEntry[];
}

const PER_KIND = 4;
const RECENT = 8;

/**
 * What quick connect offers for the text typed: with nothing typed, the destinations connected
 * most recently; otherwise the saved hosts, config hosts and past destinations in which every word
 * is found (names starting with the text first), a few of each.
 */
export function completions(text: string, sources: CompletionSources): Completion[] {
  const aliases = new Set(sources.configHosts.map((host) => host.key));
  // An alias connected before is offered once, as the config host it is.
  const history = sources.history.filter((entry) => !aliases.has(entry.destination)).map(historyCompletion);
  const query = text.trim().toLocaleLowerCase();
  if (query === '') return history.slice(0, RECENT);
  const saved = sources.profiles.map((profile): Completion => ({
    kind: 'saved',
    key: `saved:${profile.id}`,
    label: profile.name,
    detail: formatDestination(profile),
    profile,
  }));
  const config = sources.configHosts
    .filter((host) => !host.isJumpOnly)
    .map((host): Completion => ({
      kind: 'config',
      key: `config:${host.key}`,
      label: host.key,
      detail: formatDestination({ user: host.user, host: host.host, port: host.port }),
      destination: host.key,
    }));
  return [saved, config, history].flatMap((list) => best(list, query).slice(0, PER_KIND));
}

function historyCompletion(entry: HistoryEntry): Completion {
  return { kind: 'history', key: `history:${entry.destination}`, label: entry.destination, detail: '', destination: entry.destination };
}

/** Those matching every word, the ones whose name starts with the text first (otherwise in their order). */
function best(list: readonly Completion[], query: string): Completion[] {
  const words = query.split(/\s+/);
  const matching = list.filter((item) => {
    const haystack = `${item.label}\n${item.detail}`.toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const starts = (item: Completion): number => (item.label.toLocaleLowerCase().startsWith(query) ? 0 : 1);
  return matching
    .map((item, index) => ({ item, index }))
    .sort((a, b) => starts(a.item) - starts(b.item) || a.index - b.index)
    .map(({ item }) => item);
}
