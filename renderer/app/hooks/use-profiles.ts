import { useCallback, useState } from 'react';
import type { Result } from '../../../shared/base/result';
import type { AppErrorData } from '../../../shared/errors';
import type { ConnectionProfile, ConnectionProfileDraft, ProfileId } from '../../../shared/model';
import { useClient, useOnLinkOpen } from './client-context';

export interface Profiles {
  /** undefined until the first answer. */
  list: readonly ConnectionProfile[] | undefined;
  error: AppErrorData | undefined;
  save(draft: ConnectionProfileDraft): Promise<Result<ConnectionProfile>>;
  remove(id: ProfileId): Promise<Result<unknown>>;
  reload(): void;
}

const byName = (a: ConnectionProfile, b: ConnectionProfile): number => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** Saved connection profiles, kept in main; this holds the last list it answered. */
export function useProfiles(): Profiles {
  const { api } = useClient();
  const [list, setList] = useState<ConnectionProfile[] | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | undefined>(undefined);

  const reload = useCallback(() => {
    void api['profiles.list']({}).then((result) => {
      if (result.ok) {
        setList([...result.value].sort(byName));
        setError(undefined);
      } else {
        setError(result.error);
      }
    });
  }, [api]);
  useOnLinkOpen(reload);

  const save = useCallback(
    async (draft: ConnectionProfileDraft) => {
      const result = await api['profiles.save'](draft);
      if (result.ok) {
        const saved = result.value;
        setList((current) => [...(current ?? []).filter((profile) => profile.id !== saved.id), saved].sort(byName));
      }
      return result;
    },
    [api],
  );

  const remove = useCallback(
    async (id: ProfileId) => {
      const result = await api['profiles.remove']({ id });
      if (result.ok) setList((current) => current?.filter((profile) => profile.id !== id));
      return result;
    },
    [api],
  );

  return { list, error, save, remove, reload };
}
