import { useCallback, useState } from 'react';
import type { Settings } from '../../shared/model';
import { useClient, useOnLinkOpen } from './client-context';

export interface SettingsState {
  settings: Settings | undefined;
  update(patch: Partial<Settings>): void;
}

/** The app's settings as main holds them; updates are sent and the answer replaces the copy. */
export function useSettings(onError: (message: string) => void): SettingsState {
  const { api } = useClient();
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  useOnLinkOpen(() => {
    void api['settings.get']({}).then((result) => result.ok && setSettings(result.value));
  });
  const update = useCallback(
    (patch: Partial<Settings>) => {
      setSettings((current) => (current === undefined ? current : { ...current, ...patch }));
      void api['settings.update'](patch).then((result) => {
        if (result.ok) setSettings(result.value);
        else onError(result.error.message);
      });
    },
    [api, onError],
  );
  return { settings, update };
}
