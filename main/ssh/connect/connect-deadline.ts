import type { Disposable } from '../../../shared/base/disposable';

/**
 * The ConnectTimeout budget of one hop. It pauses while a person is answering a prompt,
 * and calls `onExpire` once when the budget is spent.
 */
export class ConnectDeadline implements Disposable {
  private remainingMs: number;
  private startedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private isDone = false;

  constructor(
    budgetMs: number,
    private readonly onExpire: () => void,
  ) {
    this.remainingMs = budgetMs;
    this.resume();
  }

  pause(): void {
    if (this.isDone || this.startedAt === undefined) return;
    clearTimeout(this.timer);
    this.remainingMs -= Date.now() - this.startedAt;
    this.startedAt = undefined;
  }

  resume(): void {
    if (this.isDone || this.startedAt !== undefined) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        this.isDone = true;
        this.onExpire();
      },
      Math.max(0, this.remainingMs),
    );
  }

  dispose(): void {
    this.isDone = true;
    clearTimeout(this.timer);
  }
}
