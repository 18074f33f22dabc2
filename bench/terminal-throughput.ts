import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startBridge } from '../main/bridge/bridge-server';
import { createAppRpc } from '../main/rpc/app-rpc';
import { confBackend } from '../main/storage/store-backend';
import buildRenderer from '../test/e2e/global-setup';
import { launchChromium, openPage, screenshot } from '../test/e2e/browser';
import { getTestKeys } from '../test/fixtures/keys';
import { makeSshEnv } from '../test/fixtures/ssh-env';
import { startSshd } from '../test/fixtures/sshd';
import { pollUntil } from '../test/helpers/poll-until';
import { makeTempDir } from '../test/helpers/temp-dir';
import { type BenchRow, median, printTable } from './stats';
import { opensshEchoLatencies } from './terminal-openssh';
import { oscMark, PAGE_PROBE } from './terminal-probe';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FILE_MIB = Number(process.env.BENCH_TERMINAL_MIB ?? 100);
const KEYS = 30;
/** Jumpgate puts AES-GCM first; OpenSSH is told to use the same. */
const CIPHER = 'aes128-gcm@openssh.com';
/** Not in base64's alphabet, so its echo can be told apart inside a flood of base64. */
const FLOOD_KEY = '%';
const IDLE_KEYS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, KEYS);

/**
 * Terminal tabs in the real renderer in headless Chromium, through the browser bridge, against
 * OpenSSH's `ssh -tt` on the same sshd in the same run:
 * - throughput: `cat` of a 100 MiB text file until xterm has parsed all of it (every batch is
 *   acknowledged to main after parsing, so flow control is part of what is measured), against
 *   `ssh -tt host cat file > /dev/null`;
 * - keystroke echo: keydown in the page until the batch holding the echo is parsed, idle, with
 *   another tab flooding, and in the flooding tab itself, against `ssh -tt` in a pty.
 */
