import { Lock } from 'lucide-react';
import { useState } from 'react';
import type { KeyFileInfo } from '../../shared/model/ssh-keys';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { KeyDialogError } from './key-dialog-error';

export interface PassphraseDialogProps {
  keyFile: KeyFileInfo;
  onDone(key: KeyFileInfo): void;
  onClose(): void;
}

/** Change passphrase…: the current one (if any), the new one twice; an empty new one removes it. */
export function PassphraseDialog({ keyFile, onDone, onClose }: PassphraseDialogProps) {
  const { api } = useClient();
  const [fields, setFields] = useState({ current: '', next: '', again: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const field = (key: keyof typeof fields) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => setFields((current) => ({ ...current, [key]: event.target.value })),
  });

  const submit = async (): Promise<void> => {
    if (isBusy) return;
    if (fields.next !== fields.again) {
      setError('The two new passphrases differ.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await api['keys.changePassphrase']({ name: keyFile.name, current: fields.current, next: fields.next });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setError(result.error.message);
  };

  return (
    <Dialog
      title={`Passphrase of ${keyFile.name}`}
      subtitle="Leave the new passphrase empty to remove it."
      icon={Lock}
      width="s"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="key-passphrase-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy}>
            {isBusy ? 'Saving…' : 'Save'}
          </Button>
        </>
      }
    >
      <KeyDialogError message={error} />
      {keyFile.isEncrypted === true && <TextField label="Current passphrase" type="password" data-autofocus {...field('current')} />}
      <TextField label="New passphrase" type="password" data-autofocus={keyFile.isEncrypted !== true ? true : undefined} {...field('next')} />
      <TextField label="Repeat the new passphrase" type="password" {...field('again')} />
    </Dialog>
  );
}
