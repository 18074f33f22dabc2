import { afterEach } from 'vitest';

type Closable = { close(): unknown } | { dispose(): unknown };

/**
 * Things a test started (servers, environments, processes) that must end after it, whatever
 * happened: call in a test file's top level; each test's are undone after it, last first.
 */
export function cleanupAfterEach(): { track<T extends Closable>(thing: T): T; defer(cleanup: () => unknown): void } {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    track(thing) {
      cleanups.push(() => ('close' in thing ? thing.close() : thing.dispose()));
      return thing;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
