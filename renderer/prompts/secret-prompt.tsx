import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import type { PromptRequest } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';

type SecretRequest = Extract<PromptRequest, { kind: 'password' | 'passphrase' }>;

const MIN_VAULT_PASSPHRASE = 8;

/**
 * A password for a hop, or the passphrase of a key file. The value lives only in this component.
 * "Keep it" needs the vault: a locked one is unlocked here, a missing one set up here, before the
 * answer goes (main keeps the answer only if the vault is then open).
 */
export function SecretPrompt({ request, onAnswer }: { request: SecretRequest; onAnswer(answer: string | null, save?: boolean): void }) {
  const { api } = useClient();
  const [value, setValue] = useState('');
  const [isKept, setKept] = useState(false);
  const [vault, setVault] = useState({ passphrase: '', repeat: '' });
  const [vaultError, setVaultError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const isPassword = request.kind === 'password';
  const vaultState = request.vaultState ?? 'unlocked';
  const needsVault = isKept && vaultState !== 'unlocked';

  const submit = async (): Promise<void> => {
    if (isBusy) return;
    if (needsVault) {
      const problem = vaultState === 'uninitialized' ? newPassphraseProblem(vault.passphrase, vault.repeat) : undefined;
      if (problem !== undefined) return setVaultError(problem);
      setBusy(true);
      const result =
        vaultState === 'locked' ? await api['vault.unlock']({ passphrase: vault.passphrase }) : await api['vault.setup']({ passphrase: vault.passphrase });
      setBusy(false);
      if (!result.ok) return setVaultError(result.error.message);
      if (result.value.state !== 'unlocked') return setVaultError('The vault is still locked.');
    }
    onAnswer(value, isKept);
  };

  return (
    <Dialog
      title={isPassword ? 'Password required' : 'Key passphrase required'}
      subtitle={
        isPassword ? (
          <>
            for <span className="mono">{`${request.user}@${request.host}`}</span>
          </>
        ) : (
          <>
            for <span className="mono">{request.keyFile}</span>
          </>
        )
      }
      icon={KeyRound}
      width="s"
      onClose={() => onAnswer(null)}
      onSubmit={() => void submit()}
      testId={`prompt-${request.kind}`}
      footer={
        <>
          <Button onClick={() => onAnswer(null)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy}>
            Continue
          </Button>
        </>
      }
    >
      {isPassword && request.note !== undefined && (
        <p className="prompt-retry" role="alert" data-testid="prompt-password-note">
          {request.note}
        </p>
      )}
      {request.attempt > 1 && (
        <p className="prompt-retry" role="alert">
          That was not accepted. Try again (attempt {request.attempt}).
        </p>
      )}
      <TextField
        label={isPassword ? 'Password' : 'Passphrase'}
        type="password"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        data-autofocus
        hint={
          <>
            Asked by hop <span className="mono">{request.hop}</span>.
          </>
        }
      />
      {request.canSave === true && (
        <label className="prompt-keep">
          <input type="checkbox" checked={isKept} onChange={(event) => setKept(event.target.checked)} />
          {vaultState === 'uninitialized'
            ? 'Keep it in a new vault (encrypted; used next time without asking)'
            : vaultState === 'locked'
              ? 'Keep it in the vault, which is locked (encrypted; used next time without asking)'
              : 'Keep it in the vault (encrypted; used next time without asking)'}
        </label>
      )}
      {needsVault && (
        <VaultFields
          isNew={vaultState === 'uninitialized'}
          fields={vault}
          error={vaultError}
          onChange={(fields) => {
            setVault(fields);
            setVaultError(undefined);
          }}
        />
      )}
    </Dialog>
  );
}

/** Unlock the vault, or choose its passphrase (twice), inside the question. */
function VaultFields({
  isNew,
  fields,
  error,
  onChange,
}: {
  isNew: boolean;
  fields: { passphrase: string; repeat: string };
  error: string | undefined;
  onChange(fields: { passphrase: string; repeat: string }): void;
}) {
  return (
    <div className="prompt-vault" data-testid="prompt-vault">
      {error !== undefined && (
        <p className="prompt-retry" role="alert">
          {error}
        </p>
      )}
      <TextField
        label={isNew ? 'New vault passphrase' : 'Vault passphrase'}
        type="password"
        value={fields.passphrase}
        onChange={(event) => onChange({ ...fields, passphrase: event.target.value })}
        hint={isNew ? `At least ${MIN_VAULT_PASSPHRASE} characters. It cannot be recovered if forgotten.` : 'Unlocks the vault for this and later connections.'}
      />
      {isNew && <TextField label="Repeat it" type="password" value={fields.repeat} onChange={(event) => onChange({ ...fields, repeat: event.target.value })} />}
    </div>
  );
}

function newPassphraseProblem(passphrase: string, repeat: string): string | undefined {
  if (passphrase.length < MIN_VAULT_PASSPHRASE) return `Use at least ${MIN_VAULT_PASSPHRASE} characters for the vault passphrase.`;
  if (passphrase !== repeat) return 'The two vault passphrases differ.';
  return undefined;
}
