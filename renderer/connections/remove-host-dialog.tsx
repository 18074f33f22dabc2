import { Trash2 } from 'lucide-react';
import type { ConnectionProfile } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

export function RemoveHostDialog({ profile, onConfirm, onClose }: { profile: ConnectionProfile; onConfirm(): void; onClose(): void }) {
  return (
    <Dialog
      title={`Remove ${profile.name}?`}
      subtitle="The saved host goes away; known host keys and your key files stay."
      icon={Trash2}
      tone="danger"
      width="s"
      onClose={onClose}
      testId="remove-host-dialog"
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            Remove
          </Button>
        </>
      }
    />
  );
}
