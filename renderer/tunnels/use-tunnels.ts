import { createContext, useCallback, useContext, useRef, useState } from 'react';
import type { z } from 'zod';
import type { Result } from '../../shared/base/result';
import type { TunnelEntry as TunnelEntrySchema } from '../../shared/ipc/contract';
import type { TunnelProfile, TunnelStatus } from '../../shared/model/tunnel-profile';
import { useClient, useEvent, useOnLinkOpen } from '../app/hooks/client-context';

export type TunnelEntry = z.infer<typeof TunnelEntrySchema> & {
  /** When this status arrived (Date.now()), so "retrying in N s" can count down. */
  receivedAt: number;
};

export interface Tunnels {
  /** undefined until main first answers. */
  entries: readonly TunnelEntry[] | undefined;
  error: string | undefined;
  /** Tunnels that are up, here or in a `jumpgate tunnel up`. */
  upCount: number;
  start(name: string): Promise<Result<unknown>>;
  stop(name: string): Promise<Result<unknown>>;
  save(tunnel: TunnelProfile, previousName?: string): Promise<Result<unknown>>;
  remove(name: string): Promise<Result<unknown>>;
  reload(): void;
}

/**
 * The saved tunnels and how each is doing, kept in step with main: the list on load and whenever
 * main says it changed (another process added, removed or runs one), each status as it comes.
 */
export function useTunnels(): Tunnels {
  const { api } = useClient();
  const [entries, setEntries] = useState<TunnelEntry[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const reload = useCallback(() => {
    void api['tunnels.list']({}).then((result) => {
      if (!result.ok) return setError(result.error.message);
      const now = Date.now();
      setEntries(result.value.map((entry) => ({ ...entry, receivedAt: now })).sort((a, b) => a.profile.name.localeCompare(b.profile.name)));
      setError(undefined);
    });
  }, [api]);
  useOnLinkOpen(reload);
  useEvent('tunnels.changed', reload);
  const known = useRef(entries);
  known.current = entries;
  useEvent('tunnels.status', (status) => {
    // A tunnel saved by another window or process meanwhile: the list brings it whole.
    if (!known.current?.some((entry) => entry.profile.name === status.name)) return reload();
    setEntries((current) => current?.map((entry) => (entry.profile.name === status.name ? withStatus(entry, status) : entry)));
  });

  const settle = useCallback(
    async <T>(call: Promise<Result<T>>): Promise<Result<T>> => {
      const result = await call;
      reload();
      return result;
    },
    [reload],
  );
  const start = useCallback((name: string) => settle(api['tunnels.start']({ name })), [api, settle]);
  const stop = useCallback((name: string) => settle(api['tunnels.stop']({ name })), [api, settle]);
  const save = useCallback((tunnel: TunnelProfile, previousName?: string) => settle(api['tunnels.save']({ tunnel, previousName })), [api, settle]);
  const remove = useCallback((name: string) => settle(api['tunnels.remove']({ name })), [api, settle]);
  const upCount = entries?.filter((entry) => entry.status.state === 'up').length ?? 0;
  return { entries, error, upCount, start, stop, save, remove, reload };
}

/** A status of a tunnel this app runs replaces what the list said (one run elsewhere is no longer). */
function withStatus(entry: TunnelEntry, status: TunnelStatus): TunnelEntry {
  const { runningElsewhere: _elsewhere, ...rest } = entry;
  return { ...rest, status, receivedAt: Date.now() };
}

const TunnelsContext = createContext<Tunnels | null>(null);
export const TunnelsProvider = TunnelsContext.Provider;

/** The frame's tunnels, for the page and the sidebar. */
export function useTunnelsContext(): Tunnels {
  const tunnels = useContext(TunnelsContext);
  if (tunnels === null) throw new Error('useTunnelsContext outside <TunnelsProvider>');
  return tunnels;
}
