import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { Disposable } from '../../shared/base/disposable';
import { globNameMatcher } from '../ssh/config/ssh-config-include';

export interface ConfigWatcherOptions {
  /**
   * The files to watch now: ~/.ssh/config and what it includes (read again after each change). The
   * last name of a path may be a glob (an Include's `conf.d/*`): any name it matches counts.
   */
  files: () => Promise<string[]>;
  onChange: () => void;
  /** Editors write a file in several steps; one report per burst. */
  debounceMs?: number;
}

/**
 * Reports when ~/.ssh/config or a file it includes changes. It watches the folders, not the files:
 * an editor that saves by writing a new file and renaming it over the old one (atomically) replaces
 * the inode a file watch would hold. Only the names of the watched files count, so known_hosts
 * changing beside the config says nothing. After each change the list of files is read again (an
 * Include may have been added). A file created later where an Include points (`Include conf.d/*`,
 * or an Include of a file not there yet) is noticed, its folder being watched too; a glob in a
 * folder's name (an Include of `hosts-*` then `/config`) is not followed.
 */
export class ConfigWatcher implements Disposable {
  private readonly watchers = new Map<string, FSWatcher>();
  private names = new Map<string, ((name: string) => boolean)[]>();
  private timer: NodeJS.Timeout | undefined;
  private isDisposed = false;

  constructor(private readonly options: ConfigWatcherOptions) {}

  async start(): Promise<void> {
    await this.refresh();
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private async refresh(): Promise<void> {
    let files: string[];
    try {
      files = await this.options.files();
    } catch {
      // A config that does not read (a bad line being typed) is still watched where it was.
      return;
    }
    if (this.isDisposed) return;
    const names = new Map<string, ((name: string) => boolean)[]>();
    for (const file of new Set(files)) {
      const dir = path.dirname(file);
      if (/[*?[]/.test(dir)) continue;
      names.set(dir, [...(names.get(dir) ?? []), globNameMatcher(path.basename(file))]);
    }
    this.names = names;
    for (const [dir, watcher] of this.watchers) {
      if (names.has(dir)) continue;
      watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of names.keys()) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_kind, name) => this.onEvent(dir, name));
        watcher.on('error', () => (watcher.close(), this.watchers.delete(dir)));
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that is gone has nothing to report.
      }
    }
  }

  private onEvent(dir: string, name: string | Buffer | null): void {
    // Some platforms give no name: then any change in the folder counts.
    if (name !== null && !this.names.get(dir)?.some((matches) => matches(String(name)))) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.refresh().then(() => {
        if (!this.isDisposed) this.options.onChange();
      });
    }, this.options.debounceMs ?? 200);
  }
}
