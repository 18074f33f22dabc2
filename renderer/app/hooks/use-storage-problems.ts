import { useRef } from 'react';
import { useClient, useOnLinkOpen } from './client-context';

/**
 * Tells the person, once each, about files main could not read as they were (kept as a backup,
 * started with what could be read): never a silent loss.
 */
export function useStorageProblems(warn: (text: string) => void): void {
  const { api } = useClient();
  const told = useRef(new Set<string>());
  useOnLinkOpen(() => {
    void api['storage.problems']({}).then((result) => {
      if (!result.ok) return;
      for (const problem of result.value) {
        const key = `${problem.file}\n${problem.message}`;
        if (told.current.has(key)) continue;
        told.current.add(key);
        warn(problem.message);
      }
    });
  });
}
