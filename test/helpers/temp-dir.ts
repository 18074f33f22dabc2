import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Removes the directory and everything in it; disposing twice is harmless. */
  dispose(): void;
}

const undisposed = new Set<string>();

/**
 * A fresh directory under the system temp dir, named `jumpgate-<prefix>-XXXXXX`.
 * Directories a failing test never disposed are removed when the process ends.
 */
export function makeTempDir(prefix: string): TempDir {
  onProcessExit(removeUndisposed);
  const path = mkdtempSync(join(tmpdir(), `jumpgate-${prefix}-`));
  undisposed.add(path);
  return {
    path,
    dispose() {
      if (!undisposed.delete(path)) return;
      rmSync(path, { recursive: true, force: true });
    },
  };
}

function removeUndisposed(): void {
  for (const path of undisposed) rmSync(path, { recursive: true, force: true });
  undisposed.clear();
}

const exitCallbacks = new Set<() => void>();

/**
 * Runs `callback` (synchronously) when the process ends, whether it exits by itself or is sent
 * SIGTERM/SIGINT/SIGHUP; registering the same callback twice runs it once. Vitest stops its
 * fork workers with SIGTERM, and a default SIGTERM ends a process without firing 'exit', so an
 * 'exit' listener alone would leak every sshd a failing test left running. Returns a function
 * that unregisters the callback.
 */
export function onProcessExit(callback: () => void): () => void {
  if (!isHooked) hookProcess();
  exitCallbacks.add(callback);
  return () => exitCallbacks.delete(callback);
}

let isHooked = false;
const forwardedSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

function hookProcess(): void {
  isHooked = true;
  process.on('exit', runExitCallbacks);
  for (const signal of forwardedSignals) process.once(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  runExitCallbacks();
  for (const other of forwardedSignals) process.off(other, onSignal);
  // With our listener gone, re-raising gives the signal its default effect (or to whoever
  // else listens), so the process ends exactly as it would have without us.
  process.kill(process.pid, signal);
}

function runExitCallbacks(): void {
  for (const callback of [...exitCallbacks]) {
    exitCallbacks.delete(callback);
    try {
      callback();
    } catch {
      // Best effort: one failed cleanup must not keep the others from running.
    }
  }
}
