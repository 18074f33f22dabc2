import { ShieldAlert } from 'lucide-react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

/**
 * The deliberate act after a changed host key: removing the old key, with Cancel as the default.
 * Nothing is accepted here; the next connection asks about the new key like any unknown one.
 */
export function ForgetKeyDialog({ hop, onConfirm, onClose }: { hop: string; onConfirm(): void; onClose(): void }) {
  return (
    <Dialog
      title="Remove the old host key?"
      subtitle={
        <>
          Only if you know <span className="mono">{hop}</span> really has a new key (it was reinstalled, or its keys were rotated). If you are not sure, ask
          whoever runs it: a changed key is what an interception looks like.
        </>
      }
      icon={ShieldAlert}
      tone="danger"
      width="s"
      onClose={onClose}
      testId="forget-key-dialog"
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            Remove and reconnect
          </Button>
        </>
      }
    >
      <p>The old key is removed from your known_hosts file, as <code>ssh-keygen -R</code> does. Reconnecting then shows the new key's fingerprint for you to check and accept.</p>
    </Dialog>
  );
}
