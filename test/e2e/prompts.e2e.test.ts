import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRpc, createAppRpc } from '../../main/rpc/app-rpc';
import { confBackend } from '../../main/storage/store-backend';
import { makeTempDir } from '../helpers/temp-dir';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

/**
 * main's prompt broker asks, the window shows a modal for each kind of question, and the answer
 * travels back through `prompts.answer` to whoever asked (here the test, standing in for the
 * SSH layer that will ask once terminals connect).
 */
describe('prompts in Chromium', () => {
  const dataDir = makeTempDir('e2e-prompts');
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  /** A key the connect flow has never seen, as it asks about it. */
  const unknownKey = {
    kind: 'host-key',
    hop: 'deploy@build.example.com:2222',
    host: 'build.example.com',
    port: 2222,
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
    knownTypes: [] as string[],
  } as const;

  beforeAll(async () => {
    core = createAppRpc({ dataDir: dataDir.path, transport: 'web', backend: confBackend(), versions: { node: process.versions.node } });
    app = await openAppPage(core, { colorScheme: 'dark' });
    ({ page, problems } = app);
    // The relay only asks once a window listens.
    await page.getByTestId('vault-state').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    core?.dispose();
    dataDir.dispose();
  });

  it('shows an unknown host key with its fingerprint and answers Accept and save', async () => {
    const answer = core.broker.ask(unknownKey);
    const dialog = page.getByTestId('prompt-host-key');
    await dialog.waitFor();
    expect(await dialog.getByTestId('host-key-fingerprint').textContent()).toBe(unknownKey.fingerprint);
    expect(await dialog.getByTestId('host-key-type').textContent()).toBe('ssh-ed25519');
    await screenshot(page, 'prompt-host-key');
    await dialog.getByRole('button', { name: 'Accept and save' }).click();
    expect(await answer).toBe('accept-save');
    await dialog.waitFor({ state: 'detached' });
  });

  it('treats Escape on a host key as Cancel (reject)', async () => {
    // The same host, now offering a key of a type it is not known by.
    const answer = core.broker.ask({ ...unknownKey, keyType: 'ssh-rsa', knownTypes: ['ssh-ed25519'] });
    await page.getByTestId('prompt-host-key').getByText('already known with a different key type').waitFor();
    await page.keyboard.press('Escape');
    expect(await answer).toBe('reject');
  });

  it('asks for a password, says when an attempt failed, and sends what was typed', async () => {
    const answer = core.broker.ask({ kind: 'password', hop: 'deploy@build.example.com:2222', user: 'deploy', host: 'build.example.com', attempt: 2 });
    const dialog = page.getByTestId('prompt-password');
    await dialog.getByText('That was not accepted').waitFor();
    const field = dialog.getByLabel('Password');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill('correct horse');
    await screenshot(page, 'prompt-password');
    await field.press('Enter');
    expect(await answer).toBe('correct horse');
  });

  it('says why it asks although a password is kept (the hop shows another host key)', async () => {
    const note =
      'A password is kept for deploy@build.example.com:22, but for the host key SHA256:old; deploy@build.example.com:22 now shows SHA256:new, so the kept password was not sent.';
    const answer = core.broker
      .ask({
        kind: 'password',
        hop: 'deploy@build.example.com:22',
        user: 'deploy',
        host: 'build.example.com',
        attempt: 1,
        hostKeyFingerprint: 'SHA256:new',
        note,
      })
      .catch((error: unknown) => error);
    const dialog = page.getByTestId('prompt-password');
    expect(await dialog.getByTestId('prompt-password-note').textContent()).toBe(note);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await answer).toMatchObject({ code: 'PROMPT_CANCELLED' });
  });

  it("shows keyboard-interactive text as the server's, labelled with the hop, echoing only where asked", async () => {
    const answer = core.broker.ask({
      kind: 'keyboard-interactive',
      hop: 'ops@bastion.example.com:22',
      name: 'Duo two-factor',
      instructions: 'Enter the code from your phone.\u001b[2J\u202e',
      prompts: [
        { prompt: 'Username: ', echo: true },
        { prompt: 'Verification code: ', echo: false },
      ],
    });
    const dialog = page.getByTestId('prompt-keyboard-interactive');
    await dialog.getByText('untrusted text').waitFor();
    expect(await dialog.locator('figcaption').textContent()).toContain('ops@bastion.example.com:22');
    expect(await dialog.locator('pre').textContent()).toBe('Duo two-factor\nEnter the code from your phone.\\x1b[2J\\u202e');
    expect(await dialog.getByLabel('Username:').getAttribute('type')).toBe('text');
    expect(await dialog.getByLabel('Verification code:').getAttribute('type')).toBe('password');
    await dialog.getByLabel('Username:').fill('ops');
    await dialog.getByLabel('Verification code:').fill('123456');
    await screenshot(page, 'prompt-keyboard-interactive');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(await answer).toEqual(['ops', '123456']);
  });

  it('shows questions one at a time, in order', async () => {
    const first = core.broker.ask({ kind: 'passphrase', hop: 'h:22', keyFile: '~/.ssh/id_ed25519', attempt: 1 });
    const second = core.broker.ask({ kind: 'password', hop: 'h:22', user: 'u', host: 'h', attempt: 1 }).catch((error: unknown) => error);
    await page.getByTestId('prompt-passphrase').getByLabel('Passphrase').fill('key secret');
    await page.getByTestId('prompt-passphrase').getByLabel('Passphrase').press('Enter');
    expect(await first).toBe('key secret');
    await page.getByTestId('prompt-password').getByRole('button', { name: 'Cancel' }).click();
    expect(await second).toMatchObject({ code: 'PROMPT_CANCELLED' });
    expect(await page.locator('[role="dialog"], [role="alertdialog"]').count()).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  it('a question still open when the window reloads is shown again', async () => {
    const answer = core.broker.ask({ kind: 'password', hop: 'deploy@build.example.com:22', user: 'deploy', host: 'build.example.com', attempt: 1 });
    await page.getByTestId('prompt-password').waitFor();
    await page.reload();
    const dialog = page.getByTestId('prompt-password');
    await dialog.getByLabel('Password').fill('after reload');
    await dialog.getByLabel('Password').press('Enter');
    expect(await answer).toBe('after reload');
  });

  it('shows app.notice events as toasts', async () => {
    core.hub.emit('app.notice', {
      level: 'error',
      text: 'Could not reach build.example.com: connection refused.',
      error: { code: 'CONNECTION_REFUSED', message: 'x' },
    });
    const toast = page.getByRole('alert').filter({ hasText: 'connection refused' });
    await toast.waitFor();
    expect(await toast.textContent()).toContain('CONNECTION_REFUSED');
    await screenshot(page, 'toast-error');
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached' });
  });
});
