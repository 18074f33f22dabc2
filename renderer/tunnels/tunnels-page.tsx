import { Plus, Trash2, Waypoints } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { Result } from '../../shared/base/result';
import type { TunnelProfile } from '../../shared/model/tunnel-profile';
import { TunnelDialog } from '../connections/tunnel-dialog';
import { copyNameOf } from '../connections/tunnel-form';
import type { PageProps } from '../pages/pages';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { TerminalForwardsSection } from './terminal-forwards-section';
import { TunnelCard } from './tunnel-card';
import { useNow } from './use-now';
import { useTunnelsContext } from './use-tunnels';
import './tunnels.css';

type OpenDialog =
  | { kind: 'new' }
  | { kind: 'edit'; profile: TunnelProfile }
  | { kind: 'duplicate'; profile: TunnelProfile }
  | { kind: 'remove'; profile: TunnelProfile }
  | undefined;

/** Every saved tunnel, the ones `jumpgate tunnel up` runs too, live; start, stop, edit, duplicate, remove. */
export function TunnelsPage({ isVisible, profiles, focus, onError, onNotice }: PageProps) {
  const tunnels = useTunnelsContext();
  const [dialog, setDialog] = useState<OpenDialog>(undefined);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const entries = tunnels.entries;
  const now = useNow(isVisible && (entries?.some((entry) => entry.status.state === 'retrying') ?? false));
  useEffect(() => {
    if (isVisible && focus !== undefined) document.getElementById(`tunnel-${focus}`)?.scrollIntoView({ block: 'nearest' });
  }, [isVisible, focus]);

  const run = async (name: string, call: () => Promise<Result<unknown>>, done?: string): Promise<void> => {
    setBusy((current) => new Set(current).add(name));
    const result = await call();
    setBusy((current) => new Set([...current].filter((other) => other !== name)));
    if (!result.ok) onError(result.error.message, result.error.code, result.error.hint);
    else if (done !== undefined) onNotice(done);
  };
  const close = (): void => setDialog(undefined);
  const names = entries?.map((entry) => entry.profile.name) ?? [];

  return (
    <>
      <header className="page__header">
        <Waypoints size={18} aria-hidden="true" />
        <h1>Tunnels</h1>
        <div className="page__actions">
          <Button variant="primary" size="s" icon={Plus} onClick={() => setDialog({ kind: 'new' })}>
            New tunnel
          </Button>
        </div>
      </header>
      <div className="page__body tunnels-page">
        {tunnels.error !== undefined && <p role="alert">{tunnels.error}</p>}
        {entries === undefined && tunnels.error === undefined && <p className="tunnels-page__note">Loading…</p>}
        {entries?.length === 0 && (
          <p className="tunnels-page__note">
            No saved tunnels yet. A tunnel keeps port forwards up through one SSH connection and reconnects by itself.{' '}
            <button type="button" className="link-button" onClick={() => setDialog({ kind: 'new' })}>
              Create one
            </button>
            .
          </p>
        )}
        {entries?.map((entry) => {
          const { name } = entry.profile;
          return (
            <TunnelCard
              key={name}
              entry={entry}
              hosts={profiles}
              now={now}
              isBusy={busy.has(name)}
              isFocused={focus === name}
              onStart={() => void run(name, () => tunnels.start(name))}
              onStop={() => void run(name, () => tunnels.stop(name))}
              onEdit={() => setDialog({ kind: 'edit', profile: entry.profile })}
              onDuplicate={() => setDialog({ kind: 'duplicate', profile: entry.profile })}
              onRemove={() => setDialog({ kind: 'remove', profile: entry.profile })}
              onAutoStart={(autoStart) => void run(name, () => tunnels.save({ ...entry.profile, autoStart }, name))}
            />
          );
        })}
        <TerminalForwardsSection onError={onError} />
      </div>
      {(dialog?.kind === 'new' || dialog?.kind === 'edit' || dialog?.kind === 'duplicate') && (
        <TunnelDialog
          editing={dialog.kind === 'edit' ? dialog.profile : undefined}
          copyOf={dialog.kind === 'duplicate' ? { profile: dialog.profile, copyName: copyNameOf(dialog.profile.name, names) } : undefined}
          hosts={profiles ?? []}
          onSave={tunnels.save}
          onClose={close}
        />
      )}
      {dialog?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove tunnel ${dialog.profile.name}?`}
          subtitle="It is stopped wherever it runs, here or in a jumpgate tunnel up, and its ports are freed."
          icon={Trash2}
          confirmLabel="Remove"
          testId="remove-tunnel"
          onConfirm={() => {
            const { name } = dialog.profile;
            close();
            void run(name, () => tunnels.remove(name), `Removed tunnel ${name}.`);
          }}
          onClose={close}
        />
      )}
    </>
  );
}
