import { Check, Upload } from 'lucide-react';
import { useId, useState } from 'react';
import type { ConnectionProfile, ConnectionProfileDraft } from '../../shared/model/profile';
import type { KeyFileInfo, KeyInstallResult } from '../../shared/model/ssh-keys';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { identityPathOf } from './key-names';
import { KeyDialogError } from './key-dialog-error';

export interface InstallKeyDialogProps {
  keyFile: KeyFileInfo;
  profiles: readonly ConnectionProfile[];
  onUsed(profile: ConnectionProfile): void;
  onClose(): void;
}

type Step = { kind: 'choose' } | { kind: 'installing'; host: string } | { kind: 'done'; result: KeyInstallResult; profile: ConnectionProfile };

/**
 * Install on host…: adds the public key to ~/.ssh/authorized_keys on a saved host, through its
 * jump hosts (questions for passwords appear as for any connection), then offers to use the key
 * for that host.
 */
export function InstallKeyDialog({ keyFile, profiles, onUsed, onClose }: InstallKeyDialogProps) {
  const { api } = useClient();
  const selectId = useId();
  const [profileId, setProfileId] = useState(profiles[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | undefined>(undefined);

  const install = async (): Promise<void> => {
    const profile = profiles.find((candidate) => candidate.id === profileId);
    if (profile === undefined || step.kind === 'installing') return;
    setError(undefined);
    setStep({ kind: 'installing', host: profile.name });
    const result = await api['keys.install']({ name: keyFile.name, profileId: profile.id });
    if (result.ok) {
      setStep({ kind: 'done', result: result.value, profile });
    } else {
      setStep({ kind: 'choose' });
      setError(result.error.message);
    }
  };

  const use = async (profile: ConnectionProfile): Promise<void> => {
    const path = identityPathOf(keyFile.name);
    const { createdAt: _created, updatedAt: _updated, lastUsedAt: _used, ...rest } = profile;
    const draft: ConnectionProfileDraft = { ...rest, identityFiles: [path, ...profile.identityFiles.filter((file) => file !== path)] };
    const result = await api['profiles.save'](draft);
    if (result.ok) onUsed(result.value);
    else setError(result.error.message);
  };

  if (step.kind === 'done') {
    const { result, profile } = step;
    const isUsed = keyFile.usedBy.some((user) => user.id === profile.id);
    return (
      <Dialog
        title={result.outcome === 'added' ? `Installed on ${result.host}` : `${result.host} already has this key`}
        subtitle={
          result.outcome === 'added'
            ? 'The key was added to ~/.ssh/authorized_keys there.'
            : 'Its ~/.ssh/authorized_keys already holds it; nothing was changed.'
        }
        icon={Check}
        width="s"
        onClose={onClose}
        testId="install-key-dialog"
        footer={
          <>
            <Button onClick={onClose}>Close</Button>
            {!isUsed && (
              <Button variant="primary" onClick={() => void use(profile)} data-autofocus>
                Use this key for {profile.name}
              </Button>
            )}
          </>
        }
      >
        <KeyDialogError message={error} />
        <p className="keys__note">
          {isUsed
            ? `${profile.name} signs in with this key already.`
            : `Use it for ${profile.name}, and ${profile.name} signs in with ${identityPathOf(keyFile.name)} from now on.`}
        </p>
      </Dialog>
    );
  }

  const isInstalling = step.kind === 'installing';
  return (
    <Dialog
      title={`Install ${keyFile.name} on a host`}
      subtitle="Adds the public key to ~/.ssh/authorized_keys on the host, once."
      icon={Upload}
      width="s"
      onClose={onClose}
      onSubmit={() => void install()}
      testId="install-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isInstalling || profileId === ''}>
            {isInstalling ? 'Installing…' : 'Install'}
          </Button>
        </>
      }
    >
      <KeyDialogError message={error} />
      {profiles.length === 0 ? (
        <p className="keys__note">There are no saved hosts yet. Add a host first, then install the key on it.</p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            Saved host
          </label>
          <select
            id={selectId}
            className="select"
            value={profileId}
            disabled={isInstalling}
            onChange={(event) => setProfileId(event.target.value)}
            data-autofocus
          >
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name}
              </option>
            ))}
          </select>
          <p className="field__hint">It connects as the host is saved, through its jump hosts, and signs in as it usually does.</p>
        </div>
      )}
      {isInstalling && (
        <p className="keys__note" role="status">
          Connecting to {step.host} and adding the key…
        </p>
      )}
    </Dialog>
  );
}
