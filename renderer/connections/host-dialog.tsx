import { Server } from 'lucide-react';
import { useState } from 'react';
import type { Result } from '../../shared/base/result';
import type { ConnectionProfile, ConnectionProfileDraft } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { type HostForm, type HostFormErrors, emptyHostForm, fieldOfError, hostFormOf, toDraft } from './host-form';
import './host-dialog.css';

export interface HostDialogProps {
  /** The profile being edited; absent for a new host. */
  editing?: ConnectionProfile | undefined;
  /** Prefills the destination (from quick connect). */
  initialDestination?: string | undefined;
  onSave(draft: ConnectionProfileDraft): Promise<Result<ConnectionProfile>>;
  onClose(): void;
}

/** New host / edit host: checks the form, then shows whatever `profiles.save` answers. */
export function HostDialog({ editing, initialDestination, onSave, onClose }: HostDialogProps) {
  const [form, setForm] = useState<HostForm>(() => (editing !== undefined ? hostFormOf(editing) : emptyHostForm(initialDestination)));
  const [errors, setErrors] = useState<HostFormErrors>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [isSaving, setSaving] = useState(false);

  const field = (key: keyof HostForm) => ({
    value: form[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => {
      setForm((current) => ({ ...current, [key]: event.target.value }));
      setErrors((current) => ({ ...current, [key]: undefined }));
    },
  });

  const submit = async (): Promise<void> => {
    if (isSaving) return;
    const checked = toDraft(form, editing);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    setFormError(undefined);
    const result = await onSave(checked.draft);
    setSaving(false);
    if (result.ok) {
      onClose();
      return;
    }
    const key = fieldOfError(result.error.message);
    if (key !== undefined) setErrors((current) => ({ ...current, [key]: result.error.message }));
    else setFormError(result.error.message);
  };

  return (
    <Dialog
      title={editing === undefined ? 'New host' : `Edit ${editing.name}`}
      subtitle="Saved hosts appear in the sidebar. Passwords are never stored here."
      icon={Server}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="host-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isSaving}>
            {editing === undefined ? 'Add host' : 'Save'}
          </Button>
        </>
      }
    >
      {formError !== undefined && (
        <p className="host-dialog__error" role="alert">
          {formError}
        </p>
      )}
      <TextField label="Destination" placeholder="user@host:port" isMono data-autofocus hint="A host name, address or ~/.ssh/config alias." {...field('destination')} />
      <TextField label="Name" placeholder="Defaults to the host name" {...field('name')} />
      <TextField
        label="Jump hosts"
        placeholder="bastion.example.com, user@inner:2222"
        isMono
        hint={
          <>
            Reached in order, like <code>ssh -J</code>. Leave empty to connect directly.
          </>
        }
        {...field('jump')}
      />
      <TextField label="Identity file" placeholder="~/.ssh/id_ed25519" isMono hint="Optional. Keys from your agent are tried first." {...field('identityFile')} />
    </Dialog>
  );
}
