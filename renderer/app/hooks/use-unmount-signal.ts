import { useCallback, useEffect, useRef } from 'react';

/**
 * A signal that aborts when the component unmounts (its tab closed), for the calls it makes:
 * main stops the work, and the call's late answer never reaches the component. Made on first
 * use, so a remount (React's strict mode) gets a fresh one.
 */
export function useUnmountSignal(): () => AbortSignal {
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(
    () => () => {
      controller.current?.abort();
      controller.current = undefined;
    },
    [],
  );
  return useCallback(() => (controller.current ??= new AbortController()).signal, []);
}
