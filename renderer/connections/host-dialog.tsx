import { FileCode, Server, ShieldCheck } from 'lucide-react';
import { useId, useState } from 'react';
import type { Result } from '../../shared/base/result';
import type { ConnectionProfile, ConnectionProfileDraft, JumpHop } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Switch } from '../ui/switch';
import { TextField } from '../ui/text-field';
import { type HostForm, type HostFormErrors, emptyHostForm, fieldOfError, hostFormOf, toDraft } from './host-form';
import './host-dialog.css';

export interface HostDialogProps {
  /** The profile being edited; absent for a new host. */
  editing?: ConnectionProfile | undefined;
  /** Prefills the destination (from quick connect). */
  initialDestination?: string | undefined;
  /** Prefills the whole form ("Save as host…" on a ~/.ssh/config entry). */
  initialForm?: HostForm | undefined;
  /** The saved hosts a jump can go through. */
  hosts: readonly ConnectionProfile[];
  onSave(draft: ConnectionProfileDraft): Promise<Result<ConnectionProfile>>;
  onClose(): void;
  /** Shows the saved host being edited as a Host block for ~/.ssh/config. */
  onExport?(profile: ConnectionProfile): void;
  /** Opens the Known hosts page on the host keys saved for the host being edited. */
  onKnownHostKey?(profile: ConnectionProfile): void;
}

