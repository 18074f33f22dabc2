import { Check, LoaderCircle } from 'lucide-react';
import { formatMs, groupByHop } from './session-text';
import type { ConnectProgress } from '../sessions/session-registry';

const STEP_LABEL: Record<ConnectProgress['step'], string> = {
  tcp: 'TCP connection',
  proxy: 'Proxy',
  banner: 'Server banner',
  kex: 'Key exchange',
  'host-key': 'Host key verified',
  auth: 'Authenticated',
  ready: 'Session ready',
};

/** While connecting: each hop, and each step it has done with the time since it started. */
export function ConnectionProgress({ title, progress, attempt }: { title: string; progress: readonly ConnectProgress[]; attempt: number }) {
  const hops = groupByHop(progress);
  return (
    <div className="connect-card" role="status" aria-live="polite" data-testid="connection-progress">
      <div className="connect-card__head">
        <LoaderCircle className="connect-card__spinner" size={18} aria-hidden="true" />
        <div>
          <div className="connect-card__title">
            {attempt > 1 ? 'Reconnecting to' : 'Connecting to'} <span className="mono">{title}</span>
          </div>
          <div className="connect-card__sub">{hops.length > 1 ? `Through ${hops.length - 1} jump host${hops.length > 2 ? 's' : ''}` : 'Direct connection'}</div>
        </div>
      </div>
      {hops.length === 0 && <p className="connect-card__waiting">Resolving the destination…</p>}
      {hops.map((hop, index) => (
        <section key={hop.hop} className="connect-hop" aria-label={`Hop ${index + 1}: ${hop.hop}`}>
          <header className="connect-hop__name">
            <span className="connect-hop__index">{index + 1}</span>
            <span className="mono">{hop.hop}</span>
          </header>
          <ol className="connect-hop__steps">
            {hop.steps.map((step) => (
              <li key={step.step} className="connect-step" data-step={step.step}>
                <Check size={13} className="connect-step__icon" aria-hidden="true" />
                <span className="connect-step__label">{STEP_LABEL[step.step]}</span>
                <span className="connect-step__time mono">{formatMs(step.elapsedMs)}</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
