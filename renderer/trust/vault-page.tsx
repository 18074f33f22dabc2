import { KeyRound, Lock, LockOpen, Trash2, Vault as VaultIcon } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { VaultEntry } from '../../shared/model';
import { useClient, useEvent } from '../app/hooks/client-context';
import type { VaultState } from '../app/hooks/use-app-status';
import type { PageProps } from '../pages/pages';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { VaultDialog } from '../vault/vault-dialog';
import { TrustTable } from './trust-table';
import './trust-pages.css';

const KIND_LABELS: Record<VaultEntry['kind'], string> = {
  password: 'Password',
  'key-passphrase': 'Key passphrase',
  'keyboard-interactive': 'Saved answer',
  other: 'Secret',
};

/** What the vault holds, by host and key file (never a secret); forget an entry; set up, unlock, lock. */
export function VaultPage({ isVisible, onError, onNotice }: PageProps) {
  const { api } = useClient();
  const [status, setStatus] = useState<VaultState | undefined>(undefined);
  const [entries, setEntries] = useState<VaultEntry[] | undefined>(undefined);
  const [isDialogOpen, setDialogOpen] = useState(false);
  const [forgetting, setForgetting] = useState<VaultEntry | undefined>(undefined);

  const load = useCallback(async () => {
    const result = await api['vault.status']({});
    if (!result.ok) return onError(result.error.message, result.error.code);
    setStatus(result.value);
    if (result.value.state !== 'unlocked') return setEntries(undefined);
    const listed = await api['vault.entries']({});
    if (listed.ok) setEntries(listed.value);
    else onError(listed.error.message, listed.error.code, listed.error.hint);
  }, [api, onError]);

  useEffect(() => {
    if (isVisible) void load();
  }, [isVisible, load]);
  useEvent('vault.changed', () => void load());

  const forget = async (entry: VaultEntry): Promise<void> => {
    setForgetting(undefined);
    const result = await api['vault.forget']({ id: entry.id });
    if (!result.ok) return onError(result.error.message, result.error.code, result.error.hint);
    onNotice(`Forgot the ${KIND_LABELS[entry.kind].toLowerCase()} for ${entry.label}.`);
  };

  return (
    <>
      <header className="page__header">
        <VaultIcon size={18} aria-hidden="true" />
        <h1>Vault</h1>
        <div className="page__actions">
          {status?.state === 'unlocked' && (
            <Button icon={Lock} onClick={() => void api['vault.lock']({})}>
              Lock
            </Button>
          )}
          {status !== undefined && (
            <Button
              variant={status.state === 'unlocked' ? 'secondary' : 'primary'}
              icon={status.state === 'locked' ? LockOpen : KeyRound}
              onClick={() => setDialogOpen(true)}
            >
              {status.state === 'uninitialized' ? 'Set up the vault…' : status.state === 'locked' ? 'Unlock…' : 'Change passphrase…'}
            </Button>
          )}
        </div>
      </header>
      <div className="page__body">
        {status?.state === 'uninitialized' && (
          <p className="trust-empty">There is no vault yet. Set one up to keep passwords and key passphrases, encrypted, instead of typing them each time.</p>
        )}
        {status?.state === 'locked' && <p className="trust-empty">The vault is locked. Unlock it to see what it holds.</p>}
        {status?.state === 'unlocked' && entries !== undefined && <EntriesTable entries={entries} onForget={setForgetting} />}
      </div>
      {isDialogOpen && status !== undefined && <VaultDialog vault={status} onChange={setStatus} onClose={() => setDialogOpen(false)} />}
      {forgetting !== undefined && (
        <ConfirmDialog
          title="Forget this entry?"
          subtitle={<span className="mono">{forgetting.label}</span>}
          icon={Trash2}
          confirmLabel="Forget"
          testId="forget-vault-entry"
          onConfirm={() => void forget(forgetting)}
          onClose={() => setForgetting(undefined)}
        >
          <p>The next connection that needs it asks for it again.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function EntriesTable({ entries, onForget }: { entries: VaultEntry[]; onForget(entry: VaultEntry): void }) {
  if (entries.length === 0) return <p className="trust-empty">The vault is empty. Tick “Keep it in the vault” when a password or passphrase is asked.</p>;
  return (
    <TrustTable columns={['Kind', 'For', 'Saved hosts', 'Host key', '']} testId="vault-table">
      {entries.map((entry) => (
        <tr key={entry.id} data-testid="vault-row">
          <td>
            <span className="trust-badge">{KIND_LABELS[entry.kind]}</span>
          </td>
          <td className="mono trust-cell--wrap">{entry.label}</td>
          <td>{entry.hosts.length > 0 ? entry.hosts.map((host) => host.name).join(', ') : <span className="trust-hint">none saved</span>}</td>
          <td className="mono trust-cell--wrap">{entry.hostKeyFingerprint ?? ''}</td>
          <td className="trust-cell--actions">
            <Button size="s" variant="ghost" icon={Trash2} onClick={() => onForget(entry)} aria-label={`Forget ${entry.label}`}>
              Forget
            </Button>
          </td>
        </tr>
      ))}
    </TrustTable>
  );
}
