import { readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpawnOptions } from 'node:child_process';
import { startWebServer } from '../../../main/bridge/web-server';
import { makeTempDir } from '../../helpers/temp-dir';

describe('npm run web opening the browser', () => {
  it('hands the browser a 0600 page that forwards to the address: the token is on no command line and in no environment', async () => {
    const dir = makeTempDir('launch');
    const launched: { command: string; args: string[]; options: SpawnOptions }[] = [];
    const server = await startWebServer({
      dataDir: join(dir.path, 'data'),
      staticDir: dir.path,
      open: true,
      spawn: (command, args, options) => {
        launched.push({ command, args, options });
        return { on: () => undefined, unref: () => undefined };
      },
    });
    try {
      expect(launched).toHaveLength(1);
      const [{ args, options }] = launched as [(typeof launched)[0]];
      const everything = JSON.stringify([args, options.env ?? process.env]);
      expect(everything).not.toContain(server.token);
      const page = args[0]!;
      expect(statSync(page).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(page)).mode & 0o777).toBe(0o700);
      expect(readFileSync(page, 'utf8')).toContain(`url=${server.url}`);
    } finally {
      await server.close();
    }
    expect(existsSync(launched[0]!.args[0]!)).toBe(false);
    dir.dispose();
  });
});
