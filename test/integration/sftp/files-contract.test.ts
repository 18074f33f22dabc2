import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CuttingProxy, startCuttingProxy } from '../../fixtures/cutting-proxy';
import type { SshdHandle } from '../../fixtures/sshd';
import { type CoreEvent, type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, writeRandomFile } from './sftp-fixture';

let stand: CoreStand;
let sshd: SshdHandle;
let events: CoreEvent[];
let temp: TempDir;
let profileId: string;

beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
  ({ sshd, events } = stand);
  temp = makeTempDir('files-contract');
  profileId = await profileFor(sshd.port);
});
afterAll(async () => {
  await stand?.dispose();
  temp?.dispose();
});

type Payload = Record<string, unknown>;
type Status = {
  id: number;
  state: string;
  progress?: { bytesDone: number; bytesTotal: number };
  result?: Payload;
  error?: { code: string; message: string };
  title: string;
};

const call = (method: string, input: unknown) => stand.call(method, input);
const named = (name: string, key: string, value: unknown) => events.filter((e) => e.name === name && e.payload[key] === value).map((e) => e.payload);
const states = (filesId: string) => named('files.state', 'filesId', filesId);
const statuses = (id: number) => named('transfers.status', 'id', id) as unknown as Status[];
let dirCounter = 0;

async function value<T = Payload>(method: string, input: unknown): Promise<T> {
  const answer = await call(method, input);
  expect(answer, `${method} answered`).toMatchObject({ ok: true });
  return (answer as { value: T }).value;
}

async function profileFor(port: number): Promise<string> {
  return (await value<{ id: string }>('profiles.save', { name: `Box ${port}`, destination: '127.0.0.1', port, user: 'root' })).id;
}

