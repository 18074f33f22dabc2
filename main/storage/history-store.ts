import { HistoryEntry, MAX_HISTORY } from '../../shared/model/history';
import { salvageList } from './salvage';
import type { StorageProblem } from './storage-problem';
import type { StoreBackendFactory } from './store-backend';
import { type StoreSchema, VersionedStore } from './versioned-store';

/** history.json: `{ "schemaVersion": 1, "entries": [HistoryEntry, …] }`, the most recent first. */
export const historySchema: StoreSchema<HistoryEntry[]> = {
  name: 'history',
  noun: 'quick connect history',
  version: 1,
  migrations: [],
  empty: () => [],
  salvage: (body) => {
    const { value, dropped } = salvageList(body.entries, { schema: HistoryEntry, noun: 'entry', key: (entry) => entry.destination });
    return { value: value.slice(0, MAX_HISTORY), dropped };
  },
  serialize: (entries) => ({ entries }),
};

/** The destinations quick connect reached, the most recent first, at most MAX_HISTORY. */
export class HistoryStore {
  readonly #store: VersionedStore<HistoryEntry[]>;
  readonly #now: () => Date;

  constructor(backend: StoreBackendFactory, dir: string, options: { now?: () => Date } = {}) {
    this.#store = new VersionedStore(backend, dir, historySchema);
    this.#now = options.now ?? (() => new Date());
  }

  get problems(): StorageProblem[] {
    return [...this.#store.problems];
  }

  list(): HistoryEntry[] {
    return structuredClone(this.#store.value);
  }

  /** `destination` connected now: it moves to the top; the oldest beyond the limit go. */
  record(destination: string): void {
    const entry = HistoryEntry.parse({ destination, lastConnectedAt: this.#now().toISOString() });
    const rest = this.#store.value.filter((other) => other.destination !== entry.destination);
    this.#store.write([entry, ...rest].slice(0, MAX_HISTORY));
  }

  /** Forgetting what is not there is not an error. */
  forget(destination: string): void {
    const entries = this.#store.value;
    if (!entries.some((entry) => entry.destination === destination)) return;
    this.#store.write(entries.filter((entry) => entry.destination !== destination));
  }
}
