import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustConfirmation } from '../../main/prompts/trusted-confirmer';
import { hostnameHash } from '../../main/ssh/auth/agent-client';
import { hashKnownHostsName } from '../../main/ssh/host-keys/host-key-format';
import type { AppRpc } from '../../main/rpc/app-rpc';
import { createWebCore, type SshStand, startSshStand } from '../helpers/core-stand';
import { pollUntil } from '../helpers/poll-until';
import { openAppPage, type AppPage } from './app-page';
import { type PageProblems, screenshot } from './browser';

/**
 * Known hosts, the Vault and the Agent pages in Chromium against a real sshd: a host's saved key
 * reached from its row, removed from the page (main confirms it through its own dialog, stood in
 * for here), and the next connection asks about the key again; a password question that sets up,
 * then unlocks, the vault in place and keeps the password; the Vault page lists and forgets.
 */
describe('known hosts and the vault in Chromium', () => {
  let ssh: SshStand;
  let core: AppRpc;
  let app: AppPage | undefined;
  let page: Page;
  let problems: PageProblems;
  let agent: ChildProcess | undefined;
  const confirmations: TrustConfirmation[] = [];
  const call = (method: string, input: unknown) => core.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });

  beforeAll(async () => {
    ssh = await startSshStand({ trustServer: true });
    // The app's native confirmation dialog, answered Yes: the person confirmed in main's own window.
    core = createWebCore(ssh.env, { confirmer: { confirm: async (request) => (confirmations.push(request), true) } });
    expect(await call('profiles.save', { name: 'Build box', destination: '127.0.0.1', port: ssh.sshd.port, user: 'root' })).toMatchObject({ ok: true });
    expect(await call('profiles.save', { name: 'Deploy target', destination: 'deploy.example.com', user: 'deploy' })).toMatchObject({ ok: true });
    app = await openAppPage(core, { readyTestId: 'host-item' });
    ({ page, problems } = app);
    await page.getByTestId('vault-state').waitFor();
  });

  afterAll(async () => {
    agent?.kill();
    await app?.close();
    core?.dispose();
    await ssh?.dispose();
  });

  it("opens a saved host's known_hosts entry from its row, removes it after confirming, and the next connection asks again", async () => {
    const name = `[127.0.0.1]:${ssh.sshd.port}`;
    await openKnownHostKey(page, 'Build box');
    const pageView = page.getByRole('region', { name: 'Known hosts' });
    await pageView.getByTestId('known-hosts-focus').getByText(name).waitFor();
    const rows = pageView.getByTestId('known-host-row');
    await pollUntil(async () => (await rows.count()) >= 1, { message: 'the host key rows' });
    const texts = await rows.allTextContents();
    expect(texts.every((text) => text.includes(name) && text.includes('SHA256:'))).toBe(true);
    await screenshot(page, 'known-hosts-host');

    await rows
      .first()
      .getByRole('button', { name: `Remove the keys of ${name}` })
      .click();
    const dialog = page.getByTestId('remove-known-host');
    await dialog.getByText('The next connection to it asks about its key again').waitFor();
    await screenshot(page, 'known-hosts-remove');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await pageView.getByText(`No saved key names ${name}.`).waitFor();
    expect(confirmations.map((request) => request.message)).toEqual([`Remove the saved host keys of ${name}?`]);

    // The whole list, searched the way OpenSSH looks a host up.
    await pageView.getByRole('button', { name: 'Show every entry' }).click();
    await pageView.getByTestId('known-hosts-search').fill('localhost');
    await pageView.getByText('No saved key names localhost.').waitFor();
    await pageView.getByTestId('known-hosts-search').fill('');
    await screenshot(page, 'known-hosts-all');
    // The host's row leads back to its entry, however the page was left.
    await openKnownHostKey(page, 'Build box');
    await pageView.getByTestId('known-hosts-focus').getByText(name).waitFor();

    await page.getByTestId('host-item').filter({ hasText: 'Build box' }).hover();
    await page.getByRole('button', { name: 'Connect to Build box' }).click();
    const question = page.getByTestId('prompt-host-key');
    await question.waitFor();
    await screenshot(page, 'known-hosts-asks-again');
    await question.getByRole('button', { name: 'Accept and save' }).click();
    await pollUntil(async () => (await page.getByTestId('count-connections').textContent()) === '1 connection', { message: 'connected', timeoutMs: 30_000 });
  });

  it('shows hashed, @revoked and @cert-authority entries as such, finds a hashed one by its host and removes it', async () => {
    const [ed, ec] = ssh.sshd.knownHostsLines().map((line) => line.split(' ').slice(1).join(' '));
    const hashedName = hashKnownHostsName('hashed.example.com', randomBytes(20));
    appendFileSync(
      ssh.env.knownHostsPath,
      [
        '# kept by hand\n',
        `${hashedName} ${ed}\n`,
        `@revoked old.example.com ${ec}\n`,
        `@cert-authority *.example.com ${ed}\r\n`,
        'not a known_hosts line\n',
        `web.example.com,192.0.2.7 ${ec}\n`,
      ].join(''),
    );
    await page.getByRole('button', { name: 'Known hosts', exact: true }).click();
    const pageView = page.getByRole('region', { name: 'Known hosts' });
    await pageView.getByRole('button', { name: 'Read the files again' }).click();
    await pageView.getByText('1 line OpenSSH would ignore').waitFor();
    await pageView.getByText('certificate authority').waitFor();
    await pageView.getByText('revoked', { exact: true }).waitFor();
    // Hashed lines (this one, and the key saved at the last connection) cannot be removed until a search names them.
    const hashedRow = pageView.getByTestId('known-host-row').filter({ hasText: 'hashed' });
    const removeButtons = await hashedRow.getByRole('button').all();
    expect(removeButtons.length).toBeGreaterThan(0);
    for (const button of removeButtons) expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'known-hosts-kinds');

    await pageView.getByTestId('known-hosts-search').fill('hashed.example.com');
    await hashedRow.getByText('hashed.example.com').waitFor();
    await screenshot(page, 'known-hosts-hashed-found');
    await hashedRow.getByRole('button', { name: 'Remove the keys of hashed.example.com' }).click();
    await page.getByTestId('remove-known-host').getByRole('button', { name: 'Remove' }).click();
    await pageView.getByTestId('known-host-row').filter({ hasText: 'certificate authority' }).waitFor();
    await pollUntil(async () => (await pageView.getByTestId('known-host-row').count()) === 1, { message: 'only the authority left' });
    expect(readFileSync(ssh.env.knownHostsPath, 'utf8')).not.toContain(hashedName);
    expect(readFileSync(ssh.env.knownHostsPath, 'utf8')).toContain('not a known_hosts line\n');
  });

  it('a password question sets up the vault in place and keeps the password', async () => {
    const answer = core.broker.ask({ kind: 'password', hop: 'deploy@deploy.example.com:22', user: 'deploy', host: 'deploy.example.com', attempt: 1 });
    const dialog = page.getByTestId('prompt-password');
    await dialog.getByLabel('Password', { exact: true }).fill('first secret');
    await dialog.getByText('Keep it in a new vault').click();
    await dialog.getByLabel('New vault passphrase').fill('vault passphrase one');
    await dialog.getByLabel('Repeat it').fill('vault passphrase one');
    await screenshot(page, 'vault-setup-in-place');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(await answer).toBe('first secret');
    expect(await call('vault.entries', {})).toMatchObject({ ok: true, value: [{ id: 'ssh-password:deploy@deploy.example.com:22' }] });
    await pollUntil(async () => (await page.getByTestId('vault-state').textContent())?.includes('nlocked'), { message: 'the status bar shows the vault open' });
  });

  it('a password question unlocks a locked vault in place and keeps the password', async () => {
    expect(await call('vault.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    const answer = core.broker.ask({ kind: 'password', hop: 'ops@db.example.com:2222', user: 'ops', host: 'db.example.com', attempt: 1 });
    const dialog = page.getByTestId('prompt-password');
    await dialog.getByLabel('Password', { exact: true }).fill('second secret');
    await dialog.getByText('Keep it in the vault, which is locked').click();
    await dialog.getByLabel('Vault passphrase').fill('not the passphrase');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('That is not the vault passphrase').waitFor();
    await dialog.getByLabel('Vault passphrase').fill('vault passphrase one');
    await screenshot(page, 'vault-unlock-in-place');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(await answer).toBe('second secret');
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    const entries = await call('vault.entries', {});
    expect(entries.ok && (entries.value as { id: string }[]).map((entry) => entry.id)).toEqual([
      'ssh-password:deploy@deploy.example.com:22',
      'ssh-password:ops@db.example.com:2222',
    ]);
  });

  it('the Vault page lists what the vault holds by host, never a secret, and forgets an entry', async () => {
    await page.getByRole('button', { name: 'Vault', exact: true }).click();
    const pageView = page.getByRole('region', { name: 'Vault' });
    const rows = pageView.getByTestId('vault-row');
    await pollUntil(async () => (await rows.count()) === 2, { message: 'two vault entries' });
    expect(await rows.first().textContent()).toContain('Deploy target');
    expect(await pageView.textContent()).not.toMatch(/first secret|second secret/);
    await screenshot(page, 'vault-page');
    await rows.filter({ hasText: 'ops@db.example.com:2222' }).getByRole('button', { name: 'Forget ops@db.example.com:2222' }).click();
    await page.getByTestId('forget-vault-entry').getByRole('button', { name: 'Forget' }).click();
    await pollUntil(async () => (await rows.count()) === 1, { message: 'one entry left' });
    const entries = await call('vault.entries', {});
    expect(entries.ok && (entries.value as { id: string }[]).map((entry) => entry.id)).toEqual(['ssh-password:deploy@deploy.example.com:22']);
    // Locked from the page: the page and the status bar say so.
    await pageView.getByRole('button', { name: 'Lock' }).click();
    await pageView.getByText('The vault is locked').waitFor();
    await screenshot(page, 'vault-page-locked');
    expect(problems.errors).toEqual([]);
  });

  it("the Agent page finds OpenSSH 10's agent socket in ~/.ssh/agent, lists its keys and adds one with the page", async () => {
    await page.getByRole('button', { name: 'Agent', exact: true }).click();
    const pageView = page.getByRole('region', { name: 'Agent' });
    await pageView.getByText('No agent is running').waitFor();
    const socket = join(ssh.env.sshDir, 'agent', `s.${hostnameHash(hostname())}.agent.e2eagent01`);
    mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    await pollUntil(() => existsSync(socket), { message: 'the agent socket' });
    await pageView.getByRole('button', { name: 'Ask the agent again' }).click();
    await pageView.getByText('found in ~/.ssh/agent').waitFor();
    await pageView.getByText('The agent holds no keys.').waitFor();

    await pageView.getByRole('button', { name: 'Add a key…' }).click();
    const dialog = page.getByTestId('agent-add');
    await dialog.getByLabel('Key file').fill('~/.ssh/id_ed25519');
    await screenshot(page, 'agent-add');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = pageView.getByTestId('agent-key');
    await row.waitFor();
    const listed = execFileSync('ssh-add', ['-l'], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: socket } });
    const fingerprint = listed.split(' ')[1]!;
    expect(await row.textContent()).toContain(fingerprint);
    expect(await row.textContent()).toContain('ssh-ed25519');
    await screenshot(page, 'agent-page');
    expect(problems.errors).toEqual([]);
  });
});

/** The host editor's Known host key… (the host itself leads to its known_hosts entry). */
async function openKnownHostKey(page: Page, name: string): Promise<void> {
  await page.getByTestId('host-item').filter({ hasText: name }).hover();
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await page.getByTestId('host-dialog').getByRole('button', { name: 'Known host key…' }).click();
}