export async function benchTerminal(): Promise<void> {
  buildRenderer();
  const keys = await getTestKeys();
  const server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], logLevel: 'INFO' });
  const env = makeSshEnv();
  const work = makeTempDir('bench-terminal');
  const core = createAppRpc({
    dataDir: join(env.home, 'data'),
    transport: 'web',
    backend: confBackend(),
    versions: { node: process.versions.node },
    env: env.env,
  });
  // WebGL first ('auto' would pick the DOM renderer for software WebGL); the DOM case loses the context.
  await core.router.dispatch('settings.update', { terminalRenderer: 'gpu' }, { isTrustedSender: true, transport: 'direct' });
  const bridge = await startBridge({ router: core.router, hub: core.hub, staticDir: resolve('out/renderer') });
  const browser = await launchChromium();
  try {
    env.addKnownHosts(server.knownHostsLines());
    copyFileSync(keys.ed25519.path, join(env.sshDir, 'id_ed25519'));
    // One config for both: Jumpgate's quick connect reads ~/.ssh/config too.
    env.writeConfig(
      `Host *\n  IdentityFile ${join(env.sshDir, 'id_ed25519')}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile ${env.knownHostsPath}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  User root\n  Ciphers ${CIPHER}\n`,
    );
    const sshArgs = ['-F', env.configPath, '-p', String(server.port), '127.0.0.1'];
    const file = join(work.path, 'text.txt');
    const fileBytes = await writeTextFile(file, FILE_MIB * 1024 * 1024);
    const mibPerSecond = (ms: number) => fileBytes / 1024 / 1024 / (ms / 1000);

    const { page } = await openPage(browser, 'dark');
    await page.goto(bridge.url);
    await page.getByTestId('empty-state').waitFor();
    await page.evaluate(PAGE_PROBE);
    const tab = new BenchTab(page);
    await tab.open(server.port, 'one');

    const connectRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await sshToNull(['-tt', ...sshArgs, 'true'], env.env);
      connectRuns.push(performance.now() - started);
    }
    const connectMs = median(connectRuns);
    const rows: BenchRow[] = [];
    const spread = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`;
    /** Jumpgate and OpenSSH in turn, round after round, so a passing load hits both. */
    const throughput = async (renderer: string): Promise<void> => {
      const ours: number[] = [];
      const theirs: number[] = [];
      const alone: number[] = [];
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      // Round 0, on a small file, warms up caches and the JIT.
      await tab.timeCommand('one', `head -c 8M ${file}`, `warm-${renderer}`);
      for (let round = 1; round <= RUNS; round++) {
        ours.push(await tab.timeCommand('one', `cat ${file}`, `${renderer}-${round}`));
        const started = performance.now();
        await sshToNull(['-tt', ...sshArgs, `cat ${file}`], env.env);
        theirs.push(performance.now() - started - connectMs);
        alone.push((await within(page.evaluate(`jgProbe.direct('one', ${fileBytes})`), 600_000, 'xterm alone')) as number);
        step(`xterm alone: ${Math.round(alone.at(-1)!)} ms; ssh: ${Math.round(theirs.at(-1)!)} ms`);
      }
      clearInterval(sampler);
      const opensshNote = `ssh ${spread(theirs)} after ${Math.round(connectMs)} ms to connect is taken off`;
      rows.push({
        name: `cat ${FILE_MIB} MiB text, drawn (${renderer}) vs ssh -tt cat`,
        ours: mibPerSecond(median(ours)),
        theirs: mibPerSecond(median(theirs)),
        unit: 'MiB/s',
        better: 'higher',
        note: `ours ${spread(ours)}, ${opensshNote}; main peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
      });
      rows.push({
        name: `  xterm alone (${renderer}): page JS writes it`,
        ours: mibPerSecond(median(alone)),
        theirs: mibPerSecond(median(theirs)),
        unit: 'MiB/s',
        better: 'higher',
        note: `no SSH, no bridge: the drawing's own ceiling here; ${spread(alone)}`,
      });
    };
    await throughput('webgl');

    // Echo, all idle.
    const idleOurs = await tab.echoLatencies('one', IDLE_KEYS);
    await page.keyboard.press('Control+U');
    const idleTheirs = await opensshEchoLatencies(sshArgs, IDLE_KEYS, false, env.env);
    rows.push(echoRow('echo, idle', idleOurs, idleTheirs));

    // A second tab floods; the first one, in front, is typed into.
    step('opening a second tab');
    await tab.open(server.port, 'two');
    await tab.typeLine('cat /dev/urandom | base64');
    await tab.waitParsed('two', 8 << 20);
    await page.keyboard.press('Control+Shift+Tab');
    const floodStart = await tab.parsed('two');
    const floodStarted = performance.now();
    const otherTab = await tab.echoLatencies('one', IDLE_KEYS);
    const backgroundRate = (await tab.parsed('two')) - floodStart;
    const backgroundMiBs = backgroundRate / 2 ** 20 / ((performance.now() - floodStarted) / 1000);
    await page.keyboard.press('Control+U');
    rows.push(
      echoRow('echo, idle tab while another tab floods', otherTab, idleTheirs, `other tab drew ${backgroundMiBs.toFixed(1)} MiB/s meanwhile; vs OpenSSH idle`),
    );

    // The flooding tab itself: the echo waits behind whatever output is already in flight.
    await page.keyboard.press('Control+Tab');
    const sameTab = await tab.echoLatencies('two', FLOOD_KEY.repeat(KEYS));
    await page.keyboard.press('Control+C');
    const sameTheirs = await opensshEchoLatencies(sshArgs, FLOOD_KEY.repeat(KEYS), true, env.env);
    rows.push(echoRow('echo in the flooding tab, once drawn', sameTab, sameTheirs, 'vs ssh -tt flooding, its pty read flat out'));
    rows.push(echoRow('echo in the flooding tab, vs OpenSSH idle', sameTab, idleTheirs));

    // Headless Chromium here draws WebGL in software (SwiftShader): the DOM renderer, which the
    // app falls back to when WebGL is lost, shows what the data path carries without that cost.
    await page.keyboard.press('Control+Shift+Tab');
    await tab.useDomRenderer();
    await page.keyboard.press('Control+U');
    await throughput('dom');

    step('done');
    printTable(`Terminal in headless Chromium via the bridge (median of ${RUNS} runs / ${KEYS} keys; loopback sshd, ${CIPHER} on both sides)`, rows);
  } catch (error) {
    const page = browser.contexts()[0]?.pages()[0];
    if (page) step(`failed; the page is in ${await screenshot(page, 'bench-terminal-failure')}`);
    throw error;
  } finally {
    await browser.close();
    await bridge.close();
    core.dispose();
    await server.dispose();
    env.dispose();
    work.dispose();
  }
}

/** Progress on stderr: a run takes minutes. */
const step = (what: string): void => void process.stderr.write(`terminal bench: ${what}\n`);

/** A page-side wait that cannot hang the bench. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function echoRow(name: string, ours: number[], theirs: number[], note?: string): BenchRow {
  const range = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
  return {
    name,
    ours: median(ours),
    theirs: median(theirs),
    unit: 'ms',
    better: 'lower',
    note: `${note ? `${note}; ` : ''}ours ${range(ours)}, theirs ${range(theirs)} ms`,
  };
}

/** Drives the app's tabs in the page, with the probe installed on each terminal. */
class BenchTab {
  constructor(private readonly page: Page) {}

