import { useCallback, useEffect, useState } from 'react';
import type { EventPayload, Events, SessionId } from '../../shared/ipc';
import { useClient, useEvent, useOnLinkOpen } from '../app/hooks/client-context';
import { localUrl } from './port-field';

export type PaneForwardsState = EventPayload<Events['terminal.forwards']>;

/** A terminal's forwards and the ports its server started listening on, kept current by main's events. */
export function usePaneForwards(sessionId: SessionId | undefined): PaneForwardsState | undefined {
  const { api } = useClient();
  const [state, setState] = useState<PaneForwardsState | undefined>(undefined);
  const load = useCallback(() => {
    if (sessionId === undefined) return;
    void api['terminal.forwards.list']({}).then((result) => {
      if (result.ok) setState(result.value.find((pane) => pane.sessionId === sessionId));
    });
  }, [api, sessionId]);
  useEffect(load, [load]);
  useOnLinkOpen(load);
  useEvent('terminal.forwards', (payload) => {
    if (payload.sessionId === sessionId) setState(payload);
  });
  return state;
}

/** Opens a forward's local end in the system browser (main lets only http and https out). */
export function openLocalPort(port: number): void {
  window.open(localUrl(port), '_blank', 'noopener,noreferrer');
}
