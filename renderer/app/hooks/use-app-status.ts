import { useState } from 'react';
import type { z } from 'zod';
import type { AppInfo, VaultStatus } from '../../../shared/ipc';
import { useClient, useOnLinkOpen } from './client-context';

export type VaultState = z.infer<typeof VaultStatus>;
export type AppInfoData = z.infer<typeof AppInfo>;

/** vault.status and app.info, fetched whenever the link to main (re)opens. */
export function useAppStatus(): { vault: VaultState | undefined; info: AppInfoData | undefined; setVault(vault: VaultState): void } {
  const { api } = useClient();
  const [vault, setVault] = useState<VaultState | undefined>(undefined);
  const [info, setInfo] = useState<AppInfoData | undefined>(undefined);
  useOnLinkOpen(() => {
    void api['vault.status']({}).then((result) => result.ok && setVault(result.value));
    void api['app.info']({}).then((result) => result.ok && setInfo(result.value));
  });
  return { vault, info, setVault };
}
