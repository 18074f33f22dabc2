import { useEffect, useState } from 'react';
import { useClient } from '../app/hooks/client-context';
import { type ForwardRow, localListenPort } from './tunnel-form';

/** A pause after typing before the port is tried, so each keystroke does not bind a port. */
const CHECK_DELAY_MS = 300;

/**
 * Asks main whether each row's local port is free, as the person types: what it answers for a
 * taken port, by row key. A port the tunnel being edited holds itself is not reported.
 */
export function usePortChecks(rows: readonly ForwardRow[], ownName: string | undefined): ReadonlyMap<string, string> {
  const { api } = useClient();
  const [notes, setNotes] = useState<ReadonlyMap<string, string>>(new Map());
  const key = rows.map((row) => `${row.key}=${row.bindAddress.trim()}:${localListenPort(row) ?? ''}`).join(',');
  useEffect(() => {
    let isCurrent = true;
    const timer = setTimeout(() => {
      void Promise.all(
        rows.map(async (row) => {
          const port = localListenPort(row);
          if (port === undefined) return undefined;
          const bindAddress = row.bindAddress.trim();
          const result = await api['tunnels.checkPort']({ port, ...(bindAddress !== '' ? { bindAddress } : {}) });
          if (!result.ok || result.value.isFree || (ownName !== undefined && result.value.tunnel === ownName)) return undefined;
          return [row.key, result.value.message ?? `Port ${port} is taken.`] as const;
        }),
      ).then((found) => {
        if (isCurrent) setNotes(new Map(found.filter((entry) => entry !== undefined)));
      });
    }, CHECK_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says when a port to check changed
  }, [key, api, ownName]);
  return notes;
}
