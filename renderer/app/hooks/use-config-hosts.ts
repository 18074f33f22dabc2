import { useCallback, useRef, useState } from 'react';
import type { ImportedHost } from '../../../shared/model/host-import';
import { useClient, useEvent, useOnLinkOpen } from './client-context';

export interface ConfigHosts {
  /** The concrete hosts of ~/.ssh/config as main last listed them; empty until then. */
  hosts: readonly ImportedHost[];
  /** Why the file could not be listed (it is listed again when it changes). */
  error: string | undefined;
}

/** ~/.ssh/config's hosts, listed again each time main reports that the file or one it includes changed. */
export function useConfigHosts(): ConfigHosts {
  const { api } = useClient();
  const [state, setState] = useState<ConfigHosts>({ hosts: [], error: undefined });
  // Only the newest answer counts: two quick edits must not end on the older list.
  const asked = useRef(0);
  const list = useCallback(() => {
    const ask = ++asked.current;
    void api['hosts.configHosts']({}).then((result) => {
      if (ask !== asked.current) return;
      setState((current) => (result.ok ? { hosts: result.value.hosts, error: undefined } : { hosts: current.hosts, error: result.error.message }));
    });
  }, [api]);
  useOnLinkOpen(list);
  useEvent('hosts.configChanged', list);
  return state;
}
