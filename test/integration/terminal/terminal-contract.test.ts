import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshdHandle } from '../../fixtures/sshd';
import { type CoreEvent, type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
let sshd: SshdHandle;
let events: CoreEvent[];

beforeAll(async () => {
  stand = await startCoreStand();
  ({ sshd, events } = stand);
});
afterAll(() => stand?.dispose());

const call = (method: string, input: unknown) => stand.call(method, input);
const of = (name: string, sessionId: string) => stand.of(name, sessionId);
/** Everything a session has printed so far. */
const printed = (sessionId: string): string =>
  of('terminal.data', sessionId)
    .map((d) => d.data)
    .join('');

/** A terminal to the test server (its key saved by the first test), once it is connected. */
async function openConnected(): Promise<string> {
  const opened = await call('terminal.open', { target: { destination: `root@127.0.0.1:${sshd.port}` }, cols: 80, rows: 24 });
  const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
  await pollUntil(() => of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected' });
  return sessionId;
}

describe('terminals through the contract', () => {
  it('quick connect: progress per step, the host-key question, output, input, and close', async () => {
    const opened = await call('terminal.open', { target: { destination: `root@127.0.0.1:${sshd.port}` }, cols: 90, rows: 25 });
    expect(opened).toMatchObject({ ok: true, value: { sessionId: expect.stringMatching(/^t\d+$/) } });
    const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
    const question = await pollUntil(() => events.find((e) => e.name === 'prompts.request'), { message: 'the host-key question' });
    expect(question.payload.request).toMatchObject({ kind: 'host-key', host: '127.0.0.1', port: sshd.port, fingerprint: expect.stringMatching(/^SHA256:/) });
    expect(await call('prompts.answer', { promptId: question.payload.promptId, answer: 'accept-save' })).toMatchObject({ ok: true });
    await pollUntil(() => of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected' });
    expect(of('terminal.progress', sessionId).map((p) => p.step)).toEqual(['tcp', 'banner', 'kex', 'host-key', 'auth', 'ready']);
    await call('terminal.write', { sessionId, data: 'echo "$((6*7)) $(stty size)"\r' });
    await pollUntil(() => printed(sessionId).includes('42 25 90'), { message: 'the echo' });
    const chars = of('terminal.data', sessionId).reduce((n, d) => n + String(d.data).length, 0);
    expect(await call('terminal.ack', { sessionId, chars })).toMatchObject({ ok: true });
    await call('terminal.write', { sessionId, data: 'exit 5\r' });
    const closed = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(closed).toMatchObject({ exit: { code: 5 } });
    expect(await call('terminal.write', { sessionId, data: 'x' })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_CONNECTED' } });
  });

  it('a failure to connect closes the terminal with a coded error naming the hop', async () => {
    const opened = await call('terminal.open', { target: { destination: 'root@127.0.0.1:1' }, cols: 80, rows: 24 });
    const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
    const closed = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(closed.error).toMatchObject({ code: 'CONNECTION_REFUSED', hop: 'root@127.0.0.1:1' });
  });

  it('records a session as asciicast v2 that asciinema plays: output only, so a secret typed at any prompt stays out', async () => {
    const sessionId = await openConnected();
    const recording = await call('terminal.record', { sessionId, on: true });
    const file = (recording as { value: { file: string } }).value.file;
    expect(of('terminal.recording', sessionId)).toEqual([{ sessionId, file }]);
    const text = () => printed(sessionId);
    await call('terminal.write', { sessionId, data: 'echo "recorded-$((1+1))"\r' });
    await pollUntil(() => text().includes('recorded-2'), { message: 'the echo' });
    // A prompt no heuristic would call a password's: typed input is simply not recorded.
    await call('terminal.write', { sessionId, data: 'read -s -p "Unlock code for the HSM> " secret; echo "got ${#secret}"\r' });
    await pollUntil(() => text().endsWith('HSM> '), { message: 'the prompt itself (its words are in the echoed command line too)' });
    await call('terminal.write', { sessionId, data: 'hunter2\r' });
    await pollUntil(() => text().includes('got 7'), { message: 'the secret read' });
    await call('terminal.resize', { sessionId, cols: 100, rows: 30 });
    await call('terminal.close', { sessionId });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ version: 2, width: 80, height: 24, env: { TERM: 'xterm-256color' } });
    const recorded = lines.slice(1).map((line) => JSON.parse(line) as [number, string, string]);
    expect(new Set(recorded.map((e) => e[1]))).toEqual(new Set(['o', 'r']));
    expect(recorded.every((e, i) => i === 0 || e[0] >= recorded[i - 1]![0])).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    // asciinema wants a terminal even to print a recording: `script` gives it one.
    const played = execFileSync('script', ['-qec', `asciinema cat ${file}`, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(played).toContain('recorded-2');
  });

  it('records what is typed only when asked for, masking what follows a recognisable password prompt', async () => {
    const sessionId = await openConnected();
    const recording = await call('terminal.record', { sessionId, on: true, withInput: true });
    const file = (recording as { value: { file: string } }).value.file;
    const text = () => printed(sessionId);
    await call('terminal.write', { sessionId, data: 'read -s -p "Password: " secret; echo "got ${#secret}"\r' });
    // The echo of the command line holds 'Password: ' too: wait for the prompt itself, last on the screen.
    await pollUntil(() => text().endsWith('Password: '), { message: 'the password prompt' });
    await call('terminal.write', { sessionId, data: 'hunter2\r' });
    await pollUntil(() => text().includes('got 7'), { message: 'the secret read' });
    await call('terminal.close', { sessionId });
    const recorded = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as [number, string, string]);
    expect(recorded.some((e) => e[1] === 'i' && e[2].startsWith('read -s'))).toBe(true);
    expect(recorded.some((e) => e[1] === 'i' && e[2] === '*******\r')).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
  });

  it('when the server goes away the terminal says why, and Reconnect brings the same session back', async () => {
    const sessionId = await openConnected();
    await sshd.stop();
    const closed = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(closed.error).toMatchObject({ code: 'CONNECTION_LOST', hop: `root@127.0.0.1:${sshd.port}` });
    await sshd.restart();
    expect(await call('terminal.reconnect', { sessionId })).toMatchObject({ ok: true });
    await pollUntil(() => of('terminal.state', sessionId).filter((s) => s.state === 'connected').length === 2, { message: 'connected again' });
    await call('terminal.write', { sessionId, data: 'echo "back-$((40+2))"\r' });
    await pollUntil(() => printed(sessionId).includes('back-42'), { message: 'output after reconnect' });
    await call('terminal.close', { sessionId });
    expect(await call('terminal.reconnect', { sessionId })).toMatchObject({ ok: false, error: { code: 'SESSION_CLOSED' } });
  });
});
