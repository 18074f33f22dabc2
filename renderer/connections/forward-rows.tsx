import { Plus, Trash2 } from 'lucide-react';
import { Button, IconButton } from '../ui/button';
import { type ForwardRow, type RowErrors, type RowKind, emptyForwardRow, hasTarget, listensOnSocket } from './tunnel-form';
import type { PortNote } from './use-port-checks';

const KINDS: { value: RowKind; label: string; hint: string }[] = [
  { value: 'local', label: 'Local', hint: 'A port (or a unix socket path) on this machine reaches a host and port from the server' },
  { value: 'remote', label: 'Remote', hint: 'A port on the server reaches a host and port from this machine' },
  { value: 'dynamic', label: 'SOCKS proxy', hint: 'A port on this machine is a SOCKS proxy through the server' },
  { value: 'remote-socks', label: 'SOCKS on server', hint: 'A port on the server is a SOCKS proxy whose connections go out from this machine' },
];

export interface ForwardRowsProps {
  rows: readonly ForwardRow[];
  /** Errors of the form, by row key (shown once the person tried to save, or as they type). */
  errors: Record<string, RowErrors>;
  /** What the port check said of a row's local port, by row key. */
  portNotes: ReadonlyMap<string, PortNote>;
  onChange(rows: ForwardRow[]): void;
}

/** The forwards of a tunnel, one row each: kind, where it listens, where it leads. */
export function ForwardRows({ rows, errors, portNotes, onChange }: ForwardRowsProps) {
  const update = (key: string, changes: Partial<ForwardRow>): void => onChange(rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  return (
    <div className="forward-rows" role="group" aria-label="Forwards">
      {rows.map((row, index) => {
        const rowError = errors[row.key] ?? {};
        const taken = rowError.bindPort === undefined ? portNotes.get(row.key) : undefined;
        const portNote = rowError.bindPort ?? taken?.message;
        const notes = [portNote, rowError.bindAddress, rowError.host, rowError.hostPort].filter((note) => note !== undefined);
        const label = (what: string) => `Forward ${index + 1} ${what}`;
        return (
          <div className="forward-row" key={row.key} data-testid="forward-row">
            <select
              className="select forward-row__kind"
              aria-label={label('kind')}
              title={KINDS.find((kind) => kind.value === row.kind)?.hint}
              value={row.kind}
              onChange={(event) => {
                const kind = event.target.value as RowKind;
                update(row.key, { kind, ...(hasTarget(kind) && row.host === '' ? { host: 'localhost' } : {}) });
              }}
            >
              {KINDS.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
            <RowInput
              label={label(row.kind === 'remote' || row.kind === 'remote-socks' ? "server's bind address" : 'bind address')}
              placeholder={row.kind === 'remote' || row.kind === 'remote-socks' ? "server's localhost" : 'localhost'}
              value={row.bindAddress}
              isInvalid={rowError.bindAddress !== undefined}
              onChange={(bindAddress) => update(row.key, { bindAddress })}
            />
            <span className="forward-row__colon">:</span>
            <RowInput
              isPort
              label={label('port')}
              value={row.bindPort}
              isDisabled={listensOnSocket(row)}
              isInvalid={portNote !== undefined}
              onChange={(bindPort) => update(row.key, { bindPort })}
            />
            {!hasTarget(row.kind) ? (
              <span className="forward-row__socks">{row.kind === 'dynamic' ? 'SOCKS proxy through the server' : 'SOCKS proxy out from this machine'}</span>
            ) : (
              <>
                <span className="forward-row__arrow" aria-hidden="true">
                  →
                </span>
                <RowInput
                  label={label('host')}
                  placeholder={row.kind === 'remote' ? 'host from here' : 'host from the server'}
                  value={row.host}
                  isInvalid={rowError.host !== undefined}
                  onChange={(host) => update(row.key, { host })}
                />
                <span className="forward-row__colon">:</span>
                <RowInput
                  isPort
                  label={label('host port')}
                  value={row.hostPort}
                  isDisabled={row.host.trim().startsWith('/')}
                  isInvalid={rowError.hostPort !== undefined}
                  onChange={(hostPort) => update(row.key, { hostPort })}
                />
              </>
            )}
            <IconButton icon={Trash2} label={label('remove')} disabled={rows.length === 1} onClick={() => onChange(rows.filter((r) => r.key !== row.key))} />
            {notes.length > 0 && (
              <p className="forward-row__note field__error" role="alert">
                {notes.join(' ')}
                {taken?.nextFreePort !== undefined && (
                  <Button size="s" className="forward-row__use" onClick={() => update(row.key, { bindPort: String(taken.nextFreePort) })}>
                    Use {taken.nextFreePort}
                  </Button>
                )}
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

interface RowInputProps {
  label: string;
  value: string;
  placeholder?: string;
  isPort?: boolean;
  isInvalid: boolean;
  isDisabled?: boolean;
  onChange(value: string): void;
}

/** One field of a forward's row: labelled for screen readers (the row has no visible labels). */
function RowInput({ label, value, placeholder, isPort = false, isInvalid, isDisabled = false, onChange }: RowInputProps) {
  return (
    <input
      className={`field__input mono ${isPort ? 'forward-row__port' : 'forward-row__address'}`}
      aria-label={label}
      placeholder={placeholder ?? (isPort ? 'port' : undefined)}
      inputMode={isPort ? 'numeric' : undefined}
      value={value}
      disabled={isDisabled}
      aria-invalid={isInvalid}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
