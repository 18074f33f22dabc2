import type { ClientChannel } from 'ssh2';
import { exitOf } from '../../main/ssh/connect/channel-exit';
import { HopSpec, type HopSpecInput } from '../../shared/model';
import { PromptBroker } from '../../main/prompts/prompt-broker';
import type { PromptRequest } from '../../main/prompts/prompt-types';
import type { ConnectNotice, ConnectProgress } from '../../main/ssh/connect/connect-observer';
import { SshConnector } from '../../main/ssh/connect/ssh-connector';
import type { SshConnection } from '../../main/ssh/connect/ssh-connection';
import type { SshEnv } from '../fixtures/ssh-env';

/** A hop to a test server, isolated in the test's HOME: no agent, no default keys. */
export function hopFor(server: { host: string; port: number }, env: SshEnv, overrides: Partial<HopSpecInput> = {}): HopSpec {
  return HopSpec.parse({
    alias: server.host,
    host: server.host,
    port: server.port,
    user: 'root',
    userKnownHostsFiles: [env.knownHostsPath],
    globalKnownHostsFiles: [],
    strictHostKeyChecking: 'accept-new',
    connectTimeoutMs: 10_000,
    ...overrides,
  });
}

type Answer = string | string[] | null | ((request: PromptRequest) => unknown);

/** A prompt handler that answers from a script, one entry per kind in order, and records every question. */
export function scriptedPrompts(script: Partial<Record<PromptRequest['kind'], Answer[]>>) {
  const asked: PromptRequest[] = [];
  const queues = Object.fromEntries(Object.entries(script).map(([k, v]) => [k, [...(v ?? [])]])) as Record<string, Answer[]>;
  const handler = async (request: PromptRequest) => {
    asked.push(request);
    const queue = queues[request.kind];
    if (!queue || queue.length === 0) return null;
    const answer = queue.shift()!;
    return typeof answer === 'function' ? await answer(request) : answer;
  };
  return { asked, broker: new PromptBroker(handler as never) };
}

/** A connector that records progress and notices. */
export function recordingConnector(broker: PromptBroker = new PromptBroker(undefined)) {
  const progress: ConnectProgress[] = [];
  const notices: ConnectNotice[] = [];
  const connector = new SshConnector({ broker, observer: { onProgress: (p) => progress.push(p), onNotice: (n) => notices.push(n) } });
  return { connector, progress, notices };
}

export interface ExecOutput {
  stdout: string;
  stderr: string;
  code: number | undefined;
  signal: string | undefined;
}

export function collect(channel: ClientChannel): Promise<ExecOutput> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    channel.on('data', (d: Buffer) => out.push(d));
    channel.stderr.on('data', (d: Buffer) => err.push(d));
    channel.on('close', () => {
      const exit = exitOf(channel);
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: exit?.code, signal: exit?.signal });
    });
  });
}

export async function run(connection: SshConnection, command: string): Promise<ExecOutput> {
  const channel = await connection.exec(command);
  channel.end();
  return collect(channel);
}
