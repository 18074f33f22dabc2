import { Trash2 } from 'lucide-react';
import type { ConnectionProfile } from '../../shared/model';
import { ConfirmDialog } from '../ui/confirm-dialog';

export function RemoveHostDialog({ profile, onConfirm, onClose }: { profile: ConnectionProfile; onConfirm(): void; onClose(): void }) {
  return (
    <ConfirmDialog
      title={`Remove ${profile.name}?`}
      subtitle="The saved host goes away; known host keys and your key files stay."
      icon={Trash2}
      confirmLabel="Remove"
      testId="remove-host-dialog"
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
