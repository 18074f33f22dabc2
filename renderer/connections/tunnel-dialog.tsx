import { Waypoints } from 'lucide-react';
import { useId, useState } from 'react';
import type { Result } from '../../shared/base/result';
import type { ConnectionProfile } from '../../shared/model';
import type { KeepaliveMode, TunnelProfile } from '../../shared/model/tunnel-profile';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { NumberRow } from '../ui/number-row';
import { Segmented } from '../ui/segmented';
import { Switch } from '../ui/switch';
import { TextField } from '../ui/text-field';
import { ForwardRows } from './forward-rows';
import { type TunnelForm, type TunnelFormErrors, emptyTunnelForm, toTunnel, tunnelFormOf } from './tunnel-form';
import { usePortChecks } from './use-port-checks';
import './tunnel-dialog.css';

export interface TunnelDialogProps {
  /** The tunnel being edited; absent for a new one. */
  editing?: TunnelProfile | undefined;
  /** A new tunnel that starts as a copy of this one, under `copyName`. */
  copyOf?: { profile: TunnelProfile; copyName: string } | undefined;
  hosts: readonly ConnectionProfile[];
  onSave(tunnel: TunnelProfile, previousName?: string): Promise<Result<unknown>>;
  onClose(): void;
}

const KEEPALIVE: { value: KeepaliveMode; label: string }[] = [
  { value: 'ssh', label: 'SSH' },
  { value: 'tcp', label: 'TCP only' },
  { value: 'off', label: 'Off' },
];

/** New, edit or duplicate a saved tunnel: each field checked as it is typed, local ports tried before saving. */
export function TunnelDialog({ editing, copyOf, hosts, onSave, onClose }: TunnelDialogProps) {
  const [form, setForm] = useState<TunnelForm>(() =>
    editing !== undefined ? tunnelFormOf(editing) : copyOf !== undefined ? tunnelFormOf(copyOf.profile, copyOf.copyName) : emptyTunnelForm(hosts[0]?.id),
  );
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [isSaving, setSaving] = useState(false);
  const portNotes = usePortChecks(form.forwards, editing?.name);
  const checked = toTunnel(form);
  // Rows are checked as they are typed; the name and target once the person has touched them or tried to save.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const errors: TunnelFormErrors = checked.ok ? { rows: {} } : checked.errors;
  const shown = (field: string, error: string | undefined) => (touched.has(field) || touched.has('submit') ? error : undefined);
  const change = (changes: Partial<TunnelForm>, field?: string): void => {
    setForm((current) => ({ ...current, ...changes }));
    if (field !== undefined) setTouched((current) => new Set(current).add(field));
  };
  const hostSelect = useId();

  const submit = async (): Promise<void> => {
    setTouched((current) => new Set(current).add('submit'));
    if (isSaving || !checked.ok || portNotes.size > 0) return;
    setSaving(true);
    setFormError(undefined);
    const result = await onSave(checked.tunnel, editing?.name);
    setSaving(false);
    if (result.ok) onClose();
    else setFormError(result.error.message);
  };

  return (
    <Dialog
      title={editing !== undefined ? `Edit tunnel ${editing.name}` : copyOf !== undefined ? `Duplicate ${copyOf.profile.name}` : 'New tunnel'}
      subtitle="Forwards through one SSH connection, kept up by Jumpgate"
      icon={Waypoints}
      width="l"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="tunnel-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" disabled={isSaving}>
            {isSaving ? 'Saving…' : 'Save'}
          </Button>
        </>
      }
    >
      <div className="tunnel-dialog">
        {formError !== undefined && (
          <p className="tunnel-dialog__error" role="alert">
            {formError}
          </p>
        )}
        <TextField
          label="Name"
          value={form.name}
          error={shown('name', errors.name)}
          onChange={(event) => change({ name: event.target.value }, 'name')}
          data-autofocus
        />
        <div className="tunnel-dialog__target">
          <Segmented
            label="Connect through"
            options={[
              { value: 'host', label: 'A saved host' },
              { value: 'typed', label: 'A destination' },
            ]}
            value={form.targetKind}
            onChange={(targetKind) => change({ targetKind })}
          />
          {form.targetKind === 'host' ? (
            <div className="field">
              <label className="field__label" htmlFor={hostSelect}>
                Saved host
              </label>
              <select id={hostSelect} className="select" value={form.profileId} onChange={(event) => change({ profileId: event.target.value }, 'target')}>
                <option value="">Choose a host…</option>
                {hosts.map((host) => (
                  <option key={host.id} value={host.id}>
                    {host.name}
                  </option>
                ))}
              </select>
              {shown('target', errors.target) !== undefined && <p className="field__error">{errors.target}</p>}
            </div>
          ) : (
            <TextField
              label="Destination"
              isMono
              placeholder="user@host:port or a ~/.ssh/config alias"
              value={form.destination}
              error={shown('target', errors.target)}
              hint={form.specExtras?.jump !== undefined ? 'Its jump hosts and other settings from the command line are kept.' : undefined}
              onChange={(event) => change({ destination: event.target.value }, 'target')}
            />
          )}
        </div>
        <div className="field">
          <span className="field__label">Forwards</span>
          <ForwardRows rows={form.forwards} errors={errors.rows} portNotes={portNotes} onChange={(forwards) => change({ forwards })} />
        </div>
        <Switch label="Start with Jumpgate" hint="Brought up when the app starts." isOn={form.autoStart} onChange={(autoStart) => change({ autoStart })} />
        <Switch
          label="Fail when a forward cannot start"
          hint="Otherwise the other forwards go on and the failed one shows why."
          isOn={form.exitOnForwardFailure}
          onChange={(exitOnForwardFailure) => change({ exitOnForwardFailure })}
        />
        <TextField
          label="Check targets every (seconds)"
          inputMode="numeric"
          placeholder="off"
          className="tunnel-dialog__probe"
          value={form.probeTargetsSeconds}
          error={errors.probeTargets}
          hint="Each local forward's target is tried through the connection; one that stopped answering is marked. Empty: never."
          onChange={(event) => change({ probeTargetsSeconds: event.target.value })}
        />
        <Segmented label="Keepalive" options={KEEPALIVE} value={form.keepaliveMode} onChange={(keepaliveMode) => change({ keepaliveMode })} />
        {form.keepaliveMode === 'ssh' && (
          <NumberRow
            label="Keepalive every (seconds)"
            hint={`A dead connection is noticed after ${form.keepaliveCountMax} unanswered.`}
            value={form.keepaliveSeconds}
            min={1}
            max={3600}
            onChange={(keepaliveSeconds) => change({ keepaliveSeconds })}
          />
        )}
        <Switch label="Reconnect when the connection drops" isOn={form.reconnect} onChange={(reconnect) => change({ reconnect })} />
        {form.reconnect && (
          <>
            <NumberRow
              label="First retry after (seconds)"
              hint="Each next wait is twice as long."
              value={form.firstRetrySeconds}
              min={1}
              max={3600}
              onChange={(firstRetrySeconds) => change({ firstRetrySeconds })}
            />
            <NumberRow
              label="Longest wait (seconds)"
              value={form.longestRetrySeconds}
              min={1}
              max={86_400}
              onChange={(longestRetrySeconds) => change({ longestRetrySeconds })}
            />
            <NumberRow
              label="Give up after (attempts)"
              hint="0 keeps trying."
              value={form.maxAttempts}
              min={0}
              max={10_000}
              onChange={(maxAttempts) => change({ maxAttempts })}
            />
          </>
        )}
      </div>
    </Dialog>
  );
}
