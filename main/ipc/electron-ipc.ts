import { type BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { Disposable } from '../../shared/base/disposable';
import { AppError } from '../../shared/errors';
import { IPC_CHANNELS, errorFrame, eventFrame, parseToMain, resultFrame } from '../../shared/ipc';
import type { EventHub } from '../rpc/event-hub';
import { PendingCalls } from '../rpc/pending-calls';
import type { Router } from '../rpc/router';
import { APP_ORIGIN } from '../app/app-protocol';

export const INVOKE_CHANNEL = IPC_CHANNELS.call;
export const EVENT_CHANNEL = IPC_CHANNELS.event;

/** Only our own window's main frame, showing our own origin, may call main. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  if (!frame || window.isDestroyed()) return false;
  return frame === window.webContents.mainFrame && frame.url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * The Electron transport of the contract, and the only caller of ipcMain.handle: frames are
 * shared/ipc's, the sender is checked, then the shared router validates and answers a Result.
 * A cancel frame aborts its call; a page that goes (reload, crash, close) aborts all of its calls.
 */
export function serveIpc(
  router: Router,
  hub: EventHub,
  window: BrowserWindow,
  windows?: { attach(windowId: string): Disposable },
  log: (line: string) => void = () => {},
): Disposable {
  // The window, not the page in it: after a reload or a renderer crash the page gets its sessions back.
  const windowId = `electron-window-${window.webContents.id}`;
  const attachment = windows?.attach(windowId);
  const calls = new PendingCalls();
  const pageGone = () => calls.cancelAll();
  window.webContents.on('render-process-gone', (_event, details) => {
    pageGone();
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
  });
  window.webContents.on('did-navigate', pageGone);
  window.webContents.on('destroyed', pageGone);
  ipcMain.handle(IPC_CHANNELS.call, (event, message: unknown) => {
    const parsed = parseToMain(message);
    if (!parsed.ok || parsed.frame.type !== 'call') {
      const reason = parsed.ok ? 'a cancel frame sent as a call' : parsed.reason;
      log(`ipc: refused a frame${!parsed.ok && parsed.method !== undefined ? ` calling ${parsed.method}` : ''}: ${reason}`);
      return errorFrame(new AppError('INVALID_ARGUMENT', 'The app received a message it does not understand; it was ignored.').toJSON());
    }
    const { id, method, input } = parsed.frame;
    const isTrusted = isTrustedSender(event, window);
    return calls
      .track(id, (signal) => router.dispatch(method, input, { isTrustedSender: isTrusted, transport: 'electron', windowId, signal }))
      .then((result) => resultFrame(id, result));
  });
  const onCancel = (event: IpcMainEvent, message: unknown) => {
    const parsed = parseToMain(message);
    if (!isTrustedSender(event, window)) return log('ipc: refused a cancel frame: the sender is not this app');
    if (!parsed.ok || parsed.frame.type !== 'cancel') return log(`ipc: refused a cancel frame: ${parsed.ok ? 'a call sent as a cancel' : parsed.reason}`);
    calls.cancel(parsed.frame.id);
  };
  ipcMain.on(IPC_CHANNELS.cancel, onCancel);
  const events = hub.connect((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, eventFrame(name, payload));
  });
  return {
    dispose: () => {
      ipcMain.removeHandler(IPC_CHANNELS.call);
      ipcMain.removeListener(IPC_CHANNELS.cancel, onCancel);
      calls.cancelAll();
      events.dispose();
      attachment?.dispose();
      window.webContents.off('did-navigate', pageGone);
      window.webContents.off('destroyed', pageGone);
    },
  };
}
