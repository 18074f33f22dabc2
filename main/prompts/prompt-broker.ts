import { AppError } from '../../shared/errors';
import { Emitter } from '../../shared/base/event';
import type { PromptAnswer, PromptHandler, Prompter, PromptRequest } from './prompt-types';

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

  /**
   * Questions for one connection attempt: when `signal` aborts, an open question is withdrawn
   * from whoever was showing it and its ask rejects with the abort's reason.
   */
  scoped(signal: AbortSignal): Prompter {
    return {
      canAsk: this.canAsk,
      ask: (request) => this.ask(request, signal),
    };
  }

  /** Resolves with the answer; rejects PROMPT_CANCELLED, PROMPT_TIMEOUT or PROMPT_UNAVAILABLE (or the signal's reason). */
  async ask<R extends PromptRequest>(request: R, signal?: AbortSignal): Promise<PromptAnswer<R>> {
    if (!this.handler) {
      throw new AppError('PROMPT_UNAVAILABLE', `${describe(request)} is needed, but nobody can be asked (no terminal or window).`, {
        hop: request.hop,
      });
    }
    signal?.throwIfAborted();
    this.setOpen(+1);
    let timer: NodeJS.Timeout | undefined;
    // The handler hears of a timeout or an abort through this signal, and takes its question back.
    const withdraw = new AbortController();
    const onAbort = (): void => withdraw.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const ended = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => withdraw.abort(new AppError('PROMPT_TIMEOUT', `Nobody answered the ${subject(request)} question in time.`, { hop: request.hop })),
          this.timeoutMs,
        );
        withdraw.signal.addEventListener('abort', () => reject(withdraw.signal.reason), { once: true });
      });
      const answer = await Promise.race([this.handler(request, withdraw.signal), ended]);
      if (answer === null) {
        throw new AppError('PROMPT_CANCELLED', `The ${subject(request)} question was cancelled.`, { hop: request.hop });
      }
      return answer;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
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
      return "An answer to the server's questions";
    case 'transfer-conflict':
      return 'A decision on names that already exist at the destination';
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
    case 'transfer-conflict':
      return 'existing names';
  }
}
