import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { FileListing, FileSide } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { useUnmountSignal } from '../app/hooks/use-unmount-signal';
import { parentOf } from './file-paths';

export interface DirectoryState {
  /** The last listing that arrived (kept while the next one loads, so the table does not blink). */
  listing: FileListing | undefined;
  isLoading: boolean;
  /** Why the last navigation failed; the previous listing stays. */
  error: AppErrorData | undefined;
}

/**
 * One pane's directory: lists `initialPath` on mount, then wherever it is told to go. Answers
 * that arrive after a newer request are dropped, so a fast double navigation ends where it should;
 * a listing still under way when the pane goes (its tab closed) is cancelled.
 */
export function useDirectory(side: FileSide, initialPath: string, onListed?: (listing: FileListing) => void) {
  const { api } = useClient();
  const [state, setState] = useState<DirectoryState>({ listing: undefined, isLoading: true, error: undefined });
  const request = useRef(0);
  const listed = useRef(onListed);
  listed.current = onListed;
  const current = useRef<string | undefined>(undefined);
  const unmountSignal = useUnmountSignal();

  const navigate = useCallback(
    async (path: string): Promise<boolean> => {
      const id = ++request.current;
      setState((previous) => ({ ...previous, isLoading: true }));
      const signal = unmountSignal();
      const result = await api['files.list']({ side, path }, { signal });
      if (id !== request.current || signal.aborted) return false;
      if (!result.ok) {
        setState((previous) => ({ ...previous, isLoading: false, error: result.error }));
        return false;
      }
      current.current = result.value.path;
      setState({ listing: result.value, isLoading: false, error: undefined });
      listed.current?.(result.value);
      return true;
    },
    [api, side, unmountSignal],
  );

  useEffect(() => {
    void navigate(initialPath);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on mount (initialPath is left out): later moves are the person's
  }, [navigate]);

  return {
    ...state,
    /** The directory shown (resolved by main), once listed. */
    path: state.listing?.path,
    navigate,
    refresh: useCallback(() => (current.current === undefined ? Promise.resolve(false) : navigate(current.current)), [navigate]),
    up: useCallback(() => (current.current === undefined ? Promise.resolve(false) : navigate(parentOf(current.current))), [navigate]),
    clearError: useCallback(() => setState((previous) => ({ ...previous, error: undefined })), []),
  };
}
