import { type BrowserWindow, dialog } from 'electron';
import type { TrustedConfirmer } from '../prompts/trusted-confirmer';

/**
 * The app's TrustedConfirmer: a native message box drawn by the main process, modal to the
 * window. The renderer cannot draw it, click it or read it; Cancel is the default button, and
 * Escape or closing the box cancels.
 */
export function nativeConfirmer(windowOf: () => BrowserWindow | undefined): TrustedConfirmer {
  return {
    async confirm(request) {
      const options = {
        type: 'warning' as const,
        title: 'Jumpgate',
        message: request.message,
        detail: request.detail,
        buttons: [request.confirmLabel, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const window = windowOf();
      const { response } = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return response === 0;
    },
  };
}
