import type { PromptRequest } from '../../shared/model';

export interface PendingPrompt {
  promptId: string;
  request: PromptRequest;
}

export type PromptQueueAction = { type: 'request'; prompt: PendingPrompt } | { type: 'closed'; promptId: string };

/** Prompts wait in arrival order; one is shown at a time; a prompt main closed (timeout, cancel) goes away. */
export function promptQueue(queue: readonly PendingPrompt[], action: PromptQueueAction): readonly PendingPrompt[] {
  switch (action.type) {
    case 'request':
      return queue.some((prompt) => prompt.promptId === action.prompt.promptId) ? queue : [...queue, action.prompt];
    case 'closed':
      return queue.filter((prompt) => prompt.promptId !== action.promptId);
  }
}
