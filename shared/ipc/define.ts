import type { z } from 'zod';
import type { Result } from '../base/result';

/** One call the renderer can make: `domain.verb`, with zod schemas for what goes in and out. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

/** One event main can send: a name and the schema of its payload. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
}

export type MethodMap = Record<string, MethodSpec>;
export type EventMap = Record<string, EventSpec>;

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> => ({ input, output });
export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });

/** What a renderer passes in (before defaults) and gets back (after parsing). */
export type MethodInput<M extends MethodSpec> = z.input<M['input']>;
export type MethodOutput<M extends MethodSpec> = z.output<M['output']>;
export type EventPayload<E extends EventSpec> = z.output<E['payload']>;

/** The part of an AbortSignal a call watches (shared/ has neither the DOM's nor Node's types). */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CallOptions {
  /** Aborting it cancels the call: main is told to stop, and the call answers CALL_CANCELLED at once, never its late answer. */
  signal?: CancelSignal;
}

/** The renderer's api, derived from the contract: every method answers a Result, never throws. */
export type ApiOf<Methods extends MethodMap> = {
  [K in keyof Methods]: (input: MethodInput<Methods[K]>, options?: CallOptions) => Promise<Result<MethodOutput<Methods[K]>>>;
};

/** What main implements: one handler per method, given the parsed input and who called. */
export type HandlersOf<Methods extends MethodMap, Context = unknown> = {
  [K in keyof Methods]: (input: z.output<Methods[K]['input']>, context: Context) => Promise<MethodOutput<Methods[K]>> | MethodOutput<Methods[K]>;
};

export type Unsubscribe = () => void;
