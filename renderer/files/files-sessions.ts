import type { FilesSessionId } from '../../shared/model';
import type { Client } from '../api/client';
import { type ConnectionStatus, SessionRegistry } from '../sessions/session-registry';

/** What a files tab shows about its connection. */
export interface FilesStatus extends ConnectionStatus {
  label: string | undefined;
  /** The remote home directory, once connected. */
  home: string | undefined;
}

/** Every file-manager connection of this window, fed by `files.state` and `files.progress` (status kept per id by the registry). */
export class FilesSessions extends SessionRegistry<FilesSessionId, FilesStatus> {
  constructor(client: Pick<Client, 'on'>) {
    super({ state: 'connecting', label: undefined, home: undefined, progress: [], attempt: 1 });
    this.listen(
      client.on('files.state', ({ filesId, state, label, home, error }) => {
        this.follow(filesId, (status) => ({ ...status, state, label, home: home ?? status.home, error }));
      }),
      client.on('files.progress', ({ filesId, hop, step, elapsedMs }) => this.addProgress(filesId, { hop, step, elapsedMs })),
    );
  }

  /** A session this window had before it reloaded: how it is now, as main says. */
  restore(filesId: FilesSessionId, state: FilesStatus['state'], label: string, home: string | undefined): void {
    this.update(filesId, (status) => ({ ...status, state, label, home: home ?? status.home }));
  }
}
