import { useCallback, useRef, useState } from 'react';
import type { Settings } from '../../../shared/model';
import { useClient, useOnLinkOpen } from './client-context';

export interface SettingsState {
  settings: Settings | undefined;
  update(patch: Partial<Settings>): void;
}

/**
 * The app's settings as main holds them. A change shows at once and is sent as the whole
 * settings object, not just the changed keys: a patch parsed with `Settings.partial()` gets
 * every absent key filled with its default, which would reset the rest.
 */
export function useSettings(onError: (message: string) => void): SettingsState {
  const { api } = useClient();
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const latest = useRef<Settings | undefined>(undefined);
  const show = (next: Settings): void => {
    latest.current = next;
    setSettings(next);
  };
  useOnLinkOpen(() => {
    void api['settings.get']({}).then((result) => result.ok && show(result.value));
  });
  const update = useCallback(
    (patch: Partial<Settings>) => {
      const current = latest.current;
      if (current === undefined) return;
      const next = { ...current, ...patch };
      show(next);
      void api['settings.update'](next).then((result) => {
        if (result.ok) {
          // Only the newest answer counts; an older one would undo a quicker later change.
          if (latest.current === next) show(result.value);
        } else {
          onError(result.error.message);
          if (latest.current === next) show(current);
        }
      });
    },
    [api, onError],
  );
  return { settings, update };
}
