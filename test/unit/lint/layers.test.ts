import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** Lints `code` as if it were the file at `filePath`, through the project's own eslint.config.mjs. */
async function problemsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId?.startsWith('local/')).map((message) => message.message);
}

let eslint: ESLint;
beforeAll(() => {
  // Only the local rules: the others would need the imported files to exist.
  eslint = new ESLint({ ruleFilter: ({ ruleId }) => ruleId.startsWith('local/') });
});

describe('the layers of main/ (eslint/layers.mjs)', () => {
  it('refuses an import upwards, naming both folders and the layers', async () => {
    const problems = await problemsOf('main/ssh/planted.ts', "import { TerminalManager } from '../terminal/terminal-manager';\nvoid TerminalManager;\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^main\/ssh may not import main\/terminal \(layers: main\/base < main\/storage, main\/prompts < main\/ssh < /);
  });

  it('refuses an import between folders on one layer', async () => {
    expect(await problemsOf('main/sftp/planted.ts', "export { Backoff } from '../forward/backoff';\n")).toEqual([
      expect.stringMatching(/^main\/sftp may not import main\/forward /),
    ]);
    expect(await problemsOf('main/cli/planted.ts', "import type { BridgeServer } from '../bridge/bridge-server';\nexport type B = BridgeServer;\n")).toEqual([
      expect.stringMatching(/^main\/cli may not import main\/bridge /),
    ]);
  });

  it('refuses an import upwards inside main/ssh', async () => {
    expect(await problemsOf('main/ssh/host-keys/planted.ts', "import '../connect/ssh-connector';\n")).toEqual([
      expect.stringMatching(/^main\/ssh\/host-keys may not import main\/ssh\/connect \(layers: main\/ssh\/config, main\/ssh\/host-keys < /),
    ]);
  });

  it('refuses an import upwards inside main/sftp: the protocol knows nothing of transfers or the file manager', async () => {
    expect(await problemsOf('main/sftp/protocol/planted.ts', "import '../transfer/transfer-job';\nimport '../file-manager/files-manager';\n")).toEqual([
      expect.stringMatching(/^main\/sftp\/protocol may not import main\/sftp\/transfer \(layers: main\/sftp\/protocol < /),
      expect.stringMatching(/^main\/sftp\/protocol may not import main\/sftp\/file-manager /),
    ]);
  });

  it('refuses a folder that the table does not name', async () => {
    expect(await problemsOf('main/planted/thing.ts', "import '../base/atomic-file';\n")).toEqual([
      expect.stringContaining('main/planted/thing is in no layer'),
    ]);
  });

  it('allows imports downwards and the named exceptions between one layer', async () => {
    const allowed = [
      "import { SshConnector } from '../ssh/connect/ssh-connector';",
      "import { PromptBroker } from '../prompts/prompt-broker';",
      "import { writeFileAtomic } from '../base/atomic-file';",
      "import { z } from 'zod';",
      "import { AppError } from '../../shared/errors';",
    ].join('\n');
    expect(await problemsOf('main/terminal/planted.ts', allowed)).toEqual([]);
    expect(await problemsOf('main/ipc/planted.ts', "import { createMainWindow } from '../app/main-window';\n")).toEqual([]);
    expect(await problemsOf('main/index.ts', "import { ElectronIpc } from './ipc/electron-ipc';\n")).toEqual([]);
  });
});

describe('the boundaries of the tree', () => {
  it("refuses 'electron' outside main/index.ts, app/, ipc/ and preload/", async () => {
    expect(await problemsOf('main/sftp/planted.ts', "import { app } from 'electron';\n")).toEqual([expect.stringContaining("'electron' is imported only in")]);
    expect(await problemsOf('main/app/planted.ts', "import { app } from 'electron';\n")).toEqual([]);
  });

  it('refuses Node and any package but zod in shared/', async () => {
    expect(await problemsOf('shared/base/planted.ts', "import { readFileSync } from 'node:fs';\n")).toEqual([expect.stringContaining("('node:fs')")]);
    expect(await problemsOf('shared/base/planted.ts', "import '../../main/base/atomic-file';\n")).toEqual([
      expect.stringContaining('shared/ imports only shared/ and zod, not main/base/atomic-file'),
    ]);
    expect(await problemsOf('shared/base/planted.ts', "import { z } from 'zod';\nimport { ok } from './result';\n")).toEqual([]);
  });

  it('refuses main/ and Node in the renderer, and main/ importing the renderer', async () => {
    expect(await problemsOf('renderer/app/planted.ts', "import '../../main/core/app-core';\n")).toEqual([
      expect.stringContaining('renderer/ imports only renderer/ and shared/, not main/core/app-core'),
    ]);
    expect(await problemsOf('renderer/app/planted.ts', "import { join } from 'path';\n")).toEqual([expect.stringContaining('the renderer has no Node')]);
    expect(await problemsOf('renderer/app/planted.ts', "import { Client } from 'ssh2';\n")).toEqual([expect.stringContaining("('ssh2')")]);
    expect(await problemsOf('main/bridge/planted.ts', "import '../../renderer/api/boot';\n")).toEqual([
      expect.stringContaining('main/ never imports renderer/'),
    ]);
    expect(
      await problemsOf('renderer/app/planted.tsx', "import { useState } from 'react';\nimport { Terminal } from '@xterm/xterm';\nimport '../../shared/ipc';\n"),
    ).toEqual([]);
  });
});
