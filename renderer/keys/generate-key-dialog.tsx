import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import type { KeyFileInfo, KeyKind } from '../../shared/model/ssh-keys';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Segmented } from '../ui/segmented';
import { TextField } from '../ui/text-field';
import { baseKeyName, defaultKeyName } from './key-names';
import { KeyDialogError } from './key-dialog-error';

const KINDS = [
  { value: 'ed25519', label: 'Ed25519' },
  { value: 'ecdsa', label: 'ECDSA' },
  { value: 'rsa', label: 'RSA 4096' },
] as const;
const CURVES = [
  { value: '256', label: '256' },
  { value: '384', label: '384' },
  { value: '521', label: '521' },
] as const;

type EcdsaCurve = (typeof CURVES)[number]['value'];

export interface GenerateKeyDialogProps {
  taken: ReadonlySet<string>;
  defaultComment: string;
  onDone(key: KeyFileInfo): void;
  onClose(): void;
}

/** Generate…: kind, file name in ~/.ssh, comment, passphrase typed twice. Nothing is kept after it closes. */
export function GenerateKeyDialog({ taken, defaultComment, onDone, onClose }: GenerateKeyDialogProps) {
  const { api } = useClient();
  const [kind, setKind] = useState<KeyKind>('ed25519');
  const [curve, setCurve] = useState<EcdsaCurve>('256');
  const [name, setName] = useState(() => defaultKeyName('ed25519', taken));
  const [comment, setComment] = useState(defaultComment);
  const [passphrase, setPassphrase] = useState({ first: '', again: '' });
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);

  const chooseKind = (next: KeyKind): void => {
    // A name still at its default follows the kind; one the person typed stays.
    if (name === defaultKeyName(kind, taken) || name.startsWith(baseKeyName(kind))) setName(defaultKeyName(next, taken));
    setKind(next);
  };

  const submit = async (): Promise<void> => {
    if (isBusy) return;
    if (passphrase.first !== passphrase.again) {
      setError('The two passphrases differ.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await api['keys.generate']({
      kind,
      ...(kind === 'ecdsa' ? { bits: Number(curve) as 256 | 384 | 521 } : {}),
      name: name.trim(),
      comment: comment.trim(),
      passphrase: passphrase.first,
    });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setError(result.error.message);
  };

  return (
    <Dialog
      title="Generate a key"
      subtitle="A new key pair in ~/.ssh, in OpenSSH's format."
      icon={KeyRound}
      width="m"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="generate-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy || name.trim() === ''}>
            {isBusy ? 'Generating…' : 'Generate'}
          </Button>
        </>
      }
    >
      <KeyDialogError message={error} />
      <Segmented<KeyKind> label="Type" options={KINDS} value={kind} onChange={chooseKind} />
      {kind === 'ecdsa' && <Segmented<EcdsaCurve> label="Curve (bits)" options={CURVES} value={curve} onChange={setCurve} />}
      <TextField
        label="File name in ~/.ssh"
        isMono
        value={name}
        onChange={(event) => setName(event.target.value)}
        hint={`The public key goes to ${name || '…'}.pub.`}
        data-autofocus
      />
      <TextField
        label="Comment"
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        hint="Shown beside the key on the hosts you install it on."
      />
      <TextField
        label="Passphrase (optional)"
        type="password"
        value={passphrase.first}
        onChange={(event) => setPassphrase((current) => ({ ...current, first: event.target.value }))}
        hint="Encrypts the private key; you type it when the key is used."
      />
      <TextField
        label="Repeat the passphrase"
        type="password"
        value={passphrase.again}
        onChange={(event) => setPassphrase((current) => ({ ...current, again: event.target.value }))}
      />
    </Dialog>
  );
}
