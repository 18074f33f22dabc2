import { useCallback, useState } from 'react';
import { useClient, useEvent, useOnLinkOpen } from './client-context';

/**
 * The SSH connections main has up now, as it counts them: the panes and files tabs sharing one
 * connection count once, each jump host of a chain once more.
 */
export function useLiveConnections(): number {
  const { api } = useClient();
  const [live, setLive] = useState(0);
  const load = useCallback(() => {
    void api['connections.count']({}).then((result) => result.ok && setLive(result.value.live));
  }, [api]);
  useOnLinkOpen(load);
  useEvent('connections.changed', ({ live: count }) => setLive(count));
  return live;
}
