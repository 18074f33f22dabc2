import { useState } from 'react';
import type { z } from 'zod';
import type { AppInfo, VaultStatus } from '../../../shared/ipc';
import { useClient, useEvent, useOnLinkOpen } from './client-context';

export type VaultState = z.infer<typeof VaultStatus>;
export type AppInfoData = z.infer<typeof AppInfo>;

/** vault.status and app.info, fetched whenever the link to main (re)opens; the vault's as it changes. */
export function useAppStatus(): { vault: VaultState | undefined; info: AppInfoData | undefined; setVault(vault: VaultState): void } {
  const { api } = useClient();
  const [vault, setVault] = useState<VaultState | undefined>(undefined);
  const [info, setInfo] = useState<AppInfoData | undefined>(undefined);
  useOnLinkOpen(() => {
    void api['vault.status']({}).then((result) => result.ok && setVault(result.value));
    void api['app.info']({}).then((result) => result.ok && setInfo(result.value));
  });
  // Unlocked from a password question or the Vault page, locked elsewhere: the status bar follows.
  useEvent('vault.changed', setVault);
  return { vault, info, setVault };
}
