import type { Result } from '../../shared/base/result';
import { type Api, type CallOptions, type EventName, type EventPayload, type Events, METHOD_NAMES, events, methods } from '../../shared/ipc';
import { failure } from './result-envelope';
import type { Transport, Unsubscribe } from './transport';

/**
 * The renderer's typed api over any transport. Answers are checked against the contract's
 * output schemas on arrival, so a component only ever sees values of the declared type; a call
 * never throws, it answers a Result. `options.signal` cancels a call (CALL_CANCELLED at once).
 */
export function createApi(transport: Transport): Api {
  const api: Record<string, (input: unknown, options?: CallOptions) => Promise<Result<unknown>>> = {};
  for (const name of METHOD_NAMES) {
    const output = methods[name].output;
    api[name] = async (input, options) => {
      let result: Result<unknown>;
      try {
        result = await transport.invoke(name, input ?? {}, options?.signal);
      } catch {
        return failure('CONNECTION_LOST', 'This window lost its link to the app. Reload the window.', name);
      }
      if (!result.ok) return result;
      const parsed = output.safeParse(result.value);
      if (parsed.success) return { ok: true, value: parsed.data };
      return failure('INTERNAL', 'The app sent data this window does not understand. Reload the window, and report this if it happens again.', name);
    };
  }
  return api as Api;
}

export type EventListener<N extends EventName> = (payload: EventPayload<Events[N]>) => void;

/**
 * Subscribes to one contract event. Payloads are validated against the contract on arrival;
 * one that does not match is dropped (and reported through `onInvalid`), never handed on.
 */
export function subscribe<N extends EventName>(
  transport: Transport,
  name: N,
  listener: EventListener<N>,
  onInvalid: (name: EventName, payload: unknown) => void = reportInvalidEvent,
): Unsubscribe {
  const schema = events[name].payload;
  return transport.subscribe(name, (payload) => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<Events[N]>);
    else onInvalid(name, payload);
  });
}

function reportInvalidEvent(name: EventName): void {
  console.warn(`Dropped a ${name} event whose payload does not match the contract.`);
}