  async open(port: number, name: string): Promise<void> {
    const tabs = await this.page.getByRole('tab').count();
    // The first tab is opened from the empty state's field, later ones from a dialog.
    if (tabs === 0) await this.page.keyboard.press('Control+K');
    else await this.page.getByRole('button', { name: 'New connection' }).click();
    const field = tabs === 0 ? this.page.locator('#quick-connect') : this.page.getByTestId('quick-connect-dialog').getByLabel('Destination');
    await field.fill(`root@127.0.0.1:${port}`);
    await field.press('Enter');
    await pollUntil(async () => (await this.page.getByRole('tab').count()) === tabs + 1, { message: 'a new tab' });
    const pane = this.page.locator('[data-testid="terminal-pane"].terminal-pane--active');
    await pollUntil(async () => (await pane.getAttribute('data-state')) === 'connected', { message: 'connected', timeoutMs: 30_000 });
    await this.page.evaluate(`jgProbe.instrument(${JSON.stringify(name)})`);
    // A prompt, then the probe answers an OSC mark: the shell is ready for typing.
    await this.timeCommand(name, 'true', 'ready');
  }

  async typeLine(line: string): Promise<void> {
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /** Runs `command` between two OSC marks and answers the time between them as xterm parsed them. */
  async timeCommand(name: string, command: string, id: string): Promise<number> {
    await this.typeLine(`clear; ${oscMark(`start-${id}`)}; ${command}; ${oscMark(`end-${id}`)}`);
    const [start, end] = (await within(
      this.page.evaluate(`Promise.all([jgProbe.mark(${JSON.stringify(name)}, 'start-${id}'), jgProbe.mark(${JSON.stringify(name)}, 'end-${id}')])`),
      Math.max(60_000, FILE_MIB * 3000),
      `${command} in tab ${name}`,
    )) as [number, number];
    step(`${command} in tab ${name}: ${Math.round(end - start)} ms`);
    return end - start;
  }

  /** Loses the active terminal's WebGL context, as a GPU reset would: the DOM renderer takes over. */
  async useDomRenderer(): Promise<void> {
    const renderer = () =>
      this.page.evaluate(`document.querySelector('[data-testid="terminal-pane"].terminal-pane--active [data-testid="terminal"]').jumpgateTerminal.renderer`);
    await this.page.evaluate(
      `document.querySelectorAll('[data-testid="terminal-pane"].terminal-pane--active canvas').forEach((canvas) => canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext())`,
    );
    await pollUntil(async () => (await renderer()) === 'dom', { message: 'the DOM renderer', timeoutMs: 15_000 });
  }

  parsed(name: string): Promise<number> {
    return this.page.evaluate(`jgProbe.parsed[${JSON.stringify(name)}]`) as Promise<number>;
  }

  async waitParsed(name: string, chars: number): Promise<void> {
    const from = await this.parsed(name);
    await pollUntil(async () => (await this.parsed(name)) - from >= chars, {
      message: `${chars} characters in tab ${name}`,
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  }

  /** Each key typed alone, keydown to the parse of the batch holding its echo, in ms. */
  async echoLatencies(name: string, chars: string): Promise<number[]> {
    const latencies: number[] = [];
    for (const char of chars) {
      await this.page.evaluate(`jgProbe.arm(${JSON.stringify(name)}, ${JSON.stringify(char)})`);
      await this.page.keyboard.type(char);
      latencies.push((await within(this.page.evaluate('jgProbe.echo'), 120_000, `the echo of ${char} in tab ${name}`)) as number);
      // Like a typist, a pause between keys (the same as the OpenSSH script's).
      await new Promise((done) => setTimeout(done, 50));
    }
    step(`echo in tab ${name}: ${latencies.map((ms) => Math.round(ms)).join(' ')}`);
    return latencies;
  }
}

/** `ssh ARGS > /dev/null`, its stdin held open (as a terminal's would be) until it exits. */
function sshToNull(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('ssh', args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`ssh exited with ${code}: ${stderr}`))));
  });
}

/** Printable text (base64 in lines of 76, as `base64` writes it) of about `bytes`; answers its size. */
async function writeTextFile(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const block = 57 * 1024;
  let written = 0;
  while (written < bytes) {
    const text = randomBytes(block).toString('base64').replace(/.{76}/g, '$&\n');
    written += text.length;
    if (!out.write(text)) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  return written;
}
