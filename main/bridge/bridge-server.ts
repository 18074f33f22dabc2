import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../../shared/errors';
import { BRIDGE_CLOSE, type Parsed, type ToMainFrame, errorFrame, eventFrame, parseJson, parseToMain, resultFrame } from '../../shared/ipc';
import type { EventHub } from '../rpc/event-hub';
import { PendingCalls } from '../rpc/pending-calls';
import type { Router } from '../rpc/router';
import type { Disposable } from '../../shared/base/disposable';
import { contentSecurityPolicy } from '../base/content-security-policy';
import { serveStatic } from '../base/static-files';

export interface BridgeOptions {
  router: Router;
  hub: EventHub;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Told which window's link is up, so its sessions outlive a reload and close when it is gone for good. */
  windows?: { attach(windowId: string): Disposable };
  /** Fixed for tests; random (32 bytes) otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface BridgeHandle {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;
/** The close code for a token this server did not issue: the page is from an earlier launch, and retrying cannot help. */
export const TOKEN_REJECTED = BRIDGE_CLOSE.tokenRejected;
/** The close code for a window id another open page holds (a duplicated browser tab copies sessionStorage): the page takes a new one. */
export const WINDOW_TAKEN = BRIDGE_CLOSE.windowTaken;
const WINDOW_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The contract over a WebSocket, for `npm run web` and the e2e tests: the same renderer bundle
 * in a real browser. Loopback only unless told otherwise; every WebSocket must present the
 * per-launch token, and Origin and Host must be this server's own (DNS rebinding). Frames are
 * shared/ipc's; one that does not parse closes the socket, and a cancel frame or a closed socket
 * aborts the calls it names.
 */
export async function startBridge(options: BridgeOptions): Promise<BridgeHandle> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? (() => {});
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`]);

  const server: Server = createServer((request, response) => {
    const headers = {
      'content-security-policy': contentSecurityPolicy([`ws://${request.headers.host ?? `127.0.0.1:${port}`}`]),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    };
    if (!allowedHosts().has(request.headers.host ?? '') || request.method !== 'GET') {
      response.writeHead(403, headers).end();
      return;
    }
    serveStatic(options.staticDir, request.url ?? '/', response, headers).catch(() => response.destroy());
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  /** One open page per window: a second with the same id is a copy, not the window come back. */
  const liveWindows = new Map<string, WebSocket>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(request, allowedHosts());
    if (refusal) {
      log(`bridge: refused a WebSocket (${refusal})`);
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n`);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://placeholder');
    // A page of our own origin with a stale token (the server restarted) is told so, once, instead of
    // failing in a way it would retry forever; nothing is read from it.
    if (!isToken(url.searchParams.get('token'), token)) {
      log('bridge: refused a WebSocket (wrong token)');
      sockets.handleUpgrade(request, socket, head, (ws) => ws.close(TOKEN_REJECTED, 'token rejected'));
      return;
    }
    const asked = url.searchParams.get('window') ?? '';
    const windowId = WINDOW_ID.test(asked) ? asked : randomBytes(12).toString('base64url');
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // A page that is going (a reload closing its socket) does not count: only one still open.
      if (liveWindows.get(windowId)?.readyState === WebSocket.OPEN) {
        log('bridge: refused a WebSocket (window id in use by another open page)');
        return ws.close(WINDOW_TAKEN, 'window id in use');
      }
      liveWindows.set(windowId, ws);
      ws.on('close', () => liveWindows.get(windowId) === ws && liveWindows.delete(windowId));
      serveClient(ws, options, windowId, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkUpgrade(request: IncomingMessage, hosts: Set<string>): string | undefined {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/bridge') return 'wrong path';
  if (!hosts.has(request.headers.host ?? '')) return 'wrong Host';
  const origin = request.headers.origin;
  if (!origin || !hosts.has(origin.replace(/^http:\/\//, ''))) return 'wrong Origin';
  return undefined;
}

function isToken(value: string | null, token: string): boolean {
  const given = Buffer.from(value ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function serveClient(ws: WebSocket, options: BridgeOptions, windowId: string, log: (line: string) => void): void {
  const send = (message: unknown) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const subscription = options.hub.connect((name, payload) => send(eventFrame(name, payload)));
  const attachment = options.windows?.attach(windowId);
  const calls = new PendingCalls();
  ws.on('close', () => {
    calls.cancelAll();
    subscription.dispose();
    attachment?.dispose();
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    const parsed = readFrame(data.toString(), isBinary);
    if (!parsed.ok) {
      log(`bridge: refused a frame${parsed.method === undefined ? '' : ` calling ${parsed.method}`}: ${parsed.reason}`);
      send(errorFrame(new AppError('INVALID_ARGUMENT', 'The bridge received a message it does not understand and closed the connection.').toJSON()));
      ws.close(BRIDGE_CLOSE.malformed, 'malformed message');
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'cancel') return calls.cancel(frame.id);
    void calls
      .track(frame.id, (signal) => options.router.dispatch(frame.method, frame.input, { isTrustedSender: true, transport: 'web', windowId, signal }))
      .then((result) => send(resultFrame(frame.id, result)));
  });
}

function readFrame(text: string, isBinary: boolean): Parsed<ToMainFrame> {
  if (isBinary) return { ok: false, reason: 'a binary frame' };
  const json = parseJson(text);
  return json.ok ? parseToMain(json.value) : json;
}
