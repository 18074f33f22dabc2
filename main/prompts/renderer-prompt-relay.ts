import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { HostKeyDecision, type PromptAnswerValue } from '../../shared/model/prompt';
import type { EventHub } from '../rpc/event-hub';
import type { PromptAnswer, PromptHandler, PromptRequest } from './prompt-types';

interface Pending {
  request: PromptRequest;
  resolve: (answer: unknown) => void;
}

/**
 * Answers the prompt broker's questions through the renderer: a question goes out as a
 * `prompts.request` event, and `prompts.answer` brings the reply back. An answer that does not fit
 * its question (a string for a host-key decision, say) is refused, not coerced.
 */
export class RendererPromptRelay {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly hub: EventHub) {}

  readonly handler: PromptHandler = <R extends PromptRequest>(request: R, signal?: AbortSignal) =>
    new Promise<PromptAnswer<R> | null>((resolve) => {
      if (!this.hub.hasListeners || signal?.aborted) {
        resolve(null);
        return;
      }
      const promptId = randomUUID();
      this.pending.set(promptId, { request, resolve: resolve as (answer: unknown) => void });
      this.hub.emit('prompts.request', { promptId, request });
      // Nobody wants the answer any more: the dialog goes away in every window.
      signal?.addEventListener('abort', () => this.withdraw(promptId), { once: true });
    });

  answer(promptId: string, answer: PromptAnswerValue): void {
    const pending = this.pending.get(promptId);
    if (!pending) throw new AppError('INVALID_ARGUMENT', 'That question was already answered or has expired.');
    if (answer !== null && !fits(pending.request, answer)) {
      throw new AppError('INVALID_ARGUMENT', `That answer does not fit a ${pending.request.kind} question.`);
    }
    this.pending.delete(promptId);
    this.hub.emit('prompts.closed', { promptId });
    pending.resolve(answer);
  }

  private withdraw(promptId: string): void {
    const pending = this.pending.get(promptId);
    if (!pending) return;
    this.pending.delete(promptId);
    this.hub.emit('prompts.closed', { promptId });
    pending.resolve(null);
  }

  /** Cancels every open question (a window closed, the app quits). */
  cancelAll(): void {
    for (const [promptId, pending] of this.pending) {
      this.hub.emit('prompts.closed', { promptId });
      pending.resolve(null);
    }
    this.pending.clear();
  }
}

function fits(request: PromptRequest, answer: Exclude<PromptAnswerValue, null>): boolean {
  switch (request.kind) {
    case 'host-key':
      return HostKeyDecision.safeParse(answer).success;
    case 'keyboard-interactive':
      return Array.isArray(answer) && answer.length === request.prompts.length;
    default:
      return typeof answer === 'string';
  }
}
