import type { EventName } from '../../../shared/ipc';

/** A stand-in for the client's event side: events are emitted by hand. */
export function fakeClient() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(name: EventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(name: EventName, payload: Record<string, unknown>) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    count: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}
