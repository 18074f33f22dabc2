import { MessageSquareText } from 'lucide-react';
import { useState } from 'react';
import type { PromptRequest } from '../../shared/model';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/text-field';
import { sanitizeUntrusted } from './sanitize-untrusted';
import { UntrustedText } from './untrusted-text';

type InteractiveRequest = Extract<PromptRequest, { kind: 'keyboard-interactive' }>;

/**
 * The server's own questions (one-time codes, passwords). Everything in them is server text, so
 * it is shown as such and labelled with the hop; answers are hidden unless the server asks to echo.
 */
export function KeyboardInteractivePrompt({ request, onAnswer }: { request: InteractiveRequest; onAnswer(answers: string[] | null): void }) {
  const [answers, setAnswers] = useState(() => request.prompts.map(() => ''));
  const header = [request.name, request.instructions].filter((part) => part.trim() !== '').join('\n');
  return (
    <Dialog
      title="The server asks"
      subtitle={
        <>
          Keyboard-interactive sign-in on <span className="mono">{request.hop}</span>
        </>
      }
      icon={MessageSquareText}
      onClose={() => onAnswer(null)}
      onSubmit={() => onAnswer(answers)}
      testId="prompt-keyboard-interactive"
      footer={
        <>
          <Button onClick={() => onAnswer(null)}>Cancel</Button>
          <Button type="submit" variant="primary">
            Continue
          </Button>
        </>
      }
    >
      <UntrustedText hop={request.hop} text={header} />
      {request.prompts.map((prompt, index) => (
        <TextField
          key={index}
          label={<span className="mono untrusted-label">{sanitizeUntrusted(prompt.prompt).trim() || `Answer ${index + 1}`}</span>}
          type={prompt.echo ? 'text' : 'password'}
          value={answers[index] ?? ''}
          isMono={prompt.echo}
          data-autofocus={index === 0 ? true : undefined}
          onChange={(event) => setAnswers((current) => current.map((answer, i) => (i === index ? event.target.value : answer)))}
        />
      ))}
      {request.prompts.length === 0 && <p className="prompt-note">The server asks nothing here; continue to proceed.</p>}
    </Dialog>
  );
}
