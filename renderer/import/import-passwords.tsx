import { KeyRound } from 'lucide-react';
import type { VaultState } from '../app/hooks/use-app-status';
import { Button } from '../ui/button';
import { Switch } from '../ui/switch';

export interface ImportPasswordsProps {
  /** How many of the hosts to import have a password stored in the other client. */
  count: number;
  isOn: boolean;
  onChange(isOn: boolean): void;
  vault: VaultState | undefined;
  onOpenVault(): void;
}

/** The offer to keep the other client's stored passwords in the vault; they never travel to the window. */
export function ImportPasswords({ count, isOn, onChange, vault, onOpenVault }: ImportPasswordsProps) {
  const state = vault?.state;
  return (
    <div className="import-passwords" data-testid="import-passwords">
      <Switch
        label="Keep passwords in the vault"
        hint={`${count === 1 ? 'One host has' : `${count} hosts have`} a password stored in the other client. It is saved encrypted in the vault, never in clear; otherwise you type it when asked.`}
        isOn={isOn}
        onChange={onChange}
      />
      {isOn && state !== undefined && state !== 'unlocked' && (
        <p className="import-passwords__vault" role="status">
          <KeyRound size={14} aria-hidden="true" />
          {state === 'locked' ? 'The vault is locked.' : 'The vault is not set up yet.'}
          <Button size="s" onClick={onOpenVault}>
            {state === 'locked' ? 'Unlock the vault…' : 'Set up the vault…'}
          </Button>
        </p>
      )}
    </div>
  );
}
