import { type Disposable, DisposableStore } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';
import { type AppError, toAppError } from '../../shared/errors';
import type { ForwardSpec, ForwardStatus } from '../../shared/model/forward-spec';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { DynamicForward } from './dynamic-forward';
import type { Forward } from './forward';
import { LocalForward } from './local-forward';
import { RemoteForward } from './remote-forward';

export function createForward(spec: ForwardSpec, connection: SshConnection): Forward {
  switch (spec.kind) {
    case 'local':
      return new LocalForward(spec, connection);
    case 'remote':
      return new RemoteForward(spec, connection);
    case 'dynamic':
      return new DynamicForward(spec, connection);
  }
}

export interface ForwardSetOptions {
  /** As OpenSSH's ExitOnForwardFailure: any forward that cannot start fails the whole set. */
  exitOnForwardFailure?: boolean;
}

/**
 * Every forward of one connection. A forward that cannot start is reported (its status says
 * 'failed' with the reason) and the others go on, unless exitOnForwardFailure makes it fatal.
 */
export class ForwardSet implements Disposable {
  private readonly store = new DisposableStore();
  private readonly onDidChangeEmitter = new Emitter<ForwardStatus[]>();
  /** Fires with every forward's status whenever one of them changes. */
  readonly onDidChange: Event<ForwardStatus[]> = this.onDidChangeEmitter.event;

  private constructor(readonly forwards: Forward[]) {
    for (const forward of forwards) {
      this.store.add(forward);
      this.store.add(forward.stats.onDidChange(() => this.onDidChangeEmitter.fire(this.statuses)));
    }
  }

  get statuses(): ForwardStatus[] {
    return this.forwards.map((forward) => forward.stats.status);
  }

  /** Starts every forward at once; resolves with the set and the failures (rejects with the first under exitOnForwardFailure). */
  static async start(connection: SshConnection, specs: ForwardSpec[], options: ForwardSetOptions = {}): Promise<{ set: ForwardSet; failures: AppError[] }> {
    const set = new ForwardSet(specs.map((spec) => createForward(spec, connection)));
    const outcomes = await Promise.allSettled(set.forwards.map((forward) => forward.start()));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [toAppError(outcome.reason)] : []));
    if (failures.length > 0 && options.exitOnForwardFailure) {
      set.dispose();
      throw failures[0]!;
    }
    return { set, failures };
  }

  dispose(): void {
    this.store.dispose();
    this.onDidChangeEmitter.dispose();
  }
}