/** New host / edit host: checks the form, then shows whatever `profiles.save` answers. */
export function HostDialog({ editing, initialDestination, initialForm, hosts, onSave, onClose, onExport, onKnownHostKey }: HostDialogProps) {
  const [form, setForm] = useState<HostForm>(() => (editing !== undefined ? hostFormOf(editing) : (initialForm ?? emptyHostForm(initialDestination))));
  const [errors, setErrors] = useState<HostFormErrors>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [isSaving, setSaving] = useState(false);

  const field = (key: 'name' | 'destination' | 'jump' | 'identityFile' | 'env' | 'startupCommand' | 'group' | 'tags') => ({
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
          {editing !== undefined && onExport !== undefined && (
            <Button variant="ghost" icon={FileCode} className="host-dialog__export" onClick={() => onExport(editing)}>
              Copy as ssh config…
            </Button>
          )}
          {editing !== undefined && onKnownHostKey !== undefined && (
            <Button variant="ghost" icon={ShieldCheck} onClick={() => onKnownHostKey(editing)}>
              Known host key…
            </Button>
          )}
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
      <TextField
        label="Destination"
        placeholder="user@host:port"
        isMono
        data-autofocus
        hint="A host name, address or ~/.ssh/config alias."
        {...field('destination')}
      />
      <TextField label="Name" placeholder="Defaults to the host name" {...field('name')} />
      {form.keptJump !== undefined ? (
        <KeptJump route={form.keptJump} hosts={hosts} />
      ) : (
        <>
          <JumpHostField
            hosts={hosts.filter((host) => host.id !== editing?.id)}
            value={form.jumpHost}
            onChange={(jumpHost) => setForm((current) => ({ ...current, jumpHost }))}
          />
          <TextField
            label={form.jumpHost === '' ? 'Jump hosts' : 'Then jump hosts'}
            placeholder="bastion.example.com, user@inner:2222"
            isMono
            hint="Reached in order, each through the one before. Leave empty to connect directly."
            {...field('jump')}
          />
        </>
      )}
      <TextField
        label="Identity file"
        placeholder="~/.ssh/id_ed25519"
        isMono
        hint="Optional. Keys from your agent are tried first."
        {...field('identityFile')}
      />
      <div className="host-dialog__row">
        <TextField label="Group" placeholder="Production" hint="A folder in the sidebar." {...field('group')} />
        <TextField label="Tags" placeholder="db, eu" hint="Comma-separated; search finds them." {...field('tags')} />
      </div>
      <ColorField value={form.color} onChange={(color) => setForm((current) => ({ ...current, color }))} />
      <details className="host-dialog__terminal" open={form.env !== '' || form.startupCommand !== '' || form.autoReconnect || form.recordSessions}>
        <summary>Terminal</summary>
        <TextField label="Startup command" placeholder="tmux new -A -s main" isMono hint="Typed into the shell once it starts." {...field('startupCommand')} />
        <EnvField {...field('env')} />
        <Switch
          label="Reconnect by itself"
          hint="After a dropped connection, not after the shell exits."
          isOn={form.autoReconnect}
          onChange={(autoReconnect) => setForm((current) => ({ ...current, autoReconnect }))}
        />
        <Switch
          label="Record every session"
          hint="As asciicast files, playable with asciinema: what the terminal shows, not what you type."
          isOn={form.recordSessions}
          onChange={(recordSessions) => setForm((current) => ({ ...current, recordSessions }))}
        />
        {form.recordSessions && (
          <Switch
            label="Record what I type too"
            hint="Passwords typed into the shell end up in the file; only prompts that look like a password's are masked."
            isOn={form.recordInput}
            onChange={(recordInput) => setForm((current) => ({ ...current, recordInput }))}
          />
        )}
      </details>
    </Dialog>
  );
}

const COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#14b8a6', '#f97316'];

/** The avatar's colour: automatic (from the name) or one of the palette's. */
function ColorField({ value, onChange }: { value: string; onChange(color: string): void }) {
  const choices = ['', ...COLORS, ...(value !== '' && !COLORS.includes(value) ? [value] : [])];
  return (
    <div className="field">
      <span className="field__label" id="host-color-label">
        Colour
      </span>
      <div className="host-dialog__colors" role="radiogroup" aria-labelledby="host-color-label">
        {choices.map((color) => (
          <button
            key={color}
            type="button"
            role="radio"
            aria-checked={value === color}
            aria-label={color === '' ? 'Automatic' : color}
            title={color === '' ? 'Automatic: from the name' : color}
            className={`host-dialog__color ${color === '' ? 'host-dialog__color--auto' : ''}`}
            style={color === '' ? undefined : { background: color }}
            onClick={() => onChange(color)}
          />
        ))}
      </div>
    </div>
  );
}

/** A route of several saved hosts (imported, say): shown, and kept as it is when the host is saved. */
function KeptJump({ route, hosts }: { route: readonly JumpHop[]; hosts: readonly ConnectionProfile[] }) {
  const names = route.map((hop) => ('destination' in hop ? hop.destination : (hosts.find((host) => host.id === hop.profileId)?.name ?? 'a removed host')));
  return (
    <div className="field">
      <span className="field__label">Jump hosts</span>
      <p className="field__hint" data-testid="kept-jump">
        Through {names.join(' → ')}. Kept as it is: this editor chooses only the first saved host.
      </p>
    </div>
  );
}

/** A saved host to go through first: its own user, port, key and jump hosts apply. */
function JumpHostField({ hosts, value, onChange }: { hosts: readonly ConnectionProfile[]; value: string; onChange(id: string): void }) {
  const id = useId();
  const isMissing = value !== '' && !hosts.some((host) => host.id === value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Jump through saved host
      </label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={`${id}-note`}>
        <option value="">None</option>
        {isMissing && <option value={value}>A removed host</option>}
        {hosts.map((host) => (
          <option key={host.id} value={host.id}>
            {host.name}
          </option>
        ))}
      </select>
      <p className="field__hint" id={`${id}-note`}>
        Its user, port, key and host-key settings apply here too, and a change to it applies everywhere.
      </p>
    </div>
  );
}

function EnvField({ value, error, onChange }: { value: string; error: string | undefined; onChange(event: { target: { value: string } }): void }) {
  const id = useId();
  return (
    <div className={`field ${error !== undefined ? 'field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        Environment
      </label>
      <textarea
        id={id}
        className="field__input mono host-dialog__env"
        rows={3}
        placeholder="LANG=en_US.UTF-8"
        spellCheck={false}
        value={value}
        onChange={onChange}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-note`}
      />
      <p className={error !== undefined ? 'field__error' : 'field__hint'} id={`${id}-note`}>
        {error ?? 'NAME=value per line; the server takes only the names its AcceptEnv allows.'}
      </p>
    </div>
  );
}
