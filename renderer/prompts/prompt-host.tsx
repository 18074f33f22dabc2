import { useReducer } from 'react';
import type { ErrorHint } from '../../shared/errors';
import type { PromptAnswerValue } from '../../shared/model';
import { useClient, useEvent, useOnLinkOpen } from '../app/hooks/client-context';
import { HostKeyPrompt } from './host-key-prompt';
import { KeyboardInteractivePrompt } from './keyboard-interactive-prompt';
import { promptQueue } from './prompt-queue';
import { SecretPrompt } from './secret-prompt';
import { TransferConflictPrompt } from './transfer-conflict-prompt';
import './prompts.css';

/** Shows main's questions one at a time and sends the answers back with `prompts.answer`. */
export function PromptHost({ onError }: { onError(message: string, code: string, hint?: ErrorHint): void }) {
  const { api } = useClient();
  const [queue, dispatch] = useReducer(promptQueue, []);
  useEvent('prompts.request', (prompt) => dispatch({ type: 'request', prompt }));
  useEvent('prompts.closed', ({ promptId }) => dispatch({ type: 'closed', promptId }));
  // A question asked before this window loaded (or while its link was down) is still waiting in main.
  useOnLinkOpen(() => {
    void api['prompts.pending']({}).then((result) => result.ok && dispatch({ type: 'sync', prompts: result.value }));
  });

  const current = queue[0];
  if (current === undefined) return null;
  const answer = (value: PromptAnswerValue, save?: boolean): void => {
    dispatch({ type: 'closed', promptId: current.promptId });
    void api['prompts.answer']({ promptId: current.promptId, answer: value, ...(save === true ? { save } : {}) }).then((result) => {
      if (!result.ok) onError(result.error.message, result.error.code, result.error.hint);
    });
  };

  const { request } = current;
  switch (request.kind) {
    case 'host-key':
      return <HostKeyPrompt key={current.promptId} request={request} onAnswer={answer} />;
    case 'password':
    case 'passphrase':
      return <SecretPrompt key={current.promptId} request={request} onAnswer={answer} />;
    case 'keyboard-interactive':
      return <KeyboardInteractivePrompt key={current.promptId} request={request} onAnswer={answer} />;
    case 'transfer-conflict':
      return <TransferConflictPrompt key={current.promptId} request={request} onAnswer={answer} />;
  }
}
