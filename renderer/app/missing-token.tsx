import { Logo } from './logo';
import './missing-token.css';

/** A browser that opened the page without the per-launch token cannot reach the bridge. */
export function MissingToken() {
  return (
    <main className="missing-token">
      <Logo size={44} />
      <h1>Open the address Jumpgate printed</h1>
      <p>
        This page talks to Jumpgate through a private link that needs the token in the address. Run <code>npm run web</code> and open the
        address it prints (it ends in <code>?token=…</code>).
      </p>
    </main>
  );
}
