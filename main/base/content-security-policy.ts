/**
 * The one Content-Security-Policy of the renderer, for the app's custom protocol and the bridge
 * alike: scripts only from the app itself, no eval, no plugins, no framing, and network access
 * only back to where the page came from (the bridge's WebSocket in web mode).
 */
export function contentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // xterm.js and React set styles at run time; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
  ].join('; ');
}
