import { type BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Disposable } from '../../shared/base/disposable';
import type { EventHub } from '../rpc/event-hub';
import type { Router } from '../rpc/router';
import { APP_ORIGIN } from '../app/app-protocol';

export const INVOKE_CHANNEL = 'jumpgate:invoke';
export const EVENT_CHANNEL = 'jumpgate:event';

/** Only our own window's main frame, showing our own origin, may call main. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  if (!frame || window.isDestroyed()) return false;
  return frame === window.webContents.mainFrame && frame.url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * The Electron transport of the contract, and the only caller of ipcMain.handle: the sender is
 * checked, then the shared router validates and answers a Result.
 */
export function serveIpc(router: Router, hub: EventHub, window: BrowserWindow, windows?: { attach(windowId: string): Disposable }): Disposable {
  // The window, not the page in it: after a reload or a renderer crash the page gets its sessions back.
  const windowId = `electron-window-${window.webContents.id}`;
  const attachment = windows?.attach(windowId);
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, message: unknown) => {
    const { method, input } = (typeof message === 'object' && message !== null ? message : {}) as { method?: unknown; input?: unknown };
    return router.dispatch(method, input, { isTrustedSender: isTrustedSender(event, window), transport: 'electron', windowId });
  });
  const events = hub.connect((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { name, payload });
  });
  return {
    dispose: () => {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      events.dispose();
      attachment?.dispose();
    },
  };
}
