import type { Disposable } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import type { AppError } from '../../shared/errors';
import { type ForwardSpec, type ForwardState, type ForwardStatus, forwardLabel } from '../../shared/model/forward-spec';
import type { PipeCounters } from '../base/stream-pipe';

/** Byte counters change on every chunk; their event is coalesced to this period. */
const BYTES_EVENT_INTERVAL_MS = 250;

/**
 * One forward's state and counters. State and connection changes fire at once; byte counts are
 * coalesced so that a busy forward costs a timer, not an event per chunk.
 */
export class ForwardStats implements Disposable, PipeCounters {
  private readonly onDidChangeEmitter = new Emitter<ForwardStatus>();
  readonly onDidChange: Event<ForwardStatus> = this.onDidChangeEmitter.event;
  private current: ForwardStatus;
  private bytesTimer: NodeJS.Timeout | undefined;

  constructor(spec: ForwardSpec) {
    this.current = { spec, label: forwardLabel(spec), state: 'starting', activeConnections: 0, totalConnections: 0, bytesFromClient: 0, bytesToClient: 0 };
  }

  get status(): ForwardStatus {
    return { ...this.current };
  }

  get label(): string {
    return this.current.label;
  }

  setState(state: ForwardState, details: { boundAddress?: string; boundPort?: number; error?: AppError } = {}): void {
    if (details.boundAddress !== undefined) this.current.boundAddress = details.boundAddress;
    if (details.boundPort !== undefined) this.current.boundPort = details.boundPort;
    if (details.error) this.current.lastError = lastErrorOf(details.error);
    this.current.state = state;
    this.fire();
  }

  /** What the last probe of the target said; a target that stopped answering records why. */
  setTargetAnswering(isAnswering: boolean, error?: AppError): void {
    if (this.current.isTargetAnswering === isAnswering && !error) return;
    this.current.isTargetAnswering = isAnswering;
    if (error) this.current.lastError = lastErrorOf(error);
    this.fire();
  }

  /** A connection through the forward failed (the target refused, say); the forward itself goes on. */
  recordError(error: AppError): void {
    this.current.lastError = lastErrorOf(error);
    this.fire();
  }

  connectionOpened(): void {
    this.current.activeConnections++;
    this.current.totalConnections++;
    this.fire();
  }

  connectionClosed(): void {
    this.current.activeConnections--;
    this.fire();
  }

  onFromClient(bytes: number): void {
    this.current.bytesFromClient += bytes;
    this.scheduleBytesEvent();
  }

  onToClient(bytes: number): void {
    this.current.bytesToClient += bytes;
    this.scheduleBytesEvent();
  }

  dispose(): void {
    clearTimeout(this.bytesTimer);
    this.onDidChangeEmitter.dispose();
  }

  private scheduleBytesEvent(): void {
    if (this.bytesTimer) return;
    this.bytesTimer = setTimeout(() => this.fire(), BYTES_EVENT_INTERVAL_MS);
    this.bytesTimer.unref();
  }

  private fire(): void {
    clearTimeout(this.bytesTimer);
    this.bytesTimer = undefined;
    this.onDidChangeEmitter.fire(this.status);
  }
}

function lastErrorOf(error: AppError): ForwardStatus['lastError'] {
  return error.hint === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, hint: error.hint };
}
