import { ChevronDown, ChevronUp, Eraser } from 'lucide-react';
import { useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { TransferStatus } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { TransferRow } from './transfer-row';
import type { QueueTotals, TransferStore } from './transfer-store';
import { describeTotals } from './transfer-text';

export interface TransferQueueProps {
  store: TransferStore;
  jobs: readonly TransferStatus[];
  totals: QueueTotals;
  onError(error: AppErrorData): void;
}

/** The bottom dock of a files tab: every job of the queue, the totals, and Clear finished. */
export function TransferQueue({ store, jobs, totals, onError }: TransferQueueProps) {
  const { api } = useClient();
  const [isOpen, setOpen] = useState(true);
  const report = (result: { ok: true } | { ok: false; error: AppErrorData }): void => {
    if (!result.ok) onError(result.error);
  };
  const act = async (action: 'pause' | 'resume' | 'cancel' | 'retry', job: TransferStatus): Promise<void> => {
    report(await api[`transfers.${action}`]({ id: job.id }));
  };
  const clearFinished = async (): Promise<void> => {
    const cleared = await api['transfers.clear']({});
    if (!cleared.ok) return onError(cleared.error);
    const listed = await api['transfers.list']({});
    if (listed.ok) store.load(listed.value);
  };
  const listId = 'transfer-queue-list';
  // The job just started is the one to watch: it comes first, above the dock's fold.
  const newestFirst = [...jobs].reverse();

  return (
    <section className={`transfer-queue ${isOpen ? 'transfer-queue--open' : ''}`} aria-label="Transfers" data-testid="transfer-queue">
      <header className="transfer-queue__head">
        <button type="button" className="transfer-queue__toggle" aria-expanded={isOpen} aria-controls={listId} onClick={() => setOpen(!isOpen)}>
          {isOpen ? <ChevronDown size={14} aria-hidden="true" /> : <ChevronUp size={14} aria-hidden="true" />}
          Transfers
          {totals.active > 0 && (
            <span className="transfer-queue__badge" data-testid="transfer-badge" aria-label={`${totals.active} active`}>
              {totals.active}
            </span>
          )}
        </button>
        <span className="transfer-queue__totals" data-testid="transfer-totals">
          {describeTotals(totals)}
        </span>
        <Button variant="ghost" size="s" icon={Eraser} disabled={totals.finished === 0} onClick={() => void clearFinished()}>
          Clear finished
        </Button>
      </header>
      {isOpen && (
        <ol className="transfer-queue__list" id={listId}>
          {jobs.length === 0 && (
            <li className="transfer-queue__empty">No transfers yet. Drag entries from one side to the other, or select them and press Upload or Download.</li>
          )}
          {newestFirst.map((job) => (
            <TransferRow key={job.id} job={job} onAction={(action, target) => void act(action, target)} />
          ))}
        </ol>
      )}
    </section>
  );
}
