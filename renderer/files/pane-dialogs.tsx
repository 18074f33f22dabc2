import { FolderPlus, Pencil, Trash2 } from 'lucide-react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { FileEntryData, FileSide, TreeCount } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { sanitizeUntrusted } from '../prompts/sanitize-untrusted';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { describeCount, describeItems } from './file-format';
import { joinPath } from './file-paths';
import { NameDialog } from './name-dialog';
import { PermissionsDialog } from './permissions-dialog';

/** The question a pane is asking, if any. */
export type PaneDialog =
  | { kind: 'mkdir' }
  | { kind: 'rename'; entry: FileEntryData }
  | { kind: 'chmod'; entries: readonly FileEntryData[] }
  | { kind: 'delete'; entries: readonly FileEntryData[]; count: TreeCount };

export interface PaneDialogsProps {
  dialog: PaneDialog;
  side: FileSide;
  /** The directory the pane shows. */
  dir: string;
  /** Where the pane is, for the questions (`This computer`, a host's name). */
  where: string;
  /** Done: the dialog closes and the pane lists its directory again (`select`: the entry to select). */
  onDone(select?: string): void;
  onClose(): void;
  /** A failure after the dialog closed (delete), shown in the pane. */
  onError(error: AppErrorData): void;
}

const MAX_NAMES = 6;

/** New folder, rename, permissions and the delete confirmation, each doing its own call. */
export function PaneDialogs({ dialog, side, dir, where, onDone, onClose, onError }: PaneDialogsProps) {
  const { api } = useClient();
  const settle = (result: { ok: true } | { ok: false; error: AppErrorData }, select?: string): AppErrorData | undefined => {
    if (!result.ok) return result.error;
    onDone(select);
    return undefined;
  };

  switch (dialog.kind) {
    case 'mkdir':
      return (
        <NameDialog
          title="New folder"
          subtitle={`in ${dir}`}
          icon={FolderPlus}
          initialName="New folder"
          confirmLabel="Create"
          testId="new-folder-dialog"
          onSubmit={async (name) => settle(await api['files.mkdir']({ side, path: joinPath(dir, name) }), joinPath(dir, name))}
          onClose={onClose}
        />
      );
    case 'rename':
      return (
        <NameDialog
          title="Rename"
          subtitle={sanitizeUntrusted(dialog.entry.path)}
          icon={Pencil}
          initialName={dialog.entry.name}
          confirmLabel="Rename"
          testId="rename-dialog"
          onSubmit={async (name) =>
            name === dialog.entry.name
              ? (onClose(), undefined)
              : settle(await api['files.rename']({ side, from: dialog.entry.path, to: joinPath(dir, name) }), joinPath(dir, name))
          }
          onClose={onClose}
        />
      );
    case 'chmod': {
      const [first] = dialog.entries;
      return (
        <PermissionsDialog
          subject={dialog.entries.length === 1 && first !== undefined ? sanitizeUntrusted(first.name) : describeItems(dialog.entries.length)}
          initialMode={first?.mode ?? 0o644}
          onApply={async (mode) => {
            for (const entry of dialog.entries) {
              const result = await api['files.chmod']({ side, path: entry.path, mode });
              if (!result.ok) return result.error;
            }
            onDone();
            return undefined;
          }}
          onClose={onClose}
        />
      );
    }
    case 'delete': {
      const remove = async (): Promise<void> => {
        onClose();
        const result = await api['files.remove']({ side, paths: dialog.entries.map((entry) => entry.path) });
        if (result.ok) onDone();
        else onError(result.error);
      };
      const names = dialog.entries.slice(0, MAX_NAMES);
      return (
        <ConfirmDialog
          title={`Delete ${describeCount(dialog.count)}?`}
          subtitle={
            <>
              from <span className="mono">{where}</span>. This cannot be undone.
            </>
          }
          icon={Trash2}
          confirmLabel="Delete"
          testId="delete-dialog"
          onConfirm={() => void remove()}
          onClose={onClose}
        >
          <ul className="delete-names mono">
            {names.map((entry) => (
              <li key={entry.path}>{sanitizeUntrusted(entry.name)}</li>
            ))}
            {dialog.entries.length > names.length && <li className="delete-names__more">and {dialog.entries.length - names.length} more</li>}
          </ul>
        </ConfirmDialog>
      );
    }
  }
}
