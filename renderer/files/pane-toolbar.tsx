import { Download, FolderPlus, LockKeyhole, Pencil, Trash2, Upload } from 'lucide-react';
import { Button } from '../ui/button';

export interface PaneToolbarProps {
  /** This computer's pane uploads; a server's pane downloads. */
  isLocal: boolean;
  selectedCount: number;
  /** The other pane has a directory to copy into. */
  canCopy: boolean;
  /** Where a copy goes, for the button's title. */
  otherLabel: string;
  onNewFolder(): void;
  onRename(): void;
  onDelete(): void;
  onPermissions(): void;
  onCopy(): void;
}

/** What a pane can do with its selection. */
export function PaneToolbar({ isLocal, selectedCount, canCopy, otherLabel, ...on }: PaneToolbarProps) {
  const hasSelection = selectedCount > 0;
  return (
    <div className="pane-toolbar" role="toolbar" aria-label="File actions">
      <Button variant="ghost" size="s" icon={FolderPlus} onClick={on.onNewFolder} title="New folder">
        New folder
      </Button>
      <Button variant="ghost" size="s" icon={Pencil} onClick={on.onRename} disabled={selectedCount !== 1} aria-label="Rename (F2)" title="Rename (F2)" />
      <Button variant="ghost" size="s" icon={LockKeyhole} onClick={on.onPermissions} disabled={!hasSelection} aria-label="Permissions" title="Permissions" />
      <Button
        variant="ghost"
        size="s"
        icon={Trash2}
        onClick={on.onDelete}
        disabled={!hasSelection}
        aria-label="Delete (Del)"
        title="Delete (Del)"
        className="pane-toolbar__delete"
      />
      <span className="pane-toolbar__spacer" />
      <Button
        variant="secondary"
        size="s"
        icon={isLocal ? Upload : Download}
        onClick={on.onCopy}
        disabled={!hasSelection || !canCopy}
        title={`Copy the selection to ${otherLabel}`}
        data-testid="copy-across"
      >
        {isLocal ? 'Upload' : 'Download'}
        {hasSelection ? ` ${selectedCount}` : ''}
      </Button>
    </div>
  );
}
