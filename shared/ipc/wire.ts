import type { AppErrorData } from '../errors/app-error';

/**
 * The frames that carry the contract between a window and main, the same over Electron IPC and
 * the browser bridge's WebSocket. This file has no dependencies (the sandboxed preload bundles
 * it); their schemas, for whoever parses a frame, are in frames.ts.
 */

/** Electron IPC channels: calls (ipcRenderer.invoke), cancels (ipcRenderer.send) and events (webContents.send). */
export const IPC_CHANNELS = {
  call: 'jumpgate:invoke',
  cancel: 'jumpgate:cancel',
  event: 'jumpgate:event',
} as const;

/** The bridge's WebSocket close codes. */
export const BRIDGE_CLOSE = {
  /** A token this server did not issue: the page is from an earlier launch, and retrying cannot help. */
  tokenRejected: 4401,
  /** A window id another open page holds (a duplicated browser tab copies sessionStorage): the page takes a new one. */
  windowTaken: 4409,
  /** A frame that does not parse (WebSocket's policy violation). */
  malformed: 1008,
} as const;

/** A window's call of a contract method; `id` is the window's own, to match the answer and to cancel. */
export interface CallFrame {
  type: 'call';
  id: number;
  method: string;
  input: unknown;
}

/** The window gave up on call `id` (it closed the tab that made it): main aborts the call's signal. */
export interface CancelFrame {
  type: 'cancel';
  id: number;
}

/** The answer to call `id`: a Result envelope, `{ ok, value } | { ok: false, error }`. */
export interface ResultFrame {
  type: 'result';
  id: number;
  result: unknown;
}

export interface EventFrame {
  type: 'event';
  name: string;
  payload: unknown;
}

/** A frame main refused as a whole (it did not parse), so there is no call to answer. */
export interface ErrorFrame {
  type: 'error';
  error: AppErrorData;
}

export type ToMainFrame = CallFrame | CancelFrame;
export type ToWindowFrame = ResultFrame | EventFrame | ErrorFrame;

export const callFrame = (id: number, method: string, input: unknown): CallFrame => ({ type: 'call', id, method, input });
export const cancelFrame = (id: number): CancelFrame => ({ type: 'cancel', id });
export const resultFrame = (id: number, result: unknown): ResultFrame => ({ type: 'result', id, result });
export const eventFrame = (name: string, payload: unknown): EventFrame => ({ type: 'event', name, payload });
export const errorFrame = (error: AppErrorData): ErrorFrame => ({ type: 'error', error });
