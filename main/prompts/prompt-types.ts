import type { ConflictDecision } from '../../shared/model/files';
import type { HostKeyDecision, PromptRequest } from '../../shared/model/prompt';

export type { HostKeyDecision, PromptRequest };

export type PromptAnswer<R extends PromptRequest> = R extends { kind: 'host-key' }
  ? HostKeyDecision
  : R extends { kind: 'keyboard-interactive' }
    ? string[]
    : R extends { kind: 'transfer-conflict' }
      ? ConflictDecision
      : string;

/**
 * Answers one question; resolve `null` to cancel. When `signal` aborts, nobody wants the answer any
 * more (the tab closed, the connection failed): withdraw the question and resolve `null`.
 */
export type PromptHandler = <R extends PromptRequest>(request: R, signal?: AbortSignal) => Promise<PromptAnswer<R> | null>;

/** What the protocol layer needs to ask: one connection attempt's view of the broker. */
export interface Prompter {
  readonly canAsk: boolean;
  ask<R extends PromptRequest>(request: R): Promise<PromptAnswer<R>>;
}
