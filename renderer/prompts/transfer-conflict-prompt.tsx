import { Files } from 'lucide-react';
import type { ConflictDecision, PromptRequest } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { sanitizeUntrusted } from './sanitize-untrusted';
import { UntrustedText } from './untrusted-text';

type ConflictRequest = Extract<PromptRequest, { kind: 'transfer-conflict' }>;

/**
 * Names a transfer would write over. The names come from the destination, so they are shown as its
 * text; Skip existing has the focus, since Enter out of habit must not overwrite anything.
 */
export function TransferConflictPrompt({ request, onAnswer }: { request: ConflictRequest; onAnswer(decision: ConflictDecision | null): void }) {
  const more = request.existing - request.names.length;
  const isOne = request.existing === 1;
  return (
    <Dialog
      title={`${request.existing} ${isOne ? 'name already exists' : 'names already exist'} in ${sanitizeUntrusted(request.hop)}`}
      subtitle={<span className="mono">{sanitizeUntrusted(request.title)}</span>}
      icon={Files}
      tone="warning"
      width="l"
      onClose={() => onAnswer(null)}
      testId="prompt-transfer-conflict"
      footer={
        <>
          <Button onClick={() => onAnswer(null)} className="prompt-conflict__cancel">
            Cancel transfer
          </Button>
          <Button onClick={() => onAnswer('newer')} title="Copy only where the source is newer than what is there">
            Only newer
          </Button>
          <Button onClick={() => onAnswer('rename')} title="Copy as “name (1).ext” beside what is there">
            Keep both
          </Button>
          <Button onClick={() => onAnswer('skip')} data-autofocus>
            Skip existing
          </Button>
          <Button variant="danger" onClick={() => onAnswer('overwrite')}>
            Overwrite
          </Button>
        </>
      }
    >
      <p>What should happen to {isOne ? 'it' : 'them'}? The choice applies to every name of this transfer.</p>
      <UntrustedText hop={request.hop} label="At the destination" text={request.names.join('\n')} />
      {more > 0 && <p className="prompt-note">and {more} more</p>}
    </Dialog>
  );
}
