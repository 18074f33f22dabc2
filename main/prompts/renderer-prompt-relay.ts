import { randomUUID } from 'node:crypto';
import { Emitter, type Event } from '../../shared/base/event';
import { AppError } from '../../shared/errors';
import { ConflictDecision } from '../../shared/model/files';
import { HostKeyDecision, type PromptAnswerValue } from '../../shared/model/prompt';
import type { PromptAnswer, PromptHandler, PromptRequest } from './prompt-types';

interface Pending {
  request: PromptRequest;
  resolve: (reply: RelayReply) => void;
}

/** What came back: the answer, and whether the person asked to keep it in the vault. */
export interface RelayReply {
  answer: unknown;
  save: boolean;
}

/** A question put to the windows. */
export interface AskedPrompt {
  promptId: string;
  request: PromptRequest;
}

/**
 * Answers the prompt broker's questions through the renderer: a question goes out as an
 * `onDidAsk` event, and `answer` brings the reply back. An answer that does not fit
 * its question (a string for a host-key decision, say) is refused, not coerced.
 */
export class RendererPromptRelay {
  private readonly pending = new Map<string, Pending>();

  private readonly onDidAskEmitter = new Emitter<AskedPrompt>();
  readonly onDidAsk: Event<AskedPrompt> = this.onDidAskEmitter.event;
  private readonly onDidCloseEmitter = new Emitter<{ promptId: string }>();
  /** A question is over (answered, withdrawn or cancelled): its dialog goes away in every window. */
  readonly onDidClose: Event<{ promptId: string }> = this.onDidCloseEmitter.event;

  readonly handler: PromptHandler = async <R extends PromptRequest>(request: R, signal?: AbortSignal) =>
    (await this.ask(request, signal)).answer as PromptAnswer<R> | null;

  /** Asks the windows; the reply says whether to keep the answer (see VaultPrompts). */
  ask(request: PromptRequest, signal?: AbortSignal): Promise<RelayReply> {
    return new Promise<RelayReply>((resolve) => {
      // With no window connected yet (a tunnel started at launch), the question waits: the first
      // window to connect asks for prompts.pending and shows it; the broker's timeout still applies.
      if (signal?.aborted) {
        resolve({ answer: null, save: false });
        return;
      }
      const promptId = randomUUID();
      this.pending.set(promptId, { request, resolve });
      this.onDidAskEmitter.fire({ promptId, request });
      // Nobody wants the answer any more: the dialog goes away in every window.
      signal?.addEventListener('abort', () => this.withdraw(promptId), { once: true });
    });
  }

  /** Every open question, oldest first. */
  pendingList(): AskedPrompt[] {
    return [...this.pending].map(([promptId, { request }]) => ({ promptId, request }));
  }

  answer(promptId: string, answer: PromptAnswerValue, save = false): void {
    const pending = this.pending.get(promptId);
    if (!pending) throw new AppError('NOT_FOUND', 'That question was already answered or has expired.');
    if (answer !== null && !fits(pending.request, answer)) {
      throw new AppError('INVALID_ARGUMENT', `That answer does not fit a ${pending.request.kind} question.`);
    }
    this.pending.delete(promptId);
    this.onDidCloseEmitter.fire({ promptId });
    pending.resolve({ answer, save: save && answer !== null && 'canSave' in pending.request && pending.request.canSave === true });
  }

  private withdraw(promptId: string): void {
    const pending = this.pending.get(promptId);
    if (!pending) return;
    this.pending.delete(promptId);
    this.onDidCloseEmitter.fire({ promptId });
    pending.resolve({ answer: null, save: false });
  }

  /** Cancels every open question (a window closed, the app quits). */
  cancelAll(): void {
    for (const [promptId, pending] of this.pending) {
      this.onDidCloseEmitter.fire({ promptId });
      pending.resolve({ answer: null, save: false });
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
    case 'transfer-conflict':
      return ConflictDecision.safeParse(answer).success;
    default:
      return typeof answer === 'string';
  }
}
