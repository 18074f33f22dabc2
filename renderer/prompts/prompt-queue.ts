import type { PromptRequest } from '../../shared/model';

export interface PendingPrompt {
  promptId: string;
  request: PromptRequest;
}

export type PromptQueueAction =
  | { type: 'request'; prompt: PendingPrompt }
  | { type: 'closed'; promptId: string }
  /** What main says is open now (after a load or a reconnect of the link, when events may have been missed). */
  | { type: 'sync'; prompts: readonly PendingPrompt[] };

/** Prompts wait in arrival order; one is shown at a time; a prompt main closed (timeout, cancel) goes away. */
export function promptQueue(queue: readonly PendingPrompt[], action: PromptQueueAction): readonly PendingPrompt[] {
  switch (action.type) {
    case 'request':
      return queue.some((prompt) => prompt.promptId === action.prompt.promptId) ? queue : [...queue, action.prompt];
    case 'closed':
      return queue.filter((prompt) => prompt.promptId !== action.promptId);
    case 'sync':
      return action.prompts;
  }
}
