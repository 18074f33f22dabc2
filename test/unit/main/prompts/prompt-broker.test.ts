import { describe, expect, it } from 'vitest';
import { PromptBroker } from '../../../../main/prompts/prompt-broker';
import { ConnectDeadline } from '../../../../main/ssh/connect/connect-deadline';
import { AppError } from '../../../../shared/errors';
import { pollUntil } from '../../../helpers/poll-until';

const password = { kind: 'password', hop: 'u@h:22', user: 'u', host: 'h', attempt: 1 } as const;

describe('PromptBroker', () => {
  it('relays the answer and reports when it is busy', async () => {
    const broker = new PromptBroker((async () => 'secret') as never);
    const states: boolean[] = [];
    broker.onDidChangeBusy((b) => states.push(b));
    await expect(broker.ask(password)).resolves.toBe('secret');
    expect(states).toEqual([true, false]);
  });

  it('cancel → PROMPT_CANCELLED; nobody to ask → PROMPT_UNAVAILABLE; no answer in time → PROMPT_TIMEOUT', async () => {
    await expect(new PromptBroker(async () => null).ask(password)).rejects.toMatchObject({ code: 'PROMPT_CANCELLED', hop: 'u@h:22' });
    await expect(new PromptBroker(undefined).ask(password)).rejects.toMatchObject({ code: 'PROMPT_UNAVAILABLE' });
    const never = new PromptBroker(() => new Promise(() => {}), 30);
    const error = await never.ask(password).catch((e: unknown) => e);
    expect(AppError.is(error, 'PROMPT_TIMEOUT')).toBe(true);
    expect(never.isBusy).toBe(false);
  });
});

describe('PromptBroker questions of one attempt', () => {
  it('an abort withdraws the open question from the handler and rejects with the reason', async () => {
    let handlerSignal: AbortSignal | undefined;
    const broker = new PromptBroker(((_request: unknown, signal?: AbortSignal) => {
      handlerSignal = signal;
      return new Promise(() => {});
    }) as never);
    const attempt = new AbortController();
    const asking = broker
      .scoped(attempt.signal)
      .ask(password)
      .catch((e: unknown) => e);
    await pollUntil(() => handlerSignal, { message: 'the question to reach the handler' });
    expect(handlerSignal!.aborted).toBe(false);
    attempt.abort(new AppError('CONNECT_CANCELLED', 'The connection to u@h:22 was cancelled.'));
    expect(await asking).toMatchObject({ code: 'CONNECT_CANCELLED' });
    expect(handlerSignal!.aborted).toBe(true);
    expect(broker.isBusy).toBe(false);
  });

  it('a question past its time is withdrawn from the handler too', async () => {
    let handlerSignal: AbortSignal | undefined;
    const broker = new PromptBroker(
      ((_request: unknown, signal?: AbortSignal) => {
        handlerSignal = signal;
        return new Promise(() => {});
      }) as never,
      30,
    );
    await expect(broker.ask(password)).rejects.toMatchObject({ code: 'PROMPT_TIMEOUT' });
    expect(handlerSignal?.aborted).toBe(true);
  });
});

describe('ConnectDeadline', () => {
  it('does not count paused time', async () => {
    let expiredAt = 0;
    const started = Date.now();
    const deadline = new ConnectDeadline(60, () => (expiredAt = Date.now()));
    deadline.pause();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(expiredAt).toBe(0);
    deadline.resume();
    await pollUntil(() => expiredAt, { message: 'the deadline to expire' });
    expect(expiredAt - started).toBeGreaterThanOrEqual(170);
    deadline.dispose();
  });
});
