import { ShieldAlert } from 'lucide-react';
import { ConfirmDialog } from '../ui/confirm-dialog';

/**
 * The deliberate act after a changed host key: removing the old key, with Cancel as the default.
 * Nothing is accepted here; the next connection asks about the new key like any unknown one.
 */
export function ForgetKeyDialog({ hop, onConfirm, onClose }: { hop: string; onConfirm(): void; onClose(): void }) {
  return (
    <ConfirmDialog
      title="Remove the old host key?"
      subtitle={
        <>
          Only if you know <span className="mono">{hop}</span> really has a new key (it was reinstalled, or its keys were rotated). If you are not sure, ask
          whoever runs it: a changed key is what an interception looks like.
        </>
      }
      icon={ShieldAlert}
      confirmLabel="Remove and reconnect"
      testId="forget-key-dialog"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        The old key is removed from your known_hosts file, as <code>ssh-keygen -R</code> does. Reconnecting then shows the new key's fingerprint for you to
        check and accept.
      </p>
    </ConfirmDialog>
  );
}
