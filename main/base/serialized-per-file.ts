import path from 'node:path';

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` once every task queued before it for the same file (by its resolved path) has
 * settled, well or not: two writers in one process would otherwise each rename away the other's
 * change. Tasks for other files do not wait.
 */
export function serializedPerFile<T>(file: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const result = (queues.get(key) ?? Promise.resolve()).then(task, task);
  const settled = result.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}