/** A fresh directory (local and remote are this machine: sshd runs as the current user). */
function freshDir(name: string): string {
  const dir = join(temp.path, `${name}-${++dirCounter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function openFiles(target: unknown = { profileId }): Promise<{ filesId: string; home: string }> {
  const { filesId } = await value<{ filesId: string }>('files.open', { target });
  const connected = await pollUntil(() => states(filesId).find((s) => s.state === 'connected'), { message: 'files connected' });
  return { filesId, home: String(connected.home) };
}

/** The job's status once it ends, looking only at statuses from `after` on (a retry keeps the id). */
async function finished(id: number, after = 0): Promise<Status> {
  return pollUntil(
    () =>
      statuses(id)
        .slice(after)
        .find((s) => ['done', 'failed', 'cancelled'].includes(s.state)),
    { message: `transfer ${id} to end`, timeoutMs: 30_000 },
  );
}

async function question(jobId: number): Promise<{ promptId: string; request: Payload }> {
  const found = await pollUntil(() => events.find((e) => e.name === 'prompts.request' && (e.payload.request as Payload).jobId === jobId), {
    message: `the question of job ${jobId}`,
  });
  return found.payload as { promptId: string; request: Payload };
}

describe('file sessions', () => {
  it('open answers at once, reports each step, and connects with the remote home', async () => {
    const { filesId } = await value<{ filesId: string }>('files.open', { target: { profileId } });
    expect(filesId).toMatch(/^f\d+$/);
    const connected = await pollUntil(() => states(filesId).find((s) => s.state === 'connected'), { message: 'connected' });
    expect(states(filesId).map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(connected).toMatchObject({ label: `Box ${sshd.port}`, home: userInfo().homedir });
    expect(named('files.progress', 'filesId', filesId).map((p) => p.step)).toEqual(['tcp', 'banner', 'kex', 'host-key', 'auth', 'ready']);
    expect(await call('files.close', { filesId })).toMatchObject({ ok: true });
    expect(states(filesId).at(-1)).toEqual({ filesId, state: 'closed', label: `Box ${sshd.port}` });
    expect(await call('files.list', { side: filesId, path: '/' })).toMatchObject({ ok: false, error: { code: 'SESSION_CLOSED' } });
  });

  it('a failure to connect closes the session with a coded error naming the hop', async () => {
    const { filesId } = await value<{ filesId: string }>('files.open', { target: { destination: 'root@127.0.0.1:1' } });
    const closed = await pollUntil(() => states(filesId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(closed.error).toMatchObject({ code: 'CONNECTION_REFUSED', hop: 'root@127.0.0.1:1' });
  });
});

describe('file operations', () => {
  let filesId: string;
  let home: string;
  beforeAll(async () => ({ filesId, home } = await openFiles()));

  it("lists with lstat semantics: a link to a directory opens as one, a dangling link is just a link; ~ is each side's home", async () => {
    const dir = freshDir('list');
    writeFileSync(join(dir, 'a.txt'), 'hello');
    mkdirSync(join(dir, 'sub'));
    symlinkSync('sub', join(dir, 'to-sub'));
    symlinkSync('nowhere', join(dir, 'gone'));
    const listing = await value<{ path: string; entries: Payload[]; space?: { totalBytes: number } }>('files.list', { side: filesId, path: `${dir}/./sub/..` });
    expect(listing.path).toBe(dir);
    const byName = Object.fromEntries(listing.entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['a.txt', 'gone', 'sub', 'to-sub']);
    expect(byName['a.txt']).toMatchObject({ type: 'file', size: 5, path: join(dir, 'a.txt') });
    expect(byName.sub).toMatchObject({ type: 'directory' });
    expect(byName['to-sub']).toMatchObject({ type: 'symlink', linkTarget: 'sub', isDirectoryLink: true });
    expect(byName.gone).toMatchObject({ type: 'symlink', linkTarget: 'nowhere', isDirectoryLink: false });
    expect(listing.space?.totalBytes).toBeGreaterThan(0);

    expect(await value('files.list', { side: filesId, path: '~' })).toMatchObject({ path: home });
    const local = await value<{ path: string; entries: Payload[] }>('files.list', { side: 'local', path: '~/.ssh' });
    expect(local.path).toBe(join(stand.env.home, '.ssh'));
    expect(local.entries.map((e) => e.name)).toContain('known_hosts');
    // Names for this machine's owners too, as the server's listing has them (not a bare uid).
    expect(local.entries.find((e) => e.name === 'known_hosts')).toMatchObject({ owner: userInfo().username });
  });

  it('creates a directory, and refuses to create it twice', async () => {
    const dir = freshDir('mkdir');
    expect(await call('files.mkdir', { side: filesId, path: join(dir, 'made') })).toMatchObject({ ok: true });
    expect(statSync(join(dir, 'made')).isDirectory()).toBe(true);
    expect(await call('files.mkdir', { side: filesId, path: join(dir, 'made') })).toMatchObject({ ok: false, error: { code: 'SFTP_ALREADY_EXISTS' } });
  });

  it('renames, but never over an existing name', async () => {
    const dir = freshDir('rename');
    writeFileSync(join(dir, 'one'), '1');
    writeFileSync(join(dir, 'two'), '2');
    const refused = await call('files.rename', { side: filesId, from: join(dir, 'one'), to: join(dir, 'two') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SFTP_ALREADY_EXISTS', message: expect.stringContaining(join(dir, 'two')) } });
    expect(readFileSync(join(dir, 'one'), 'utf8')).toBe('1');
    expect(readFileSync(join(dir, 'two'), 'utf8')).toBe('2');
    expect(await call('files.rename', { side: 'local', from: join(dir, 'two'), to: join(dir, 'one') })).toMatchObject({
      ok: false,
      error: { code: 'SFTP_ALREADY_EXISTS' },
    });
    expect(await call('files.rename', { side: filesId, from: join(dir, 'one'), to: join(dir, 'three') })).toMatchObject({ ok: true });
    expect(readdirSync(dir).sort()).toEqual(['three', 'two']);
  });

  it('changes a mode', async () => {
    const dir = freshDir('chmod');
    writeFileSync(join(dir, 'f'), 'x', { mode: 0o644 });
    expect(await call('files.chmod', { side: filesId, path: join(dir, 'f'), mode: 0o600 })).toMatchObject({ ok: true });
    expect(statSync(join(dir, 'f')).mode & 0o7777).toBe(0o600);
  });

  it('counts what a remove would delete, then removes it (a link, not its target)', async () => {
    const dir = freshDir('remove');
    const keep = freshDir('keep');
    writeFileSync(join(keep, 'precious'), 'do not follow');
    mkdirSync(join(dir, 'tree', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'a'), 'aaa');
    writeFileSync(join(dir, 'tree', 'deeper', 'b'), 'bbbbb');
    symlinkSync(keep, join(dir, 'tree', 'link'));
    writeFileSync(join(dir, 'loose'), '12');
    const paths = [join(dir, 'tree'), join(dir, 'loose')];
    const expected = { files: 4, directories: 2, bytes: 3 + 5 + 2 + lstatSync(join(dir, 'tree', 'link')).size };
    expect(await value('files.count', { side: filesId, paths })).toEqual(expected);
    expect(await value('files.remove', { side: filesId, paths })).toEqual(expected);
    expect(readdirSync(dir)).toEqual([]);
    expect(readFileSync(join(keep, 'precious'), 'utf8')).toBe('do not follow');
    expect(await call('files.remove', { side: filesId, paths: ['/'] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('transfers', () => {
  let filesId: string;
  beforeAll(async () => ({ filesId } = await openFiles()));

  it('uploads a file and a tree, then downloads them, byte-identical, with progress and a final done status', async () => {
    const src = freshDir('up-src');
    const remote = freshDir('up-remote');
    const back = freshDir('down-local');
    const digest = writeRandomFile(join(src, 'big.bin'), 5 * 1024 * 1024 + 17);
    mkdirSync(join(src, 'tree', 'nested'), { recursive: true });
    writeFileSync(join(src, 'tree', 'nested', 'leaf.txt'), 'leaf');
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: 'local', paths: [join(src, 'big.bin'), join(src, 'tree')] },
      dst: { side: filesId, path: remote },
    });
    const done = await finished(id);
    expect(done).toMatchObject({
      state: 'done',
      direction: 'upload',
      title: `2 items from local to Box ${sshd.port}:${remote}`,
      src: { side: 'local', where: 'local' },
      dst: { side: filesId, where: `root@127.0.0.1:${sshd.port}`, path: remote },
    });
    expect(done.result).toMatchObject({ filesCopied: 2, filesSkipped: 0, bytes: 5 * 1024 * 1024 + 17 + 4 });
    expect(done.progress).toMatchObject({ bytesDone: 5 * 1024 * 1024 + 21, bytesTotal: 5 * 1024 * 1024 + 21 });
    expect(statuses(id).some((s) => s.state === 'running' && s.progress !== undefined)).toBe(true);
    expect(await sha256File(join(remote, 'big.bin'))).toBe(digest);
    expect(readFileSync(join(remote, 'tree', 'nested', 'leaf.txt'), 'utf8')).toBe('leaf');

    const down = await value<{ id: number }>('transfers.add', {
      src: { side: filesId, paths: [join(remote, 'big.bin')] },
      dst: { side: 'local', path: back },
      conflict: 'overwrite',
    });
    expect(await finished(down.id)).toMatchObject({ state: 'done', direction: 'download', title: `big.bin from Box ${sshd.port} to local:${back}` });
    expect(await sha256File(join(back, 'big.bin'))).toBe(digest);
    expect(readdirSync(back)).toEqual(['big.bin']);
    const listed = await value<Status[]>('transfers.list', {});
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([id, down.id]));
  });

  it("a Download never writes through a server's link named like a temporary file, and says which links it skipped", async () => {
    const served = freshDir('hostile-served');
    const back = freshDir('hostile-back');
    const victim = join(freshDir('hostile-victim'), 'bashrc');
    writeFileSync(victim, 'untouched');
    writeFileSync(join(served, 'x'), 'from the server');
    symlinkSync(victim, join(served, '.x.jgpart'));
    symlinkSync(victim, join(served, 'rc'));
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: filesId, paths: [served] },
      dst: { side: 'local', path: back },
      preserve: true,
    });
    const ended = await finished(id);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(back, basename(served), 'x'), 'utf8')).toBe('from the server');
    // The entry named like x's temporary file is refused; the link out of the copy is skipped and named.
    expect(ended).toMatchObject({ state: 'failed', error: { code: 'SFTP_UNSAFE_NAME' } });
    expect(ended.result).toMatchObject({ filesCopied: 1, linksSkipped: { count: 1, first: [{ path: join(served, 'rc'), target: victim }] } });
  });

  it('copies a large file on a transfer worker with a connection of its own (one, reused), identical both ways', async () => {
    const { filesId: own } = await openFiles();
    const accepted = () => (sshd.readLog().match(/Accepted publickey for root/g) ?? []).length;
    const before = accepted();
    const src = freshDir('worker-src');
    const remote = freshDir('worker-remote');
    const back = freshDir('worker-back');
    const size = 40 * 1024 * 1024 + 5;
    const digest = writeRandomFile(join(src, 'large.bin'), size);
    const up = await value<{ id: number }>('transfers.add', { src: { side: 'local', paths: [join(src, 'large.bin')] }, dst: { side: own, path: remote } });
    expect(await finished(up.id)).toMatchObject({ state: 'done', result: { filesCopied: 1, bytes: size } });
    expect(await sha256File(join(remote, 'large.bin'))).toBe(digest);
    // The worker signed in with the key the session used.
    expect(accepted() - before).toBe(1);
    const down = await value<{ id: number }>('transfers.add', { src: { side: own, paths: [join(remote, 'large.bin')] }, dst: { side: 'local', path: back } });
    expect(await finished(down.id)).toMatchObject({ state: 'done', result: { filesCopied: 1, bytes: size } });
    expect(await sha256File(join(back, 'large.bin'))).toBe(digest);
    // And served the download too: no second sign-in.
    expect(accepted() - before).toBe(1);
    await call('files.close', { filesId: own });
  });

  it('asks about names already taken (\'ask\'): rename writes beside them as "name (1).ext"; an answer that does not fit is refused', async () => {
    const src = freshDir('ask-src');
    const dst = freshDir('ask-dst');
    writeFileSync(join(src, 'report.txt'), 'new report');
    writeFileSync(join(src, 'fresh.txt'), 'fresh');
    writeFileSync(join(dst, 'report.txt'), 'old report');
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: 'local', paths: [join(src, 'report.txt'), join(src, 'fresh.txt')] },
      dst: { side: filesId, path: dst },
      conflict: 'ask',
    });
    const asked = await question(id);
    expect(asked.request).toEqual({
      kind: 'transfer-conflict',
      hop: `root@127.0.0.1:${sshd.port}`,
      jobId: id,
      title: `2 items from local to Box ${sshd.port}:${dst}`,
      existing: 1,
      names: ['report.txt'],
    });
    expect(await call('prompts.answer', { promptId: asked.promptId, answer: 'accept-save' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('prompts.answer', { promptId: asked.promptId, answer: 'rename' })).toMatchObject({ ok: true });
    expect(await finished(id)).toMatchObject({ state: 'done', result: { filesCopied: 2 } });
    expect(readFileSync(join(dst, 'report.txt'), 'utf8')).toBe('old report');
    expect(readFileSync(join(dst, 'report (1).txt'), 'utf8')).toBe('new report');
    expect(readdirSync(dst).sort()).toEqual(['fresh.txt', 'report (1).txt', 'report.txt']);
  });

  it('cancelling the question cancels the job and writes nothing; with nothing in the way there is no question', async () => {
    const src = freshDir('ask-cancel-src');
    const dst = freshDir('ask-cancel-dst');
    writeFileSync(join(src, 'taken'), 'new');
    writeFileSync(join(src, 'free'), 'new');
    writeFileSync(join(dst, 'taken'), 'old');
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: 'local', paths: [join(src, 'taken'), join(src, 'free')] },
      dst: { side: filesId, path: dst },
    });
    const asked = await question(id);
    expect(await call('prompts.answer', { promptId: asked.promptId, answer: null })).toMatchObject({ ok: true });
    expect(await finished(id)).toMatchObject({ state: 'cancelled', error: { code: 'SFTP_CANCELLED' } });
    expect(readdirSync(dst)).toEqual(['taken']);
    expect(readFileSync(join(dst, 'taken'), 'utf8')).toBe('old');

    const clear = freshDir('ask-clear-dst');
    const quiet = await value<{ id: number }>('transfers.add', {
      src: { side: 'local', paths: [join(src, 'free')] },
      dst: { side: filesId, path: clear },
      conflict: 'ask',
    });
    expect(await finished(quiet.id)).toMatchObject({ state: 'done' });
    expect(events.some((e) => e.name === 'prompts.request' && (e.payload.request as Payload).jobId === quiet.id)).toBe(false);
  });

  it("'skip' leaves taken names alone and copies the rest", async () => {
    const src = freshDir('skip-src');
    const dst = freshDir('skip-dst');
    writeFileSync(join(src, 'kept'), 'new');
    writeFileSync(join(src, 'added'), 'new');
    writeFileSync(join(dst, 'kept'), 'old');
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: 'local', paths: [join(src, 'kept'), join(src, 'added')] },
      dst: { side: filesId, path: dst },
      conflict: 'skip',
    });
    expect(await finished(id)).toMatchObject({ state: 'done', result: { filesCopied: 1, filesSkipped: 1 } });
    expect(readFileSync(join(dst, 'kept'), 'utf8')).toBe('old');
    expect(readFileSync(join(dst, 'added'), 'utf8')).toBe('new');
  });

  it('a paused job stays queued while others run, and runs when resumed', async () => {
    const src = freshDir('pause-src');
    const dst = freshDir('pause-dst');
    writeFileSync(join(src, 'f'), 'new');
    writeFileSync(join(dst, 'f'), 'old');
    const add = async (path: string) =>
      (await value<{ id: number }>('transfers.add', { src: { side: 'local', paths: [join(src, 'f')] }, dst: { side: filesId, path } })).id;
    // Two jobs held at their questions fill both running places; the third waits in the queue.
    const [first, second] = [await add(dst), await add(dst)];
    const [q1, q2] = [await question(first), await question(second)];
    const target = freshDir('pause-target');
    const third = await add(target);
    expect(statuses(third).at(-1)?.state).toBe('queued');
    expect(await call('transfers.pause', { id: third })).toMatchObject({ ok: true });
    expect(statuses(third).at(-1)?.state).toBe('paused');
    await call('prompts.answer', { promptId: q1.promptId, answer: 'skip' });
    await call('prompts.answer', { promptId: q2.promptId, answer: 'skip' });
    await finished(first);
    await finished(second);
    const listed = await value<Status[]>('transfers.list', {});
    expect(listed.find((s) => s.id === third)?.state).toBe('paused');
    expect(existsSync(join(target, 'f'))).toBe(false);
    expect(await call('transfers.resume', { id: third })).toMatchObject({ ok: true });
    expect(await finished(third)).toMatchObject({ state: 'done' });
    expect(readFileSync(join(target, 'f'), 'utf8')).toBe('new');

    expect(await call('transfers.clear', {})).toMatchObject({ ok: true });
    expect(await value<Status[]>('transfers.list', {})).toEqual([]);
    expect(await call('transfers.retry', { id: third })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('closing the session fails its job at once, even one waiting on a question, and withdraws the question', async () => {
    const session = await openFiles();
    const dst = freshDir('close-dst');
    writeFileSync(join(dst, 'x'), 'old');
    const src = freshDir('close-src');
    writeFileSync(join(src, 'x'), 'new');
    const { id } = await value<{ id: number }>('transfers.add', { src: { side: 'local', paths: [join(src, 'x')] }, dst: { side: session.filesId, path: dst } });
    const asked = await question(id);
    expect(await call('files.close', { filesId: session.filesId })).toMatchObject({ ok: true });
    expect(await finished(id)).toMatchObject({ state: 'failed', error: { code: 'CONNECTION_LOST' } });
    await pollUntil(() => events.some((e) => e.name === 'prompts.closed' && e.payload.promptId === asked.promptId), { message: 'the question withdrawn' });
    expect(readFileSync(join(dst, 'x'), 'utf8')).toBe('old');
  });
});

describe('transfers over a connection that breaks', () => {
  let proxy: CuttingProxy;
  let viaProxy: string;
  beforeAll(async () => {
    proxy = await startCuttingProxy(sshd.port);
    stand.env.addKnownHosts(sshd.knownHostsLines().map((line) => line.replace(`]:${sshd.port} `, `]:${proxy.port} `)));
    viaProxy = await profileFor(proxy.port);
  });
  afterAll(() => proxy?.close());

  it('a cut connection closes the session and fails the job; after Reconnect, Retry completes it identical, resuming', async () => {
    const remote = freshDir('cut-remote');
    const local = freshDir('cut-local');
    const size = 24 * 1024 * 1024;
    const digest = writeRandomFile(join(remote, 'cut.bin'), size);
    const { filesId } = await openFiles({ profileId: viaProxy });
    proxy.cutAfter = { direction: 'down', bytes: proxy.relayed.down + size / 2 };
    const { id } = await value<{ id: number }>('transfers.add', {
      src: { side: filesId, paths: [join(remote, 'cut.bin')] },
      dst: { side: 'local', path: local },
    });
    const failed = await finished(id);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'CONNECTION_LOST' } });
    // The row shows what landed before the cut (kept for Retry), not 0 B.
    expect(failed.progress?.bytesDone).toBeGreaterThan(0);
    const closed = await pollUntil(() => states(filesId).find((s) => s.state === 'closed'), { message: 'the session closed' });
    expect(closed.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(existsSync(join(local, 'cut.bin'))).toBe(false);
    expect(await call('transfers.retry', { id })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_NOT_CONNECTED', message: 'That file session is not connected; reconnect it.' },
    });

    proxy.cutAfter = undefined;
    const seen = statuses(id).length;
    expect(await call('files.reconnect', { filesId })).toMatchObject({ ok: true });
    await pollUntil(() => states(filesId).filter((s) => s.state === 'connected').length === 2, { message: 'reconnected' });
    expect(await value('transfers.retry', { id })).toEqual({ id });
    const done = await finished(id, seen);
    expect(done).toMatchObject({ state: 'done', result: { filesCopied: 1, bytes: size } });
    expect((done.result as { bytesResumed: number }).bytesResumed).toBeGreaterThan(0);
    expect(await sha256File(join(local, 'cut.bin'))).toBe(digest);
    expect(readdirSync(local)).toEqual(['cut.bin']);
    await call('files.close', { filesId });
  });

  it('cancel stops a job whose server went silent and leaves nothing at the destination name', async () => {
    const silent = await startCuttingProxy(sshd.port);
    try {
      stand.env.addKnownHosts(sshd.knownHostsLines().map((line) => line.replace(`]:${sshd.port} `, `]:${silent.port} `)));
      const remote = freshDir('silent-remote');
      const local = freshDir('silent-local');
      writeRandomFile(join(remote, 'stuck.bin'), 8 * 1024 * 1024);
      const { filesId } = await openFiles({ profileId: await profileFor(silent.port) });
      silent.stallAfter = { direction: 'down', bytes: silent.relayed.down + 2 * 1024 * 1024 };
      const { id } = await value<{ id: number }>('transfers.add', {
        src: { side: filesId, paths: [join(remote, 'stuck.bin')] },
        dst: { side: 'local', path: local },
      });
      await pollUntil(() => silent.isStalled && statuses(id).some((s) => (s.progress?.bytesDone ?? 0) > 0), { message: 'the job stuck mid-file' });
      expect(await call('transfers.cancel', { id })).toMatchObject({ ok: true });
      expect(await finished(id)).toMatchObject({ state: 'cancelled' });
      expect(readdirSync(local)).toEqual([]);
      await call('files.close', { filesId });
    } finally {
      await silent.close();
    }
  });
});
