import { type DragEvent, useEffect, useState } from 'react';
import type { FileEntryData, FileSide } from '../../shared/model';
import { FILES_DRAG_TYPE, dragKindOf, readDrag } from './file-drag';
import { isDirectoryLike } from './listing-model';

export interface PaneDropOptions {
  side: FileSide;
  /** The directory the pane shows (a drop on the pane lands here). */
  dir: string | undefined;
  /** Entries dragged from the other pane, to copy into `dstDir`. */
  onEntries(fromSide: FileSide, paths: string[], dstDir: string): void;
  /** Files dropped from the desktop. */
  onDesktopFiles(files: File[], dstDir: string): void;
}

const PANE = Symbol('pane');

/**
 * Where a drag over a pane would land: the pane's directory, or a directory row under the
 * pointer. Drags from this same pane, and drags of anything but entries or desktop files, are
 * not drop targets at all (no highlight, the browser's "not allowed" cursor).
 */
export function usePaneDrop({ side, dir, onEntries, onDesktopFiles }: PaneDropOptions) {
  const [target, setTarget] = useState<string | typeof PANE | undefined>(undefined);
  // A drag that ends anywhere (dropped elsewhere, Escape) takes the highlight with it.
  useEffect(() => {
    if (target === undefined) return;
    const clear = (): void => setTarget(undefined);
    window.addEventListener('dragend', clear);
    window.addEventListener('drop', clear);
    return () => {
      window.removeEventListener('dragend', clear);
      window.removeEventListener('drop', clear);
    };
  }, [target]);

  const accepts = (event: DragEvent): boolean => {
    const kind = dragKindOf([...event.dataTransfer.types]);
    return dir !== undefined && kind !== undefined && !(kind.kind === 'panes' && kind.fromSide === side);
  };
  const over = (event: DragEvent, where: string | typeof PANE): void => {
    if (!accepts(event)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    if (target !== where) setTarget(where);
  };
  const drop = (event: DragEvent, dstDir: string | undefined): void => {
    setTarget(undefined);
    if (!accepts(event) || dstDir === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const text = event.dataTransfer.getData(FILES_DRAG_TYPE);
    if (text !== '') {
      const payload = readDrag(text);
      if (payload !== undefined && payload.side !== side) onEntries(payload.side, payload.paths, dstDir);
    } else if (event.dataTransfer.files.length > 0) {
      onDesktopFiles([...event.dataTransfer.files], dstDir);
    }
  };

  return {
    isPaneTarget: target === PANE,
    rowTarget: typeof target === 'string' ? target : undefined,
    pane: {
      onDragOver: (event: DragEvent) => over(event, PANE),
      onDragLeave: (event: DragEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setTarget(undefined);
      },
      onDrop: (event: DragEvent) => drop(event, dir),
    },
    /** A directory row takes the drop into itself; any other row lets it fall through to the pane. */
    onRowDragOver: (event: DragEvent, entry: FileEntryData) => isDirectoryLike(entry) && over(event, entry.path),
    onRowDrop: (event: DragEvent, entry: FileEntryData) => isDirectoryLike(entry) && drop(event, entry.path),
  };
}
