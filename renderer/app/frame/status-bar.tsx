import { ArrowDownUp, Info, Settings, KeyRound, Lock, LockOpen, type LucideIcon, Monitor, Moon, Plug, Sun, Waypoints } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { LinkStatus } from '../../api/transport';
import type { ThemePreference } from '../hooks/use-theme';
import type { VaultState } from '../hooks/use-app-status';
import './status-bar.css';

export interface StatusCounts {
  /** SSH connections up (shared ones once, each jump host once more), not sessions. */
  connections: number;
  transfers: number;
  tunnels: number;
}

export interface StatusBarProps {
  link: LinkStatus;
  counts: StatusCounts;
  vault: VaultState | undefined;
  theme: ThemePreference;
  onRetry(): void;
  onCycleTheme(): void;
  onAbout(): void;
  onVault(): void;
  onSettings(): void;
}

const THEME: Record<ThemePreference, { icon: LucideIcon; label: string }> = {
  system: { icon: Monitor, label: 'System theme' },
  light: { icon: Sun, label: 'Light theme' },
  dark: { icon: Moon, label: 'Dark theme' },
};

const VAULT: Record<VaultState['state'], { icon: LucideIcon; label: string }> = {
  uninitialized: { icon: KeyRound, label: 'Vault not set up' },
  locked: { icon: Lock, label: 'Vault locked' },
  unlocked: { icon: LockOpen, label: 'Vault unlocked' },
};

export function StatusBar({ link, counts, vault, theme, onRetry, onCycleTheme, onAbout, onVault, onSettings }: StatusBarProps) {
  const ThemeIcon = THEME[theme].icon;
  const vaultView = vault === undefined ? undefined : VAULT[vault.state];
  return (
    <footer className="status-bar" aria-label="Status">
      <LinkIndicator link={link} onRetry={onRetry} />
      <Count
        icon={Plug}
        value={counts.connections}
        one="connection"
        many="connections"
        title="SSH connections up now: terminals and files tabs to one host share one; each jump host is one more."
      />
      <Count icon={ArrowDownUp} value={counts.transfers} one="transfer" many="transfers" />
      <Count icon={Waypoints} value={counts.tunnels} one="tunnel" many="tunnels" />
      <span className="status-bar__spacer" />
      {vault !== undefined && vaultView !== undefined && (
        <button
          type="button"
          className={`status-bar__button status-bar__vault--${vault.state}`}
          title={vault.protection === 'os-keyring' ? 'Secrets are encrypted with the system keyring.' : 'Secrets are encrypted with your master passphrase.'}
          onClick={onVault}
          data-testid="vault-state"
        >
          <vaultView.icon size={13} aria-hidden="true" />
          {vaultView.label}
        </button>
      )}
      <button type="button" className="status-bar__button" onClick={onCycleTheme} title="Switch theme" data-testid="theme-switch">
        <ThemeIcon size={13} aria-hidden="true" />
        {THEME[theme].label}
      </button>
      <button type="button" className="status-bar__button" onClick={onSettings} aria-label="Settings" title="Settings">
        <Settings size={13} aria-hidden="true" />
      </button>
      <button type="button" className="status-bar__button" onClick={onAbout} aria-label="About and diagnostics" title="About and diagnostics">
        <Info size={13} aria-hidden="true" />
      </button>
    </footer>
  );
}

function Count({ icon: Icon, value, one, many, title }: { icon: LucideIcon; value: number; one: string; many: string; title?: string }) {
  return (
    <span className={`status-bar__item ${value === 0 ? 'status-bar__item--idle' : ''}`} data-testid={`count-${many}`} title={title}>
      <Icon size={13} aria-hidden="true" />
      {value} {value === 1 ? one : many}
    </span>
  );
}

/** Only worth a word when the link to main is not simply up (the browser bridge can drop). */
function LinkIndicator({ link, onRetry }: { link: LinkStatus; onRetry(): void }) {
  const seconds = useSecondsUntil(link.retryAt);
  if (link.state === 'open' || link.state === 'rejected') return null;
  return (
    <span
      className="status-bar__item status-bar__link"
      role="status"
      data-testid="link-state"
      title="If Jumpgate was restarted, open the new address it printed: each launch has its own token."
    >
      <span className={`status-bar__dot status-bar__dot--${link.state}`} aria-hidden="true" />
      {link.state === 'connecting' ? 'Connecting to Jumpgate…' : `Disconnected from Jumpgate, retrying in ${seconds} s`}
      {link.state === 'closed' && (
        <button type="button" className="status-bar__button status-bar__retry" onClick={onRetry}>
          Retry now
        </button>
      )}
    </span>
  );
}

function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
