import { AlertTriangle } from 'lucide-react';
import { changesSomething, type ImportRow, neededJumpHosts } from './import-choice';

export interface ImportPreviewListProps {
  rows: readonly ImportRow[];
  chosen: ReadonlySet<string>;
  onChange(chosen: Set<string>): void;
}

const ACTION_WORDS: Record<ImportRow['action'], string> = { create: 'New', update: 'Update', unchanged: 'Unchanged', skip: 'Skipped' };

/** One row per entry: a checkbox (none for what cannot be imported, with why), what importing does, where it goes, its warnings. */
export function ImportPreviewList({ rows, chosen, onChange }: ImportPreviewListProps) {
  const needed = neededJumpHosts(rows, chosen);
  const choosable = rows.filter((row) => row.action !== 'skip');
  // As the boxes show: the jump hosts a chosen host brings are checked too.
  const chosenCount = choosable.filter((row) => chosen.has(row.key) || needed.has(row.key)).length;
  const toggle = (key: string, isOn: boolean): void => {
    const next = new Set(chosen);
    if (isOn) next.add(key);
    else next.delete(key);
    onChange(next);
  };
  return (
    <div className="import-preview">
      <div className="import-preview__bar">
        <span role="status">
          {chosenCount} of {choosable.length} chosen
        </span>
        <button type="button" className="link-button" onClick={() => onChange(new Set(choosable.map((row) => row.key)))}>
          Select all
        </button>
        <button type="button" className="link-button" onClick={() => onChange(new Set())}>
          Select none
        </button>
      </div>
      <ul className="import-preview__rows" aria-label="Entries in the file">
        {rows.map((row) => {
          const neededBy = needed.get(row.key);
          const isSkipped = row.action === 'skip';
          const isNeeded = neededBy !== undefined && !isSkipped;
          return (
            <li key={row.key} className={`import-row import-row--${row.action}`} data-testid="import-row" data-action={row.action}>
              <label className="import-row__main">
                <input
                  type="checkbox"
                  checked={!isSkipped && (chosen.has(row.key) || isNeeded)}
                  disabled={isSkipped || isNeeded}
                  onChange={(event) => toggle(row.key, event.target.checked)}
                />
                <span className="import-row__name">{row.name}</span>
                <span className={`import-row__action import-row__action--${row.action}`}>{ACTION_WORDS[row.action]}</span>
              </label>
              {row.summary !== '' && <p className="import-row__summary mono">{row.summary}</p>}
              {isSkipped && row.reason !== undefined && <p className="import-row__note">Not imported: {row.reason}</p>}
              {isNeeded && changesSomething(row) && <p className="import-row__note">Imported as the jump host of {neededBy.join(', ')}.</p>}
              {row.warnings.map((warning) => (
                <p key={warning} className="import-row__warning">
                  <AlertTriangle size={12} aria-hidden="true" /> {warning}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
