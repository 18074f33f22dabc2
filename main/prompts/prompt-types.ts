import type { HostKeyDecision, PromptRequest } from '../../shared/model/prompt';

export type { HostKeyDecision, PromptRequest };

export type PromptAnswer<R extends PromptRequest> = R extends { kind: 'host-key' }
  ? HostKeyDecision
  : R extends { kind: 'keyboard-interactive' }
    ? string[]
    : string;

/** Answers one question; resolve `null` to cancel. */
export type PromptHandler = <R extends PromptRequest>(request: R) => Promise<PromptAnswer<R> | null>;
