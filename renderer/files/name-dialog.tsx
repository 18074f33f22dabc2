import type { LucideIcon } from 'lucide-react';
import { useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { nameProblem } from './file-paths';

export interface NameDialogProps {
  title: string;
  subtitle: string;
  icon: LucideIcon;
  initialName: string;
  confirmLabel: string;
  testId: string;
  /** Does it; answers the error to show (the dialog stays open), or undefined when done. */
  onSubmit(name: string): Promise<AppErrorData | undefined>;
  onClose(): void;
}

/** Asks for one name: a new folder's, or a new name for an entry. Main's refusal shows under the field. */
export function NameDialog({ title, subtitle, icon, initialName, confirmLabel, testId, onSubmit, onClose }: NameDialogProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | undefined>(undefined);
  const [isBusy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    const problem = nameProblem(name);
    if (problem !== undefined) return setError(problem);
    setBusy(true);
    const failure = await onSubmit(name);
    setBusy(false);
    if (failure !== undefined) setError(failure.message);
  };
  return (
    <Dialog
      title={title}
      subtitle={<span className="mono">{subtitle}</span>}
      icon={icon}
      width="s"
      onClose={onClose}
      onSubmit={() => void submit()}
      testId={testId}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={isBusy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <TextField
        label="Name"
        value={name}
        isMono
        error={error}
        data-autofocus
        onFocus={(event) => selectStem(event.target)}
        onChange={(event) => {
          setName(event.target.value);
          setError(undefined);
        }}
      />
    </Dialog>
  );
}

/** Selects the name without its extension, as file managers do on rename. */
function selectStem(input: HTMLInputElement): void {
  const dot = input.value.lastIndexOf('.');
  input.setSelectionRange(0, dot > 0 ? dot : input.value.length);
}
