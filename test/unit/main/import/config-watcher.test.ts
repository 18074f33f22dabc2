import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigWatcher } from '../../../../main/import/config-watcher';
import { scanConfigHosts } from '../../../../main/import/ssh-config-hosts';
import { pollUntil } from '../../../helpers/poll-until';
import { makeTempDir } from '../../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function setUp(config = 'Include conf.d/*\nHost a\n  HostName 192.0.2.1\n') {
  const dir = makeTempDir('watch-home');
  const ssh = join(dir.path, '.ssh');
  mkdirSync(join(ssh, 'conf.d'), { recursive: true, mode: 0o700 });
  const write = (name: string, text: string) => writeFileSync(join(ssh, name), text, { mode: 0o600 });
  mkdirSync(join(ssh, 'empty.d'), { mode: 0o700 });
  write('config', config);
  write('conf.d/extra', 'Host b\n');
  write('known_hosts', '');
  let changes = 0;
  const watcher = new ConfigWatcher({
    files: async () => (await scanConfigHosts({ env: { HOME: dir.path }, systemConfigFile: join(dir.path, 'none') })).files,
    onChange: () => changes++,
    debounceMs: 50,
  });
  cleanups.push(
    () => watcher.dispose(),
    () => dir.dispose(),
  );
  return { ssh, write, watcher, changes: () => changes };
}

describe('the ~/.ssh/config watcher', () => {
  it('reports an edit, an atomic replace, and a change to an included file', async () => {
    const { ssh, write, watcher, changes } = setUp();
    await watcher.start();
    write('config', 'Include conf.d/*\nHost a\n  HostName 192.0.2.2\n');
    await pollUntil(() => changes() === 1, { message: 'the edit is reported' });
    write('config.tmp', 'Include conf.d/*\nHost a\n  HostName 192.0.2.3\n');
    renameSync(join(ssh, 'config.tmp'), join(ssh, 'config'));
    await pollUntil(() => changes() === 2, { message: 'the atomic replace is reported' });
    write('conf.d/extra', 'Host c\n');
    await pollUntil(() => changes() === 3, { message: 'the included file’s change is reported' });
    // The list of files is read again after a change: the Include dropped, its file no longer counts.
    write('config', 'Host z\n');
    await pollUntil(() => changes() === 4, { message: 'the last edit is reported' });
  });

  it('reports a file created later where an Include points: a new name in a globbed folder, an empty folder, a missing file', async () => {
    const { write, watcher, changes } = setUp('Include conf.d/*\nInclude empty.d/*.conf ~/.ssh/later\nHost a\n');
    await watcher.start();
    write('conf.d/new', 'Host n\n');
    await pollUntil(() => changes() === 1, { message: 'a new file in the globbed folder is reported' });
    write('empty.d/one.conf', 'Host o\n');
    await pollUntil(() => changes() === 2, { message: 'the first file in an empty globbed folder is reported' });
    write('later', 'Host l\n');
    await pollUntil(() => changes() === 3, { message: 'an included file that did not exist is reported once written' });
    // A name the glob does not match is not a change of the config.
    write('empty.d/notes.txt', 'x');
    write('conf.d/extra', 'Host b2\n');
    await pollUntil(() => changes() === 4, { message: 'the next real change is reported' });
    expect(changes()).toBe(4);
  });
});
