import { AppError } from '../../shared/errors';
import { Emitter } from '../../shared/base/event';
import type { PromptAnswer, PromptHandler, PromptRequest } from './prompt-types';

export const DEFAULT_PROMPT_TIMEOUT_MS = 5 * 60_000;

/**
 * The one way the protocol layer asks a person something. It never opens UI itself: a handler
 * (the app's window, the CLI's terminal, a test) answers. Each question has its own time budget,
 * and the broker tells listeners while a question is open so connect timers can pause: a person
 * thinking does not count against ConnectTimeout.
 */
export class PromptBroker {
  private readonly onDidChangeBusyEmitter = new Emitter<boolean>();
  readonly onDidChangeBusy = this.onDidChangeBusyEmitter.event;
  private open = 0;

  constructor(
    private readonly handler: PromptHandler | undefined,
    private readonly timeoutMs = DEFAULT_PROMPT_TIMEOUT_MS,
  ) {}

  get canAsk(): boolean {
    return this.handler !== undefined;
  }

  get isBusy(): boolean {
    return this.open > 0;
  }

  /** Resolves with the answer; rejects PROMPT_CANCELLED, PROMPT_TIMEOUT or PROMPT_UNAVAILABLE. */
  async ask<R extends PromptRequest>(request: R): Promise<PromptAnswer<R>> {
    if (!this.handler) {
      throw new AppError('PROMPT_UNAVAILABLE', `${describe(request)} is needed, but nobody can be asked (no terminal or window).`, {
        hop: request.hop,
      });
    }
    this.setOpen(+1);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AppError('PROMPT_TIMEOUT', `Nobody answered the ${subject(request)} question in time.`, { hop: request.hop })),
          this.timeoutMs,
        );
      });
      const answer = await Promise.race([this.handler(request), timeout]);
      if (answer === null) {
        throw new AppError('PROMPT_CANCELLED', `The ${subject(request)} question was cancelled.`, { hop: request.hop });
      }
      return answer;
    } finally {
      clearTimeout(timer);
      this.setOpen(-1);
    }
  }

  private setOpen(delta: number): void {
    const wasBusy = this.open > 0;
    this.open += delta;
    if (wasBusy !== this.open > 0) this.onDidChangeBusyEmitter.fire(this.open > 0);
  }
}

function describe(request: PromptRequest): string {
  switch (request.kind) {
    case 'host-key':
      return 'A decision on an unknown host key';
    case 'password':
      return 'A password';
    case 'passphrase':
      return `The passphrase for ${request.keyFile}`;
    case 'keyboard-interactive':
      return 'An answer to the server\'s questions';
  }
}

/** The question itself, for "The … question was cancelled." */
function subject(request: PromptRequest): string {
  switch (request.kind) {
    case 'host-key':
      return 'host key';
    case 'password':
      return 'password';
    case 'passphrase':
      return `passphrase (${request.keyFile})`;
    case 'keyboard-interactive':
      return 'login';
  }
}
