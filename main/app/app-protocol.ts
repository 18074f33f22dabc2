import { protocol } from 'electron';
import { contentSecurityPolicy } from '../base/content-security-policy';
import { openStaticFile } from '../base/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://jumpgate`;

/** Must run before the app is ready: the renderer is served from app://, never file://. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `root` with the strict CSP; nothing outside it, links out of it included. */
export function serveAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'jumpgate') return new Response(null, { status: 404 });
    const found = await openStaticFile(root, url.pathname);
    if (found === undefined) return new Response(null, { status: 404 });
    try {
      const body = await found.handle.readFile();
      return new Response(body, {
        headers: {
          'content-type': found.type,
          'content-security-policy': contentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    } finally {
      await found.handle.close();
    }
  });
}
