import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import type { PromptRequest } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';

type SecretRequest = Extract<PromptRequest, { kind: 'password' | 'passphrase' }>;

/** A password for a hop, or the passphrase of a key file. The value lives only in this component. */
export function SecretPrompt({ request, onAnswer }: { request: SecretRequest; onAnswer(answer: string | null, save?: boolean): void }) {
  const [value, setValue] = useState('');
  const [isKept, setKept] = useState(false);
  const isPassword = request.kind === 'password';
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
      onSubmit={() => onAnswer(value, isKept)}
      testId={`prompt-${request.kind}`}
      footer={
        <>
          <Button onClick={() => onAnswer(null)}>Cancel</Button>
          <Button type="submit" variant="primary">
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
          Keep it in the vault (encrypted; used next time without asking)
        </label>
      )}
    </Dialog>
  );
}
