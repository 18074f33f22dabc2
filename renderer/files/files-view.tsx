import { Monitor, Server } from 'lucide-react';
import { useCallback, useState } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { ErrorHint } from '../../shared/errors/error-hint';
import type { FileListing, FileSide, TransferStatus } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import { ConnectionProgress } from '../terminal/connection-progress';
import { SessionEnded } from '../terminal/session-ended';
import { FilePane } from './file-pane';
import type { FilesStatus } from './files-sessions';
import { TransferQueue, type TransferQueueProps } from './transfer-queue';
import type { FilesTabInfo } from './use-files-tabs';
import '../terminal/terminal.css';
import './files.css';

export interface FilesViewProps extends Omit<TransferQueueProps, 'onError'> {
  tabId: string;
  info: FilesTabInfo;
  status: FilesStatus | undefined;
  isVisible: boolean;
  onReconnect(tabId: string): void;
  onClose(tabId: string): void;
  onError(message: string, code?: string, hint?: ErrorHint): void;
  onNotice(message: string): void;
}

const LOCAL_LABEL = 'This computer';

/** A files tab: this computer on the left, the server on the right, the transfer queue below. */
export function FilesView({ tabId, info, status, isVisible, onReconnect, onClose, onError, onNotice, ...queue }: FilesViewProps) {
  const { api } = useClient();
  const [localPath, setLocalPath] = useState<string | undefined>(undefined);
  const [remotePath, setRemotePath] = useState<string | undefined>(undefined);
  const state = status?.state ?? 'connecting';
  const filesId = state === 'connected' ? info.filesId : undefined;
  const remoteLabel = status?.label ?? info.title;
  const reportError = (error: AppErrorData): void => onError(error.message, error.code, error.hint);
  const onJobFinished = useCallback((listener: (job: TransferStatus) => void) => queue.store.onFinished(listener), [queue.store]);

  const transfer = async (from: { side: FileSide; paths: string[] }, to: { side: FileSide; path: string }): Promise<void> => {
    const result = await api['transfers.add']({ src: from, dst: to });
    if (!result.ok) reportError(result.error);
  };
  // Desktop drops carry File objects; only the app's preload can turn them into paths.
  const onDesktopFiles = (files: File[], dstDir: string, side: FileSide): void => {
    const pathForFile = window.jumpgate?.pathForFile;
    if (pathForFile === undefined) {
      return onNotice('Dropping files from the desktop works in the Jumpgate app. Here, find them in the This computer pane and drag them across.');
    }
    const paths = files.map((file) => pathForFile(file)).filter((path) => path !== '');
    if (paths.length > 0) void transfer({ side: 'local', paths }, { side, path: dstDir });
  };

  return (
    <section
      className={`files-view ${isVisible ? 'files-view--visible' : ''}`}
      aria-label={info.title}
      aria-hidden={!isVisible}
      inert={!isVisible}
      data-testid="files-view"
      data-state={state}
    >
      <header className="terminal-pane__bar files-view__bar">
        <span className={`terminal-pane__state terminal-pane__state--${state}`}>{state === 'closed' ? 'disconnected' : state}</span>
        <span className="files-view__title mono" title={info.title}>
          {info.title}
        </span>
      </header>
      <div className="files-view__panes">
        <FilePane
          side="local"
          label={LOCAL_LABEL}
          icon={Monitor}
          initialPath="~"
          other={{ side: filesId, label: remoteLabel, path: remotePath }}
          onListed={(listing: FileListing) => setLocalPath(listing.path)}
          onTransfer={(from, to) => void transfer(from, to)}
          onDesktopFiles={(files, dstDir) => onDesktopFiles(files, dstDir, 'local')}
          onJobFinished={onJobFinished}
        />
        {filesId !== undefined ? (
          <FilePane
            key={`${filesId}-${status?.attempt ?? 1}`}
            side={filesId}
            label={remoteLabel}
            icon={Server}
            initialPath={remotePath ?? '~'}
            other={{ side: 'local', label: LOCAL_LABEL, path: localPath }}
            onListed={(listing: FileListing) => setRemotePath(listing.path)}
            onTransfer={(from, to) => void transfer(from, to)}
            onDesktopFiles={(files, dstDir) => onDesktopFiles(files, dstDir, filesId)}
            onJobFinished={onJobFinished}
          />
        ) : (
          <section className="file-pane file-pane--offline" aria-label={remoteLabel}>
            {state === 'connecting' && <ConnectionProgress title={info.title} progress={status?.progress ?? []} attempt={status?.attempt ?? 1} />}
            {state === 'closed' && <p className="file-pane__offline-note">Not connected to {remoteLabel}.</p>}
          </section>
        )}
      </div>
      {state === 'closed' && status !== undefined && (
        <SessionEnded
          status={{ ...status, notices: [] }}
          onReconnect={() => onReconnect(tabId)}
          onStopRetrying={() => undefined}
          onClose={() => onClose(tabId)}
        />
      )}
      <TransferQueue {...queue} onError={reportError} />
    </section>
  );
}
