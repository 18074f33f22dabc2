import { useEffect, useState } from 'react';
import { useClient } from '../app/hooks/client-context';
import { type ForwardRow, localListenPort } from './tunnel-form';

/** What the check said of a taken port, and the next free one to offer instead. */
export interface PortNote {
  message: string;
  nextFreePort?: number;
}

/** A pause after typing before the port is tried, so each keystroke does not bind a port. */
const CHECK_DELAY_MS = 300;

/**
 * Asks main whether each row's local port is free, as the person types: what it answers for a
 * taken port (naming the program or tunnel holding it), by row key. A port the tunnel being edited
 * holds itself is not reported.
 */
export function usePortChecks(rows: readonly ForwardRow[], ownName: string | undefined): ReadonlyMap<string, PortNote> {
  const { api } = useClient();
  const [notes, setNotes] = useState<ReadonlyMap<string, PortNote>>(new Map());
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
          const { message = `Port ${port} is taken.`, nextFreePort } = result.value;
          const note: PortNote = nextFreePort !== undefined ? { message, nextFreePort } : { message };
          return [row.key, note] as const;
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
