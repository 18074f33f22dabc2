import { LockKeyhole } from 'lucide-react';
import { useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { formatOctal, parseOctal, rwx } from './file-format';

export interface PermissionsDialogProps {
  /** What the change applies to (`notes.txt`, `3 items`). */
  subject: string;
  initialMode: number;
  onApply(mode: number): Promise<AppErrorData | undefined>;
  onClose(): void;
}

const WHO = [
  { label: 'Owner', shift: 6 },
  { label: 'Group', shift: 3 },
  { label: 'Others', shift: 0 },
] as const;
const WHAT = [
  { label: 'Read', bit: 4 },
  { label: 'Write', bit: 2 },
  { label: 'Execute', bit: 1 },
] as const;

/** chmod: an octal field and the nine boxes, each kept in step with the other. */
export function PermissionsDialog({ subject, initialMode, onApply, onClose }: PermissionsDialogProps) {
  const [mode, setMode] = useState(initialMode & 0o7777);
  const [text, setText] = useState(formatOctal(initialMode));
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const isValid = parseOctal(text) !== undefined;
  const toggle = (mask: number): void => {
    const next = mode ^ mask;
    setMode(next);
    setText(formatOctal(next));
    setError(undefined);
  };
  const apply = async (): Promise<void> => {
    if (!isValid) return setError('Type three or four octal digits, such as 644 or 0755.');
    setBusy(true);
    const failure = await onApply(mode);
    setBusy(false);
    if (failure !== undefined) setError(failure.message);
  };
  return (
    <Dialog
      title="Permissions"
      subtitle={<span className="mono">{subject}</span>}
      icon={LockKeyhole}
      width="s"
      onClose={onClose}
      onSubmit={() => void apply()}
      testId="permissions-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy}>
            Apply
          </Button>
        </>
      }
    >
      <TextField
        label="Mode (octal)"
        value={text}
        isMono
        inputMode="numeric"
        maxLength={4}
        error={error}
        hint={<span className="mono">{rwx(mode)}</span>}
        data-autofocus
        onChange={(event) => {
          setText(event.target.value);
          setError(undefined);
          const parsed = parseOctal(event.target.value);
          if (parsed !== undefined) setMode(parsed);
        }}
      />
      <table className="permissions-grid">
        <thead>
          <tr>
            <td />
            {WHAT.map((what) => (
              <th key={what.label} scope="col">
                {what.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WHO.map((who) => (
            <tr key={who.label}>
              <th scope="row">{who.label}</th>
              {WHAT.map((what) => {
                const mask = what.bit << who.shift;
                return (
                  <td key={what.label}>
                    <input
                      type="checkbox"
                      aria-label={`${who.label} ${what.label.toLowerCase()}`}
                      checked={(mode & mask) !== 0}
                      onChange={() => toggle(mask)}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
