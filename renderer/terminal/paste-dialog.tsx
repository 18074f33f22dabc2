import { ClipboardPaste } from 'lucide-react';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { describePaste, type PasteRisk } from './paste-guard';

/** Asks before a paste that would run commands (a newline) or carries control characters. */
export function PasteDialog({ text, risk, target, onPaste, onCancel }: { text: string; risk: PasteRisk; target: string; onPaste(): void; onCancel(): void }) {
  const { lineCount, preview, isCut } = describePaste(text);
  return (
    <Dialog
      title={risk === 'multi-line' ? `Paste ${lineCount} lines?` : 'Paste text with control characters?'}
      subtitle={
        <>
          Into <span className="mono">{target}</span>.{' '}
          {risk === 'multi-line' ? 'Each line runs as soon as it arrives.' : 'They can act as keystrokes in the shell.'}
        </>
      }
      icon={ClipboardPaste}
      tone="warning"
      onClose={onCancel}
      onSubmit={onPaste}
      testId="paste-dialog"
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" type="submit" data-autofocus>
            Paste
          </Button>
        </>
      }
    >
      <pre className="paste-preview mono">
        {preview}
        {isCut ? `\n… ${lineCount - 8} more lines` : ''}
      </pre>
    </Dialog>
  );
}
