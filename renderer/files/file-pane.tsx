import { CircleAlert, type LucideIcon, X } from 'lucide-react';
import { type DragEvent, useEffect, useMemo, useReducer, useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { FileEntryData, FileListing, FileSide, TransferStatus } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { useUnmountSignal } from '../app/hooks/use-unmount-signal';
import { Button } from '../ui/button';
import { ErrorHintLine } from '../ui/error-hint';
import { writeDrag } from './file-drag';
import { describeItems, formatBytes } from './file-format';
import { ListingTable } from './listing-table';
import { DEFAULT_SORT, NO_SELECTION, type SortOrder, nextSort, selectedInOrder, selectionModel, sortEntries } from './listing-model';
import { PaneDialogs, type PaneDialog } from './pane-dialogs';
import { PaneToolbar } from './pane-toolbar';
import { PathBar } from './path-bar';
import { useDirectory } from './use-directory';
import { usePaneDrop } from './use-pane-drop';

export interface FilePaneProps {
  side: FileSide;
  /** `This computer`, or the server's name. */
  label: string;
  icon: LucideIcon;
  initialPath: string;
  /** The other pane: where Upload or Download copies to (its side once connected, its directory once listed). */
  other: { side: FileSide | undefined; label: string; path: string | undefined };
  onListed(listing: FileListing): void;
  /** Copies entries into a directory (a drop here, or this pane's selection across). */
  onTransfer(from: { side: FileSide; paths: string[] }, to: { side: FileSide; path: string }): void;
  onDesktopFiles(files: File[], dstDir: string): void;
  /** Subscribes to jobs reaching an end (a job into the shown directory lists it again). */
  onJobFinished(listener: (job: TransferStatus) => void): () => void;
}

/** One side of the file manager: path bar, actions, the listing and what is selected in it. */
export function FilePane({ side, label, icon: Icon, initialPath, other, onListed, onTransfer, onDesktopFiles, onJobFinished }: FilePaneProps) {
  const { api } = useClient();
  const unmountSignal = useUnmountSignal();
  const directory = useDirectory(side, initialPath, onListed);
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);
  const [selection, select] = useReducer(selectionModel, NO_SELECTION);
  const [dialog, setDialog] = useState<PaneDialog | undefined>(undefined);
  const [actionError, setActionError] = useState<AppErrorData | undefined>(undefined);
  const [focusRequest, setFocusRequest] = useState(0);
  const entries = useMemo(() => sortEntries(directory.listing?.entries ?? [], sort), [directory.listing, sort]);
  const order = useMemo(() => entries.map((entry) => entry.path), [entries]);
  const selected = useMemo(() => entries.filter((entry) => selection.selected.has(entry.path)), [entries, selection]);
  const dir = directory.path;
  const error = actionError ?? directory.error;
  useEffect(() => select({ type: 'sync', order }), [order]);

  const { refresh } = directory;
  useEffect(() => onJobFinished((job) => job.dst.side === side && job.dst.path === dir && void refresh()), [onJobFinished, side, dir, refresh]);

  const drop = usePaneDrop({
    side,
    dir,
    onEntries: (fromSide, paths, dstDir) => onTransfer({ side: fromSide, paths }, { side, path: dstDir }),
    onDesktopFiles,
  });

  const open = (entry: FileEntryData): void =>
    void directory.navigate(entry.path).then((isListed) => {
      if (!isListed) return;
      select({ type: 'clear' });
      setFocusRequest((n) => n + 1);
    });
  /** Up, with the directory it came from selected; from the table, the keyboard stays there. */
  const goUp = (isFromTable = false): void => {
    const from = dir;
    void directory.up().then((isListed) => {
      if (!isListed || from === undefined) return;
      select({ type: 'click', path: from });
      if (isFromTable) setFocusRequest((n) => n + 1);
    });
  };
  const askDelete = async (): Promise<void> => {
    if (selected.length === 0) return;
    // Closing the tab while it counts (a large tree) cancels the count in main.
    const signal = unmountSignal();
    const result = await api['files.count']({ side, paths: selected.map((entry) => entry.path) }, { signal });
    if (signal.aborted) return;
    if (result.ok) setDialog({ kind: 'delete', entries: selected, count: result.value });
    else setActionError(result.error);
  };
  const commands = {
    rename: () => selected.length === 1 && selected[0] !== undefined && setDialog({ kind: 'rename', entry: selected[0] }),
    delete: () => void askDelete(),
    up: () => goUp(true),
  };
  const copyAcross = (): void => {
    if (selected.length > 0 && other.side !== undefined && other.path !== undefined)
      onTransfer({ side, paths: selectedInOrder(selection, order) }, { side: other.side, path: other.path });
  };
  const onDragStart = (event: DragEvent, entry: FileEntryData): void => {
    const isPartOfSelection = selection.selected.has(entry.path);
    if (!isPartOfSelection) select({ type: 'click', path: entry.path });
    writeDrag(event.dataTransfer, { side, paths: isPartOfSelection ? selectedInOrder(selection, order) : [entry.path] });
    event.dataTransfer.effectAllowed = 'copy';
  };
  const selectedBytes = selected.reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0);
  const space = directory.listing?.space;

  return (
    <section
      className={`file-pane ${drop.isPaneTarget ? 'file-pane--drop' : ''}`}
      aria-label={label}
      data-testid="file-pane"
      data-side={side === 'local' ? 'local' : 'remote'}
      {...drop.pane}
    >
      <header className="file-pane__head">
        <Icon size={15} aria-hidden="true" className="file-pane__icon" />
        <span className="file-pane__label">{label}</span>
        {space !== undefined && <span className="file-pane__space">{formatBytes(space.availableBytes)} free</span>}
      </header>
      <PathBar
        path={dir}
        label={label}
        isLoading={directory.isLoading}
        onNavigate={(path) => void directory.navigate(path)}
        onUp={() => goUp()}
        onRefresh={() => void refresh()}
      />
      <PaneToolbar
        isLocal={side === 'local'}
        selectedCount={selected.length}
        canCopy={other.side !== undefined && other.path !== undefined}
        otherLabel={other.label}
        onNewFolder={() => dir !== undefined && setDialog({ kind: 'mkdir' })}
        onRename={commands.rename}
        onDelete={commands.delete}
        onPermissions={() => selected.length > 0 && setDialog({ kind: 'chmod', entries: selected })}
        onCopy={copyAcross}
      />
      {error !== undefined && (
        <div className="file-pane__error" role="alert" data-testid="pane-error">
          <CircleAlert size={15} aria-hidden="true" />
          <span className="file-pane__error-text">
            {error.message} <ErrorHintLine hint={error.hint} />
          </span>
          <span className="file-pane__code mono">{error.code}</span>
          <Button
            variant="ghost"
            size="s"
            icon={X}
            aria-label="Dismiss"
            onClick={() => (actionError !== undefined ? setActionError(undefined) : directory.clearError())}
          />
        </div>
      )}
      <div className="file-pane__listing">
        <ListingTable
          label={`Files on ${label}`}
          entries={entries}
          selection={selection}
          sort={sort}
          dropPath={drop.rowTarget}
          focusRequest={focusRequest}
          emptyText={directory.listing === undefined ? (directory.isLoading ? 'Loading…' : '') : 'This folder is empty.'}
          onSort={(key) => setSort((current) => nextSort(current, key))}
          onSelection={select}
          onOpen={open}
          onCommand={(command) => commands[command]()}
          onDragStart={onDragStart}
          onRowDragOver={drop.onRowDragOver}
          onRowDrop={drop.onRowDrop}
        />
      </div>
      {drop.isPaneTarget && dir !== undefined && (
        <div className="file-pane__drop-hint" aria-hidden="true">
          Drop to copy into <span className="mono">{dir}</span>
        </div>
      )}
      <footer className="file-pane__foot">
        <span>{describeItems(entries.length)}</span>
        {selected.length > 0 && (
          <span>
            {selected.length} selected{selectedBytes > 0 ? ` (${formatBytes(selectedBytes)})` : ''}
          </span>
        )}
      </footer>
      {dialog !== undefined && dir !== undefined && (
        <PaneDialogs
          dialog={dialog}
          side={side}
          dir={dir}
          where={label}
          onClose={() => setDialog(undefined)}
          onError={setActionError}
          onDone={(path) => {
            setDialog(undefined);
            setActionError(undefined);
            void refresh().then(() => path !== undefined && select({ type: 'click', path }));
          }}
        />
      )}
    </section>
  );
}
