import { SquareTerminal } from 'lucide-react';
import { useState } from 'react';
import { parseDestination } from '../connections/destination';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';

/** Ctrl+Shift+T / Ctrl+K with tabs open: a destination for a new tab. */
export function QuickConnectDialog({ onConnect, onClose }: { onConnect(destination: string): void; onClose(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
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
      <TextField
        label="Destination"
        isMono
        placeholder="user@host:port"
        value={text}
        data-autofocus
        error={error}
        onChange={(event) => {
          setText(event.target.value);
          setError(undefined);
        }}
      />
    </Dialog>
  );
}
