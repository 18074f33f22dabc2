import type { Disposable } from '../../shared/base/disposable';
import type { ConnectTarget } from '../ssh/config/connect-target';
import type { FilesManager } from '../sftp/file-manager/files-manager';
import type { HistoryStore } from '../storage/history-store';
import type { ProfileStore } from '../storage/profile-store';
import type { TerminalManager } from '../terminal/terminal-manager';

/**
 * A saved host's "last used" is when a terminal or files session to it last connected (the
 * sidebar shows it and sorts by it). One store write per connect.
 */
export function trackLastUsed(
  profiles: Pick<ProfileStore, 'markUsed'>,
  terminals: Pick<TerminalManager, 'onDidChangeState' | 'describe'>,
  files: Pick<FilesManager, 'onDidChangeState' | 'describe'>,
): Disposable {
  const mark = (target: ConnectTarget | undefined): void => {
    if (target !== undefined && 'profileId' in target) profiles.markUsed(target.profileId as never);
  };
  const byTerminal = terminals.onDidChangeState(({ sessionId, state }) => {
    if (state === 'connected') mark(terminals.describe(sessionId)?.target);
  });
  const byFiles = files.onDidChangeState(({ filesId, state }) => {
    if (state === 'connected') mark(files.describe(filesId)?.target);
  });
  return {
    dispose: () => {
      byTerminal.dispose();
      byFiles.dispose();
    },
  };
}

/** Quick connect's history: a terminal opened to a typed destination (or an alias) that connected goes to its top. */
export function trackQuickConnects(history: Pick<HistoryStore, 'record'>, terminals: Pick<TerminalManager, 'onDidChangeState' | 'describe'>): Disposable {
  return terminals.onDidChangeState(({ sessionId, state }) => {
    const target = state === 'connected' ? terminals.describe(sessionId)?.target : undefined;
    if (target !== undefined && 'destination' in target) history.record(target.destination);
  });
}
