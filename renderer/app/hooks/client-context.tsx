import { type ReactNode, createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { EventName } from '../../../shared/ipc';
import type { Client } from '../../api/client';
import type { EventListener } from '../../api/create-api';
import type { LinkStatus } from '../../api/transport';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient outside <ClientProvider>');
  return client;
}

/** Subscribes to a contract event for as long as the component is mounted. */
export function useEvent<N extends EventName>(name: N, listener: EventListener<N>): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(name, (payload) => latest.current(payload)), [client, name]);
}

/** The link to main (always open under Electron; the bridge's WebSocket can drop). */
export function useLinkStatus(): LinkStatus {
  const { transport } = useClient();
  return useSyncExternalStore(
    (onChange) => transport.onStatus(onChange),
    () => transport.status,
  );
}

/** Runs `load` now and each time the link comes back, since events may have been missed while down. */
export function useOnLinkOpen(load: () => void): void {
  const { state } = useLinkStatus();
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (state === 'open') latest.current();
  }, [state]);
}
