import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreStand, startCoreStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { steadySize } from '../helpers/steady-size';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';
import { describeTree } from '../integration/sftp/tree-compare';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

/**
 * The file manager in Chromium against a real sshd (internal-sftp started in a directory of its
 * own, so the remote home is a temp dir): a files tab for a saved host, both panes listing, an
 * upload by drag and drop that lands byte for byte, the conflict question and Keep both, new
 * folder, rename, permissions, delete with its counts, a directory downloaded with the Copy
 * button, and a transfer that fails with its coded error.
 */
describe('file manager in Chromium', () => {
  let remoteHome: TempDir;
  let stand: CoreStand;
  let localHome: string;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  let unlock = (): void => undefined;
  const report = randomBytes(300_000);

  const view = (): Locator => page.locator('[data-testid="files-view"].files-view--visible');
  const localPane = (): Locator => view().locator('[data-testid="file-pane"][data-side="local"]');
  const remotePane = (): Locator => view().locator('[data-testid="file-pane"][data-side="remote"]');
  const row = (pane: Locator, name: string): Locator => pane.locator(`[data-testid="file-row"][data-name="${name}"]`);
  const names = (pane: Locator): Promise<string[]> => pane.getByTestId('file-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  const pathOf = (pane: Locator): Promise<string> => pane.getByRole('textbox', { name: /^Path on/ }).inputValue();
  const waitForRow = (pane: Locator, name: string) => pollUntil(async () => (await names(pane)).includes(name), { message: `a row "${name}"` });
  const waitForNoRow = (pane: Locator, name: string) => pollUntil(async () => !(await names(pane)).includes(name), { message: `no row "${name}"` });
  const jobs = (): Locator => view().getByTestId('transfer-job');
  /** A job by its number (main counts them from 1; the dock shows the newest first). */
  const job = (id: number): Locator => view().locator(`[data-testid="transfer-job"][data-job-id="${id}"]`);
  /** Waits for a job to reach an end and returns its state. */
  const jobEnds = (id: number): Promise<string> =>
    pollUntil(
      async () => {
        const state = (await job(id).count()) === 0 ? null : await job(id).getAttribute('data-state');
        return state === 'done' || state === 'failed' || state === 'cancelled' ? state : undefined;
      },
      { timeoutMs: 30_000, message: `transfer ${id} to finish` },
    );
  /** Drags `source` onto the empty space under the rows of `pane` (a directory row would take it into itself). */
  const dragOnto = async (source: Locator, pane: Locator): Promise<void> => {
    const listing = pane.locator('.file-pane__listing');
    const box = (await listing.boundingBox())!;
    await source.dragTo(listing, { targetPosition: { x: 40, y: box.height - 12 } });
  };

  beforeAll(async () => {
    remoteHome = makeTempDir('remote-home');
    stand = await startCoreStand({ sshd: { extraConfig: [`Subsystem sftp internal-sftp -d ${remoteHome.path}`] }, trustServer: true });
    localHome = stand.env.home;
    mkdirSync(join(localHome, 'outbox'));
    writeFileSync(join(localHome, 'outbox', 'report.txt'), report);
    writeFileSync(join(remoteHome.path, 'existing.txt'), 'already here\n');
    mkdirSync(join(remoteHome.path, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(remoteHome.path, 'tree', 'a.txt'), 'alpha\n');
    writeFileSync(join(remoteHome.path, 'tree', 'sub', 'b.bin'), randomBytes(70_000));
    const saved = await stand.call('profiles.save', { name: 'Files box', destination: '127.0.0.1', port: stand.sshd.port, user: userInfo().username });
    expect(saved).toMatchObject({ ok: true });
    app = await openAppPage(stand.core, { readyTestId: 'host-item' });
    ({ page, problems } = app);
  });

  afterAll(async () => {
    unlock();
    await app?.close();
    await stand?.dispose();
    remoteHome?.dispose();
  });

  it('opens Files for a saved host: this computer lists its home, the server its own', async () => {
    const host = page.getByTestId('host-item').filter({ hasText: 'Files box' });
    await host.hover();
    await host.getByRole('button', { name: 'Files on Files box' }).click();
    const tab = page.getByRole('tab', { selected: true });
    expect(await tab.textContent()).toContain('Files box');
    await pollUntil(async () => (await view().getAttribute('data-state')) === 'connected', { timeoutMs: 30_000, message: 'the files tab connected' });
    await waitForRow(remotePane(), 'tree');
    expect(await pathOf(remotePane())).toBe(remoteHome.path);
    expect(await names(remotePane())).toEqual(['tree', 'existing.txt']);
    await waitForRow(localPane(), 'outbox');
    expect(await pathOf(localPane())).toBe(localHome);
    expect(await names(localPane())).toEqual(expect.arrayContaining(['.ssh', 'outbox']));
    await pollUntil(async () => (await page.getByTestId('count-connections').textContent()) === '1 connection', { message: 'one connection counted' });

    // The keyboard alone: arrows move, Enter opens a directory, Backspace goes back up to it.
    await row(remotePane(), 'tree').click();
    await page.keyboard.press('ArrowDown');
    expect(await row(remotePane(), 'existing.txt').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await waitForRow(remotePane(), 'sub');
    expect(await pathOf(remotePane())).toBe(join(remoteHome.path, 'tree'));
    await page.keyboard.press('Backspace');
    await waitForRow(remotePane(), 'existing.txt');
    expect(await row(remotePane(), 'tree').getAttribute('aria-selected')).toBe('true');
  });

  it('uploads a local file dragged onto the server pane; the bytes on the server are the same', async () => {
    await row(localPane(), 'outbox').dblclick();
    await waitForRow(localPane(), 'report.txt');
    expect(await pathOf(localPane())).toBe(join(localHome, 'outbox'));
    await dragOnto(row(localPane(), 'report.txt'), remotePane());
    expect(await jobEnds(1)).toBe('done');
    expect(readFileSync(join(remoteHome.path, 'report.txt')).equals(report)).toBe(true);
    // The job's destination is the directory the pane shows: it lists it again by itself.
    await waitForRow(remotePane(), 'report.txt');
    expect(await job(1).textContent()).toContain('1 file copied');
  });

  it('the same drag again asks what to do with the taken name; Keep both writes "report (1).txt"', async () => {
    await dragOnto(row(localPane(), 'report.txt'), remotePane());
    const question = page.getByTestId('prompt-transfer-conflict');
    await question.waitFor({ timeout: 30_000 });
    expect(await question.getByRole('heading').textContent()).toMatch(/^1 name already exists in /);
    expect(await question.locator('.untrusted__text').textContent()).toBe('report.txt');
    // The job waits on the answer: it counts as running, in the dock's badge and in the status bar.
    expect(await view().getByTestId('transfer-badge').textContent()).toBe('1');
    expect(await page.getByTestId('count-transfers').textContent()).toBe('1 transfer');
    await screenshot(page, 'files-conflict');
    await question.getByRole('button', { name: 'Keep both' }).click();
    expect(await jobEnds(2)).toBe('done');
    expect(readFileSync(join(remoteHome.path, 'report (1).txt')).equals(report)).toBe(true);
    expect(readFileSync(join(remoteHome.path, 'report.txt')).equals(report)).toBe(true);
    await waitForRow(remotePane(), 'report (1).txt');
  });

  it('makes a folder, renames it, changes permissions, and deletes with the counts in the question', async () => {
    const pane = remotePane();
    await pane.getByRole('button', { name: 'New folder' }).click();
    const created = page.getByTestId('new-folder-dialog');
    await created.getByLabel('Name').fill('made-here');
    await created.getByLabel('Name').press('Enter');
    await waitForRow(pane, 'made-here');
    expect(statSync(join(remoteHome.path, 'made-here')).isDirectory()).toBe(true);

    // The new folder is selected: F2 renames it.
    await row(pane, 'made-here').focus();
    await page.keyboard.press('F2');
    const rename = page.getByTestId('rename-dialog');
    await rename.getByLabel('Name').fill('renamed');
    await rename.getByLabel('Name').press('Enter');
    await waitForRow(pane, 'renamed');
    expect(existsSync(join(remoteHome.path, 'made-here'))).toBe(false);
    expect(statSync(join(remoteHome.path, 'renamed')).isDirectory()).toBe(true);

    await row(pane, 'report.txt').click();
    await pane.getByRole('toolbar').getByRole('button', { name: 'Permissions' }).click();
    const permissions = page.getByTestId('permissions-dialog');
    await permissions.getByLabel('Mode (octal)').fill('600');
    await permissions.getByRole('checkbox', { name: 'Group read' }).check();
    expect(await permissions.getByLabel('Mode (octal)').inputValue()).toBe('640');
    await permissions.getByRole('button', { name: 'Apply' }).click();
    await permissions.waitFor({ state: 'detached' });
    expect(statSync(join(remoteHome.path, 'report.txt')).mode & 0o7777).toBe(0o640);
    await pollUntil(async () => (await row(pane, 'report.txt').locator('.listing__mode').textContent()) === '-rw-r-----', { message: 'the new mode listed' });

    await row(pane, 'renamed').click();
    await row(pane, 'report (1).txt').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    const confirm = page.getByTestId('delete-dialog');
    await confirm.waitFor();
    expect(await confirm.getByRole('heading').textContent()).toBe('Delete 1 file and 1 folder (300 kB)?');
    await screenshot(page, 'files-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await waitForNoRow(pane, 'renamed');
    await waitForNoRow(pane, 'report (1).txt');
    expect(existsSync(join(remoteHome.path, 'renamed'))).toBe(false);
    expect(existsSync(join(remoteHome.path, 'report (1).txt'))).toBe(false);
  });

  it('downloads a directory with the Download button into the directory the local pane shows', async () => {
    await row(localPane(), 'report.txt').click();
    await page.keyboard.press('Backspace');
    await pollUntil(async () => (await pathOf(localPane())) === localHome, { message: 'the local pane back home' });
    await row(remotePane(), 'tree').click();
    await remotePane().getByTestId('copy-across').click();
    expect(await jobEnds(3)).toBe('done');
    expect(describeTree(join(localHome, 'tree'))).toEqual(describeTree(join(remoteHome.path, 'tree')));
    await waitForRow(localPane(), 'tree');
  });

  it('a transfer into a directory that may not be written fails with its coded error', async () => {
    // A path that is not there: the pane says so (naming it) and keeps what it showed.
    const path = remotePane().getByRole('textbox', { name: /^Path on/ });
    await path.fill(join(remoteHome.path, 'nowhere'));
    await path.press('Enter');
    const listError = remotePane().getByTestId('pane-error');
    await listError.waitFor();
    expect(await listError.textContent()).toContain('nowhere');
    expect(await listError.textContent()).toContain('SFTP_NO_SUCH_FILE');
    expect(await names(remotePane())).toContain('tree');

    const locked = join(remoteHome.path, 'locked');
    mkdirSync(locked);
    unlock = lockDirectory(locked);
    await path.fill(locked);
    await path.press('Enter');
    await pollUntil(async () => (await pathOf(remotePane())) === locked, { message: 'the locked directory shown' });
    await row(localPane(), 'outbox').dblclick();
    await waitForRow(localPane(), 'report.txt');
    await row(localPane(), 'report.txt').click();
    await localPane().getByTestId('copy-across').click();
    expect(await jobEnds(4)).toBe('failed');
    const error = job(4).getByTestId('transfer-error');
    expect(await error.textContent()).toContain('SFTP_PERMISSION_DENIED');
    expect(await error.textContent()).toContain('locked');
    expect(await job(4).getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    await screenshot(page, 'files-queue');
  });

  it('in the browser, files dropped from the desktop get a notice instead of an upload', async () => {
    // What the browser does when a file from the desktop is dropped (this file is compiled without the DOM's types).
    await remotePane()
      .locator('.file-pane__listing')
      .evaluate((element) => {
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string) => unknown;
          DragEvent: new (type: string, init: object) => unknown;
        };
        const target = element as unknown as { dispatchEvent(event: unknown): boolean };
        const data = new dom.DataTransfer();
        data.items.add(new dom.File(['hi'], 'desktop.txt'));
        target.dispatchEvent(new dom.DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        target.dispatchEvent(new dom.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
    await page.getByText('Dropping files from the desktop works in the Jumpgate app').waitFor();
    expect(await jobs().count()).toBe(4);
  });

  it('the whole manager, then closing the tab ends its connection', async () => {
    await page.getByRole('button', { name: 'Dismiss' }).last().click();
    await remotePane()
      .getByRole('button', { name: /^Up one level/ })
      .click();
    await waitForRow(remotePane(), 'tree');
    await row(remotePane(), 'tree').click();
    await screenshot(page, 'files-manager');
    // Light, then dark (the theme switch goes system → light → dark).
    await page.getByTestId('theme-switch').click();
    await page.getByTestId('theme-switch').click();
    await pollUntil(async () => (await page.locator('html').getAttribute('data-theme')) === 'dark', { message: 'the dark theme' });
    await screenshot(page, 'files-manager-dark');
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await pollUntil(async () => (await jobs().count()) === 0, { message: 'the finished jobs cleared' });
    await row(remotePane(), 'tree').focus();
    await page.keyboard.press('Control+Shift+W');
    await pollUntil(async () => (await page.getByRole('tab').count()) === 0, { message: 'the files tab closed' });
    await pollUntil(async () => (await page.getByTestId('count-connections').textContent()) === '0 connections', { message: 'the connection closed' });
  });

  it('opens from a terminal tab for the same host; a dropped server shows the coded error, and Reconnect comes back', async () => {
    await page.getByTestId('host-item').filter({ hasText: 'Files box' }).dblclick();
    const terminal = page.locator('[data-testid="terminal-pane"].terminal-pane--active');
    await pollUntil(async () => (await terminal.getAttribute('data-state')) === 'connected', { timeoutMs: 30_000, message: 'the terminal connected' });
    await terminal.getByRole('button', { name: 'Files on this host' }).click();
    await pollUntil(async () => (await view().getAttribute('data-state')) === 'connected', { timeoutMs: 30_000, message: 'the files tab connected' });
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain('Files box');
    await waitForRow(remotePane(), 'existing.txt');

    await stand.sshd.stop();
    const ended = view().getByTestId('session-ended');
    await ended.waitFor({ timeout: 30_000 });
    expect(await view().getAttribute('data-state')).toBe('closed');
    expect(await ended.textContent()).toMatch(/[A-Z]+_[A-Z_]+/);
    // This computer stays usable while the server is away.
    expect(await names(localPane())).toContain('outbox');
    await screenshot(page, 'files-closed');
    await stand.sshd.restart();
    await ended.getByRole('button', { name: 'Reconnect' }).click();
    await pollUntil(async () => (await view().getAttribute('data-state')) === 'connected', { timeoutMs: 30_000, message: 'connected again' });
    await waitForRow(remotePane(), 'existing.txt');
    expect(problems.errors).toEqual([]);
  });

  it('a large download pauses (its file stops growing), resumes to the same bytes, and a cancel leaves nothing', async () => {
    // Large enough for the transfer worker, which must stop when the job is paused.
    const size = 128 * 1024 * 1024;
    const big = randomBytes(size);
    writeFileSync(join(remoteHome.path, 'big.bin'), big);
    const path = remotePane().getByRole('textbox', { name: /^Path on/ });
    await path.fill(remoteHome.path);
    await path.press('Enter');
    await waitForRow(remotePane(), 'big.bin');
    await pollUntil(async () => (await pathOf(localPane())) === localHome, { message: 'the local pane at home' });
    const target = join(localHome, 'big.bin');
    const partial = join(localHome, '.big.bin.jgpart');
    const newest = () => jobs().first();
    const download = async () => {
      const before = await jobs().count();
      await row(remotePane(), 'big.bin').click();
      await remotePane().getByTestId('copy-across').click();
      await pollUntil(async () => (await jobs().count()) > before, { message: 'the download queued' });
      await pollUntil(() => existsSync(partial) && statSync(partial).size > 0, { timeoutMs: 30_000, intervalMs: 5, message: 'the download under way' });
    };

    await download();
    await newest()
      .getByRole('button', { name: /^Pause / })
      .click();
    await pollUntil(async () => (await newest().getAttribute('data-state')) === 'paused', { message: 'the job paused' });
    // Paused at about 28 of 128 MiB here: requests in flight land, then nothing more.
    expect(await steadySize(partial)).toBeLessThan(size);
    expect(existsSync(target)).toBe(false);
    await newest()
      .getByRole('button', { name: /^Resume / })
      .click();
    expect(await jobEnds(Number(await newest().getAttribute('data-job-id')))).toBe('done');
    expect(readFileSync(target).equals(big)).toBe(true);

    unlinkSync(target);
    await download();
    await newest()
      .getByRole('button', { name: /^Cancel / })
      .click();
    expect(await jobEnds(Number(await newest().getAttribute('data-job-id')))).toBe('cancelled');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(problems.errors).toEqual([]);
  });

  it('closing a files tab while it counts for a delete cancels the count: no question, no error, no late answer', async () => {
    // main holds each files.count until its call is cancelled, then lets it run: it answers at once with the cancel code.
    const dispatch = stand.core.router.dispatch.bind(stand.core.router);
    const counts: Array<{ signal: AbortSignal | undefined; answer?: unknown }> = [];
    (stand.core.router as { dispatch: typeof dispatch }).dispatch = async (method, input, origin) => {
      if (method !== 'files.count') return dispatch(method, input, origin);
      const count: (typeof counts)[number] = { signal: origin.signal };
      counts.push(count);
      await new Promise<void>((resolve) => origin.signal?.addEventListener('abort', () => resolve()));
      count.answer = await dispatch(method, input, origin);
      return count.answer as Awaited<ReturnType<typeof dispatch>>;
    };
    try {
      const host = page.getByTestId('host-item').filter({ hasText: 'Files box' });
      await host.hover();
      await host.getByRole('button', { name: 'Files on Files box' }).click();
      await waitForRow(localPane(), 'outbox');
      const tabs = await page.getByRole('tab').count();
      const alerts = await page.getByRole('alert').count();
      await row(localPane(), 'outbox').click();
      await page.keyboard.press('Delete');
      await pollUntil(() => counts.length === 1, { message: 'the count asked of main' });
      await page.keyboard.press('Control+Shift+W');
      await pollUntil(async () => (await page.getByRole('tab').count()) === tabs - 1, { message: 'the files tab closed' });
      await pollUntil(() => counts[0]!.signal?.aborted === true, { message: 'the count cancelled in main' });
      await pollUntil(() => counts[0]!.answer !== undefined, { message: 'the cancelled count answered' });
      expect(counts[0]!.answer).toMatchObject({ ok: false, error: { code: 'SFTP_CANCELLED' } });
      expect(await page.getByTestId('delete-dialog').count()).toBe(0);
      expect(await page.getByTestId('pane-error').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(alerts);
      expect(problems.errors).toEqual([]);
    } finally {
      (stand.core.router as { dispatch: typeof dispatch }).dispatch = dispatch;
    }
  });
});

/**
 * A directory nobody may write into. Modes do not stop root (these tests often run as root), so
 * as root it is also made immutable; the returned function undoes that, or the temp dir could
 * not be removed.
 */
function lockDirectory(path: string): () => void {
  chmodSync(path, 0o555);
  if (process.getuid?.() !== 0) return () => chmodSync(path, 0o755);
  execFileSync('chattr', ['+i', path]);
  return () => {
    execFileSync('chattr', ['-i', path]);
    chmodSync(path, 0o755);
  };
}
