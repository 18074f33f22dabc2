import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';

export interface ConfirmDialogProps {
  title: string;
  subtitle: ReactNode;
  icon: LucideIcon;
  /** The destructive button's words ("Remove"). */
  confirmLabel: string;
  testId: string;
  children?: ReactNode;
  onConfirm(): void;
  onClose(): void;
}

/** A question before something that cannot be undone: Cancel has the focus, the other button is red. */
export function ConfirmDialog({ title, subtitle, icon, confirmLabel, testId, children, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      subtitle={subtitle}
      icon={icon}
      tone="danger"
      width="s"
      onClose={onClose}
      testId={testId}
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
