import { type Client, createClient } from './client';
import { type PreloadBridge, createElectronTransport } from './electron-transport';
import { bridgeUrl, forgetBridgeToken, takeBridgeToken, takeWindowId } from './bridge-location';
import { type SocketLike, createWebSocketTransport } from './websocket-transport';

declare global {
  interface Window {
    /** Present only inside the Electron app, exposed by the preload. */
    jumpgate?: PreloadBridge;
  }
}

export type Boot = { ok: true; client: Client } | { ok: false; reason: 'no-token' };

/** Inside Electron the preload's bridge; in a browser the WebSocket bridge of `npm run web`. */
export function boot(): Boot {
  if (window.jumpgate !== undefined) return { ok: true, client: createClient(createElectronTransport(window.jumpgate)) };
  const token = takeBridgeToken(window.location, window.history, window.sessionStorage);
  if (token === undefined) return { ok: false, reason: 'no-token' };
  const transport = createWebSocketTransport({
    url: bridgeUrl(window.location, token, takeWindowId(window.sessionStorage)),
    // A duplicated browser tab copied this one's sessionStorage: it is a new window.
    onWindowTaken: () => bridgeUrl(window.location, token, takeWindowId(window.sessionStorage, undefined, true)),
    createSocket: browserSocket,
  });
  transport.onStatus((status) => status.state === 'rejected' && forgetBridgeToken(window.sessionStorage));
  window.addEventListener('pagehide', () => transport.dispose());
  return { ok: true, client: createClient(transport) };
}

/** The browser's WebSocket behind the transport's small socket interface. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
  };
  ws.onopen = () => socket.onopen?.();
  ws.onclose = (event) => socket.onclose?.({ code: event.code });
  ws.onerror = () => socket.onerror?.();
  ws.onmessage = (event) => socket.onmessage?.({ data: event.data });
  return socket;
}
