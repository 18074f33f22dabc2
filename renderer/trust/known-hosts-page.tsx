import { RefreshCw, ShieldCheck, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KnownHostRow, KnownHostsListing } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import type { PageProps } from '../pages/pages';
import { IconButton } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { TextField } from '../ui/text-field';
import { TrustTable } from './trust-table';
import './trust-pages.css';

const PROFILE_FOCUS = 'profile:';

/**
 * Every entry of the known_hosts files, searched as OpenSSH looks a host up (a hashed entry is
 * found by typing its host), and a host's keys removed. Main asks the person to confirm removal in
 * a dialog of its own: a window alone cannot make a server's key forgotten.
 */
export function KnownHostsPage({ isVisible, focus, focusRequest, profiles, onError, onNotice }: PageProps) {
  const { api } = useClient();
  const [search, setSearch] = useState('');
  const [profileId, setProfileId] = useState<string | undefined>(undefined);
  const [listing, setListing] = useState<KnownHostsListing | undefined>(undefined);
  const [removing, setRemoving] = useState<{ row: KnownHostRow; names: string[] } | undefined>(undefined);
  const asked = useRef(0);

  // Each opening of the page shows what it was opened for: a host's entry, a search, or everything.
  useEffect(() => {
    if (focusRequest === undefined) return;
    if (focus?.startsWith(PROFILE_FOCUS) === true) {
      setProfileId(focus.slice(PROFILE_FOCUS.length));
      setSearch('');
    } else {
      setProfileId(undefined);
      setSearch(focus ?? '');
    }
  }, [focus, focusRequest]);

  const load = useCallback(async () => {
    const call = ++asked.current;
    const result = await api['knownHosts.list']({
      ...(search.trim() ? { search } : {}),
      ...(profileId !== undefined ? { profileId: profileId as never } : {}),
    });
    if (call !== asked.current) return;
    if (result.ok) setListing(result.value);
    else onError(result.error.message, result.error.code, result.error.hint);
  }, [api, search, profileId, onError]);

  useEffect(() => {
    if (isVisible) void load();
  }, [isVisible, load]);

  const remove = async (name: string): Promise<void> => {
    setRemoving(undefined);
    const result = await api['knownHosts.remove']({ name, ...(profileId !== undefined ? { profileId: profileId as never } : {}) });
    if (!result.ok) return onError(result.error.message, result.error.code, result.error.hint);
    const lines = result.value.removed.reduce((sum, entry) => sum + entry.lines, 0);
    onNotice(`Removed ${lines} line${lines === 1 ? '' : 's'} naming ${name}. The next connection to it asks about its key again.`);
    void load();
  };

  const profileName = profiles?.find((profile) => profile.id === profileId)?.name;
  return (
    <>
      <header className="page__header">
        <ShieldCheck size={18} aria-hidden="true" />
        <h1>Known hosts</h1>
        <div className="page__actions">
          <IconButton icon={RefreshCw} label="Read the files again" onClick={() => void load()} />
        </div>
      </header>
      <div className="page__body">
        <div className="trust-toolbar">
          <TextField
            label="Search"
            placeholder="host, [host]:port, key type or fingerprint"
            value={search}
            isMono
            onChange={(event) => {
              setProfileId(undefined);
              setSearch(event.target.value);
            }}
            hint="A hashed entry is found by typing its host name, as OpenSSH looks it up."
            data-testid="known-hosts-search"
          />
        </div>
        {profileId !== undefined && (
          <p className="trust-status" data-testid="known-hosts-focus">
            <span>
              The keys saved for {profileName ?? 'this host'}
              {listing?.searchedName !== undefined && (
                <>
                  , filed as <span className="mono">{listing.searchedName}</span>
                </>
              )}
              .
            </span>
            <button type="button" className="link-button" onClick={() => setProfileId(undefined)}>
              Show every entry
            </button>
          </p>
        )}
        {listing !== undefined && <KnownHostsTable listing={listing} onRemove={(row, names) => setRemoving({ row, names })} />}
        {listing !== undefined && <FilesNote listing={listing} />}
      </div>
      {removing !== undefined && <RemoveDialog {...removing} onConfirm={(name) => void remove(name)} onClose={() => setRemoving(undefined)} />}
    </>
  );
}

