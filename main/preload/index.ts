import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/ipc/names';
import { IPC_CHANNELS, callFrame, cancelFrame, resultFrame } from '../../shared/ipc/wire';

const methodNames = new Set<string>(METHOD_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

/**
 * The renderer gets the contract's methods and events and nothing else: no ipcRenderer, no
 * channel names, no Node. It builds shared/ipc's frames (wire.ts, without zod: this bundle stays
 * small) and main parses every one again. `id` is the renderer's, for `cancel`. The one addition
 * is the path of a file dropped from the desktop, which only the preload can read (File.path is
 * gone since Electron 32).
 */
contextBridge.exposeInMainWorld('jumpgate', {
  invoke(method: string, input: unknown, id = 0): Promise<unknown> {
    if (!methodNames.has(method)) {
      return Promise.resolve(
        resultFrame(id, { ok: false, error: { code: 'INVALID_ARGUMENT', message: `There is no method "${String(method).slice(0, 64)}".` } }),
      );
    }
    return ipcRenderer.invoke(IPC_CHANNELS.call, callFrame(id, method, input));
  },
  cancel(id: number): void {
    ipcRenderer.send(IPC_CHANNELS.cancel, cancelFrame(id));
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(event)) throw new Error(`There is no event "${String(event).slice(0, 64)}".`);
    const handler = (_event: unknown, message: { name: string; payload: unknown }) => {
      if (message?.name === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
