import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/ipc/names';

// Kept in step with main/ipc/electron-ipc.ts; the preload cannot import main's modules.
const INVOKE_CHANNEL = 'jumpgate:invoke';
const EVENT_CHANNEL = 'jumpgate:event';
const methodNames = new Set<string>(METHOD_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

/**
 * The renderer gets the contract's methods and events and nothing else: no ipcRenderer, no
 * channel names, no Node. Main validates every message again. The one addition is the path of a
 * file dropped from the desktop, which only the preload can read (File.path is gone since Electron 32).
 */
contextBridge.exposeInMainWorld('jumpgate', {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!methodNames.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `There is no method "${String(method).slice(0, 64)}".` } });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, { method, input });
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(event)) throw new Error(`There is no event "${String(event).slice(0, 64)}".`);
    const handler = (_event: unknown, message: { name: string; payload: unknown }) => {
      if (message?.name === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