function KnownHostsTable({ listing, onRemove }: { listing: KnownHostsListing; onRemove(row: KnownHostRow, names: string[]): void }) {
  if (listing.entries.length === 0) {
    return <p className="trust-empty">{listing.searchedName !== undefined ? `No saved key names ${listing.searchedName}.` : 'No entries.'}</p>;
  }
  return (
    <>
      <TrustTable columns={['Host', 'Port', 'Key type', 'Fingerprint', 'File and line', '']} testId="known-hosts-table">
        {listing.entries.map((row) => {
          const names = removableNames(row);
          return (
            <tr key={`${row.file}:${row.line}`} data-testid="known-host-row">
              <td className="trust-cell--wrap trust-cell--host">
                {row.marker === 'revoked' && <span className="trust-badge trust-badge--danger">revoked</span>}
                {row.marker === 'cert-authority' && <span className="trust-badge">certificate authority</span>}
                {row.hosts === null ? (
                  <>
                    <span className="trust-badge trust-badge--muted">hashed</span>
                    {row.matchedName !== undefined && <span className="mono">{row.matchedName}</span>}
                  </>
                ) : (
                  <span className="mono">{row.hosts}</span>
                )}
              </td>
              <td>{row.port ?? '—'}</td>
              <td className="mono trust-cell--nowrap">{row.keyType}</td>
              <td className="mono trust-cell--wrap">{row.fingerprint}</td>
              <td className="mono trust-cell--wrap">{`${row.file}:${row.line}`}</td>
              <td className="trust-cell--actions">
                {row.isWritable && row.marker === null && (
                  <IconButton
                    icon={Trash2}
                    label={`Remove the keys of ${names[0] ?? 'this host'}`}
                    title={names.length > 0 ? 'Remove…' : 'Type the host name in the search to remove a hashed entry'}
                    disabled={names.length === 0}
                    onClick={() => onRemove(row, names)}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </TrustTable>
      {listing.leftOut > 0 && <p className="trust-hint">{listing.leftOut} more entries are not shown: search to narrow the list.</p>}
    </>
  );
}

/** The names a line can be removed by, as OpenSSH removes a host: the name searched for, or its plain patterns. */
function removableNames(row: KnownHostRow): string[] {
  if (row.matchedName !== undefined) return [row.matchedName];
  if (row.hosts === null || row.hosts.endsWith('…')) return [];
  return row.hosts.split(',').filter((pattern) => pattern !== '' && !/[*?!]/.test(pattern));
}

function RemoveDialog({ row, names, onConfirm, onClose }: { row: KnownHostRow; names: string[]; onConfirm(name: string): void; onClose(): void }) {
  const [name, setName] = useState(names[0] ?? '');
  const others = row.hosts?.split(',').filter((pattern) => pattern !== name) ?? [];
  return (
    <ConfirmDialog
      title="Remove the saved host key?"
      subtitle={<span className="mono">{name}</span>}
      icon={Trash2}
      confirmLabel="Remove"
      testId="remove-known-host"
      onConfirm={() => onConfirm(name)}
      onClose={onClose}
    >
      {names.length > 1 && (
        <label className="field">
          <span className="field__label">Remove the keys of</span>
          <select className="trust-select mono" value={name} onChange={(event) => setName(event.target.value)}>
            {names.map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
      )}
      <p>
        Every line naming <span className="mono">{name}</span> goes from your known_hosts files, as OpenSSH removes a host
        {others.length > 0 && (
          <>
            {' '}
            — this whole line too, although it also names <span className="mono">{others.join(', ')}</span>
          </>
        )}
        . Revocations and certificate authorities stay.
      </p>
      <p className="trust-hint">The next connection to it asks about its key again. Only do this if you know why the key changed.</p>
    </ConfirmDialog>
  );
}

function FilesNote({ listing }: { listing: KnownHostsListing }) {
  return (
    <div className="trust-files">
      Files read:
      <ul>
        {listing.files.map((file) => (
          <li key={file.file}>
            <span className="mono">{file.file}</span>
            {!file.exists && ' — not present'}
            {!file.isWritable && file.exists && ' — read only (the system’s)'}
            {file.ignoredLines > 0 && ` — ${file.ignoredLines} line${file.ignoredLines === 1 ? '' : 's'} OpenSSH would ignore`}
            {file.problem !== undefined && ` — ${file.problem}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
