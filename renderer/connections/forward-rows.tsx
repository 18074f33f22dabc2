import { Plus, Trash2 } from 'lucide-react';
import type { ForwardKind } from '../../shared/model/forward-spec';
import { Button, IconButton } from '../ui/button';
import { type ForwardRow, type RowErrors, emptyForwardRow } from './tunnel-form';

const KINDS: { value: ForwardKind; label: string; hint: string }[] = [
  { value: 'local', label: 'Local', hint: 'A port on this machine reaches a host and port from the server' },
  { value: 'remote', label: 'Remote', hint: 'A port on the server reaches a host and port from this machine' },
  { value: 'dynamic', label: 'SOCKS proxy', hint: 'A port on this machine is a SOCKS proxy through the server' },
];

export interface ForwardRowsProps {
  rows: readonly ForwardRow[];
  /** Errors of the form, by row key (shown once the person tried to save, or as they type). */
  errors: Record<string, RowErrors>;
  /** What the port check said of a row's local port, by row key. */
  portNotes: ReadonlyMap<string, string>;
  onChange(rows: ForwardRow[]): void;
}

/** The forwards of a tunnel, one row each: kind, where it listens, where it leads. */
export function ForwardRows({ rows, errors, portNotes, onChange }: ForwardRowsProps) {
  const update = (key: string, changes: Partial<ForwardRow>): void => onChange(rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  return (
    <div className="forward-rows" role="group" aria-label="Forwards">
      {rows.map((row, index) => {
        const rowError = errors[row.key] ?? {};
        const portNote = rowError.bindPort ?? portNotes.get(row.key);
        const notes = [portNote, rowError.bindAddress, rowError.host, rowError.hostPort].filter((note) => note !== undefined);
        const label = (what: string) => `Forward ${index + 1} ${what}`;
        return (
          <div className="forward-row" key={row.key} data-testid="forward-row">
            <select
              className="select forward-row__kind"
              aria-label={label('kind')}
              title={KINDS.find((kind) => kind.value === row.kind)?.hint}
              value={row.kind}
              onChange={(event) => update(row.key, { kind: event.target.value as ForwardKind })}
            >
              {KINDS.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
            <input
              className="field__input mono forward-row__address"
              aria-label={label(row.kind === 'remote' ? "server's bind address" : 'bind address')}
              placeholder={row.kind === 'remote' ? "server's localhost" : 'localhost'}
              value={row.bindAddress}
              aria-invalid={rowError.bindAddress !== undefined}
              onChange={(event) => update(row.key, { bindAddress: event.target.value })}
            />
            <span className="forward-row__colon">:</span>
            <input
              className="field__input mono forward-row__port"
              aria-label={label('port')}
              placeholder="port"
              inputMode="numeric"
              value={row.bindPort}
              aria-invalid={portNote !== undefined}
              onChange={(event) => update(row.key, { bindPort: event.target.value })}
            />
            {row.kind === 'dynamic' ? (
              <span className="forward-row__socks">SOCKS proxy through the server</span>
            ) : (
              <>
                <span className="forward-row__arrow" aria-hidden="true">
                  →
                </span>
                <input
                  className="field__input mono forward-row__address"
                  aria-label={label('host')}
                  placeholder={row.kind === 'remote' ? 'host from here' : 'host from the server'}
                  value={row.host}
                  aria-invalid={rowError.host !== undefined}
                  onChange={(event) => update(row.key, { host: event.target.value })}
                />
                <span className="forward-row__colon">:</span>
                <input
                  className="field__input mono forward-row__port"
                  aria-label={label('host port')}
                  placeholder="port"
                  inputMode="numeric"
                  value={row.hostPort}
                  disabled={row.host.trim().startsWith('/')}
                  aria-invalid={rowError.hostPort !== undefined}
                  onChange={(event) => update(row.key, { hostPort: event.target.value })}
                />
              </>
            )}
            <IconButton icon={Trash2} label={label('remove')} disabled={rows.length === 1} onClick={() => onChange(rows.filter((r) => r.key !== row.key))} />
            {notes.length > 0 && (
              <p className="forward-row__note field__error" role="alert">
                {notes.join(' ')}
              </p>
            )}
          </div>
        );
      })}
      <Button size="s" icon={Plus} onClick={() => onChange([...rows, emptyForwardRow()])}>
        Add forward
      </Button>
    </div>
  );
}
