import { KeyRound, Lock, LockOpen } from 'lucide-react';
import { useState } from 'react';
import type { Result } from '../../shared/base/result';
import type { VaultState } from '../app/hooks/use-app-status';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import './vault-dialog.css';

const MIN_PASSPHRASE = 8;

export interface VaultDialogProps {
  vault: VaultState;
  onChange(vault: VaultState): void;
  onClose(): void;
}

/**
 * Set up, unlock, lock the vault and change its passphrase. Passphrases live in this dialog's
 * state only while it is open, and go to main in the call that needs them.
 */
export function VaultDialog({ vault, onChange, onClose }: VaultDialogProps) {
  const { api } = useClient();
  const [fields, setFields] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const [isChanging, setChanging] = useState(false);

  const field = (key: keyof typeof fields) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => {
      setFields((current) => ({ ...current, [key]: event.target.value }));
      setError(undefined);
    },
  });

  const run = async (call: () => Promise<Result<VaultState>>, closeAfter = true): Promise<void> => {
    setBusy(true);
    setError(undefined);
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onChange(result.value);
    setFields({ current: '', next: '', confirm: '' });
    setChanging(false);
    if (closeAfter) onClose();
  };

  const checkNew = (): string | undefined => {
    if (fields.next.length < MIN_PASSPHRASE) return `Use at least ${MIN_PASSPHRASE} characters.`;
    if (fields.next !== fields.confirm) return 'The two passphrases differ.';
    return undefined;
  };

  const submit = (): void => {
    if (isBusy) return;
    if (vault.state === 'locked') {
      void run(() => api['vault.unlock']({ passphrase: fields.current }), true);
      return;
    }
    if (vault.state === 'unlocked' && !isChanging) return;
    const problem = checkNew();
    if (problem !== undefined) {
      setError(problem);
      return;
    }
    if (vault.state === 'uninitialized') void run(() => api['vault.setup']({ passphrase: fields.next }), true);
    else void run(() => api['vault.changePassphrase']({ current: fields.current, next: fields.next }), true);
  };

  const view = VIEWS[vault.state];
  const canSubmit = vault.state !== 'unlocked' || isChanging;
  return (
    <Dialog
      title={view.title}
      subtitle={view.subtitle}
      icon={view.icon}
      width="s"
      onClose={onClose}
      onSubmit={submit}
      testId="vault-dialog"
      footer={
        <>
          {vault.state === 'unlocked' && !isChanging && (
            <Button icon={Lock} onClick={() => void run(() => api['vault.lock']({}), true)} className="vault__lock">
              Lock now
            </Button>
          )}
          <Button onClick={onClose}>{canSubmit ? 'Cancel' : 'Close'}</Button>
          {canSubmit && (
            <Button type="submit" variant="primary" disabled={isBusy}>
              {view.action}
            </Button>
          )}
        </>
      }
    >
      {error !== undefined && (
        <p className="vault__error" role="alert">
          {error}
        </p>
      )}
      <p className="vault__about">
        {vault.protection === 'os-keyring'
          ? 'Saved passwords and key passphrases are encrypted with your system keyring.'
          : 'Saved passwords and key passphrases are encrypted with a master passphrase (scrypt and AES-256-GCM). It cannot be recovered if forgotten.'}
      </p>
      {(vault.state === 'locked' || isChanging) && (
        <TextField label={isChanging ? 'Current passphrase' : 'Passphrase'} type="password" data-autofocus autoFocus={isChanging} {...field('current')} />
      )}
      {(vault.state === 'uninitialized' || isChanging) && (
        <>
          <TextField
            label="New passphrase"
            type="password"
            hint={`At least ${MIN_PASSPHRASE} characters.`}
            data-autofocus={vault.state === 'uninitialized' ? true : undefined}
            {...field('next')}
          />
          <TextField label="Repeat it" type="password" {...field('confirm')} />
        </>
      )}
      {vault.state === 'unlocked' && !isChanging && (
        <button type="button" className="link-button vault__change" onClick={() => setChanging(true)}>
          Change the passphrase…
        </button>
      )}
    </Dialog>
  );
}

const VIEWS = {
  uninitialized: { title: 'Set up the vault', subtitle: 'Choose a passphrase for your saved secrets.', icon: KeyRound, action: 'Create vault' },
  locked: { title: 'Unlock the vault', subtitle: 'Saved secrets stay encrypted until you unlock.', icon: Lock, action: 'Unlock' },
  unlocked: { title: 'Vault unlocked', subtitle: 'Saved secrets can be used for connections.', icon: LockOpen, action: 'Change passphrase' },
} as const;
