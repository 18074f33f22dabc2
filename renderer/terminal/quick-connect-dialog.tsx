import { SquareTerminal } from 'lucide-react';
import { useState } from 'react';
import { parseDestination } from '../connections/destination';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import type { Completion } from './completions';
import { type CompletionOptions, useDestinationCompletion } from './destination-completion';

export interface QuickConnectDialogProps {
  onConnect(destination: string): void;
  /** A suggestion taken: a saved host opens as itself, anything else by its destination. */
  onChoose(choice: Completion): void;
  /** What it suggests from besides the history main keeps. */
  sources: CompletionOptions['sources'];
  onClose(): void;
}

/** Ctrl+Shift+T / Ctrl+K with tabs open: a destination for a new tab, completed as it is typed. */
export function QuickConnectDialog({ onConnect, onChoose, sources, onClose }: QuickConnectDialogProps) {
  const [error, setError] = useState<string | undefined>(undefined);
  const { text, inputProps, list } = useDestinationCompletion({ sources, onChoose, onEdit: () => setError(undefined) });
  const submit = (): void => {
    const parsed = parseDestination(text);
    if (parsed.ok) onConnect(text.trim());
    else setError(parsed.message);
  };
  return (
    <Dialog
      title="New connection"
      subtitle="Opens a terminal in a new tab."
      icon={SquareTerminal}
      width="s"
      onClose={onClose}
      onSubmit={submit}
      testId="quick-connect-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit">
            Connect
          </Button>
        </>
      }
    >
      <div className="completion-anchor">
        <TextField label="Destination" isMono placeholder="user@host:port" data-autofocus error={error} {...inputProps} />
        {list}
      </div>
    </Dialog>
  );
}
