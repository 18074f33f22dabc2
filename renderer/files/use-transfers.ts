import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useClient, useOnLinkOpen } from '../app/hooks/client-context';
import { TransferStore, queueTotals } from './transfer-store';

/** The window's one transfer store, loaded from main now and whenever the link comes back. */
export function useTransfers() {
  const client = useClient();
  const store = useMemo(() => new TransferStore(client), [client]);
  useEffect(() => () => store.dispose(), [store]);
  const jobs = useSyncExternalStore(store.subscribe, store.list);
  useOnLinkOpen(() => {
    void client.api['transfers.list']({}).then((result) => result.ok && store.load(result.value));
  });
  return { store, jobs, totals: useMemo(() => queueTotals(jobs), [jobs]) };
}
