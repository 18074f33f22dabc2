import { Logo } from './logo';
import './missing-token.css';

/**
 * A browser that opened the page without the per-launch token cannot reach the bridge; one whose
 * token was refused holds a page of an earlier launch (the server restarted).
 */
export function MissingToken({ isRejected = false }: { isRejected?: boolean }) {
  return (
    <main className="missing-token" data-testid={isRejected ? 'token-rejected' : 'missing-token'}>
      <Logo size={44} />
      <h1>{isRejected ? 'Jumpgate was restarted: open its new address' : 'Open the address Jumpgate printed'}</h1>
      {isRejected ? (
        <p>
          This page belongs to an earlier launch of <code>npm run web</code>, and its token is no longer accepted, so it stopped trying. Open the address the
          running server printed (it ends in <code>?token=…</code>). Sessions of the earlier launch ended with it.
        </p>
      ) : (
        <p>
          This page talks to Jumpgate through a private link that needs the token in the address. Run <code>npm run web</code> and open the address it prints
          (it ends in <code>?token=…</code>).
        </p>
      )}
    </main>
  );
}
