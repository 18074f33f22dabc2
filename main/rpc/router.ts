import { type Result, err, ok } from '../../shared/base/result';
import { AppError, toAppError } from '../../shared/errors';
import { type HandlersOf, type MethodName, type Methods, methodForLog, methods } from '../../shared/ipc';

/** Who sent a message, as the transport established it. Only a trusted sender reaches a handler. */
export interface CallContext {
  isTrustedSender: boolean;
  transport: 'electron' | 'web' | 'direct';
  /** The window that called, where the transport knows it: its sessions come back to it after a reload. */
  windowId?: string;
  /** Aborted when the window cancels the call or goes away: long work (a count, a listing) stops there. */
  signal: AbortSignal;
}

/** What a transport knows of a call; without a signal the call cannot be cancelled. */
export type CallOrigin = Omit<CallContext, 'signal'> & { signal?: AbortSignal };

const NEVER_ABORTED = new AbortController().signal;

/**
 * The one router of the contract, shared by the Electron IPC transport and the WebSocket
 * bridge, so a method cannot exist in one and not the other. It refuses untrusted senders and
 * unknown methods, parses every input with the contract's schema, and answers a Result: a
 * handler's failure becomes a coded error, never a stack.
 */
export class Router {
  constructor(
    private readonly handlers: HandlersOf<Methods, CallContext>,
    private readonly onUnexpected: (method: string, error: unknown) => void = () => {},
    /** Told of each refused message: the method and why, never the input (it may hold a passphrase). */
    private readonly log: (line: string) => void = () => {},
  ) {
    for (const name of Object.keys(methods)) {
      if (typeof (handlers as Record<string, unknown>)[name] !== 'function') throw new Error(`No handler for ${name}`);
    }
  }

  async dispatch(methodName: unknown, rawInput: unknown, origin: CallOrigin): Promise<Result<unknown>> {
    if (!origin.isTrustedSender) {
      this.refused(methodName, origin, 'the sender is not this app');
      return err(new AppError('INVALID_ARGUMENT', 'The message came from a sender that is not this app; it was ignored.').toJSON());
    }
    if (typeof methodName !== 'string' || !Object.hasOwn(methods, methodName)) {
      this.refused(methodName, origin, 'no such method');
      return err(new AppError('INVALID_ARGUMENT', `There is no method "${String(methodName).slice(0, 64)}".`).toJSON());
    }
    const name = methodName as MethodName;
    const parsed = methods[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      // The log gets where and what kind only: a message may quote the value.
      this.refused(name, origin, `invalid input${where.slice(0, 80)} (${issue?.code ?? 'rejected'})`);
      return err(new AppError('INVALID_ARGUMENT', `Invalid input for ${name}${where}: ${issue?.message ?? 'rejected'}.`).toJSON());
    }
    try {
      const handler = this.handlers[name] as (input: unknown, context: CallContext) => unknown;
      const value = await handler(parsed.data, { ...origin, signal: origin.signal ?? NEVER_ABORTED });
      return ok(methods[name].output.parse(value));
    } catch (error) {
      if (!(error instanceof AppError)) this.onUnexpected(name, error);
      return err(toAppError(error).toJSON());
    }
  }

  private refused(methodName: unknown, origin: CallOrigin, reason: string): void {
    this.log(`refused a call of ${methodForLog(methodName)} (${origin.transport}): ${reason}`);
  }
}
