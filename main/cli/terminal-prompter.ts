import { execFile } from 'node:child_process';
import fs from 'node:fs';
import tty from 'node:tty';
import type { PromptAnswer, PromptHandler, PromptRequest } from '../prompts/prompt-types';
import { displayKeyType } from '../ssh/host-keys/host-key-format';
import { labelUntrusted, sanitizeUntrusted } from '../../shared/base/untrusted-text';

/**
 * Answers prompts the way OpenSSH does on a terminal: questions are written to and read from
 * /dev/tty (so they work while stdin/stdout are piped), passwords without echo. SSH_ASKPASS is
 * used when SSH_ASKPASS_REQUIRE=force, or =prefer, or when there is no terminal but a display.
 * Returns undefined when nobody can be asked (scripts, CI): prompts then fail with
 * PROMPT_UNAVAILABLE instead of hanging.
 */
export function createTerminalPrompter(env: NodeJS.ProcessEnv = process.env): PromptHandler | undefined {
  const askpass = env.SSH_ASKPASS;
  const require = env.SSH_ASKPASS_REQUIRE;
  const hasTty = canOpenTty();
  if (askpass && require !== 'never' && (require === 'force' || require === 'prefer' || (!hasTty && env.DISPLAY))) {
    return (request) => (isTerminalQuestion(request) ? askWithProgram(askpass, request) : Promise.resolve(null));
  }
  if (!hasTty) return undefined;
  return (request) => (isTerminalQuestion(request) ? askOnTty(request) : Promise.resolve(null));
}

/** The questions a terminal answers; a transfer conflict is the app's (cp takes --conflict), so it is declined. */
type TerminalQuestion = Exclude<PromptRequest, { kind: 'transfer-conflict' }>;

function isTerminalQuestion(request: PromptRequest): request is TerminalQuestion {
  return request.kind !== 'transfer-conflict';
}

function canOpenTty(): boolean {
  try {
    fs.closeSync(fs.openSync('/dev/tty', 'r+'));
    return true;
  } catch {
    return false;
  }
}

function questionText(request: TerminalQuestion): { intro: string; questions: { prompt: string; echo: boolean }[] } {
  switch (request.kind) {
    case 'host-key': {
      const others = request.knownTypes.length ? `\nThis host is known by other key types: ${request.knownTypes.map(displayKeyType).join(', ')}.` : '';
      return {
        intro: `The authenticity of host '${request.port === 22 ? request.host : `[${request.host}]:${request.port}`}' can't be established.\n${displayKeyType(request.keyType)} key fingerprint is ${request.fingerprint}.${others}\n`,
        questions: [{ prompt: 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ', echo: true }],
      };
    }
    case 'password':
      return { intro: '', questions: [{ prompt: `${request.hop.replace(/:\d+$/, '')}'s password: `, echo: false }] };
    case 'passphrase':
      return { intro: '', questions: [{ prompt: `Enter passphrase for key '${request.keyFile}': `, echo: false }] };
    case 'keyboard-interactive': {
      const text = [request.name, request.instructions].filter((t) => t.trim()).join('\n');
      return {
        intro: text ? `${labelUntrusted(request.hop, text)}\n` : '',
        questions: request.prompts.map((p) => ({ prompt: `[${request.hop}] ${sanitizeUntrusted(p.prompt)}`, echo: p.echo })),
      };
    }
  }
}

function toAnswer<R extends PromptRequest>(request: R, replies: string[]): PromptAnswer<R> | null {
  if (request.kind === 'host-key') {
    const reply = (replies[0] ?? '').trim();
    if (reply === 'yes' || reply === request.fingerprint) return 'accept-save' as PromptAnswer<R>;
    return 'reject' as PromptAnswer<R>;
  }
  if (request.kind === 'keyboard-interactive') return replies as PromptAnswer<R>;
  return (replies[0] ?? '') as PromptAnswer<R>;
}

async function askOnTty<R extends TerminalQuestion>(request: R): Promise<PromptAnswer<R> | null> {
  const fd = fs.openSync('/dev/tty', 'r+');
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  try {
    const { intro, questions } = questionText(request);
    if (intro) output.write(intro);
    const replies: string[] = [];
    for (const question of questions) {
      output.write(question.prompt);
      const reply = await readLine(input, output, question.echo);
      if (reply === null) return null;
      replies.push(reply);
    }
    return toAnswer(request, replies);
  } finally {
    input.destroy();
    output.destroy();
  }
}

/** Reads one line in raw mode so echo can be off; Ctrl+C or Ctrl+D cancels. */
function readLine(input: tty.ReadStream, output: tty.WriteStream, echo: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    let line = '';
    input.setRawMode(true);
    const done = (value: string | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(line);
        if (char === '\u0003' || char === '\u0004') return done(null);
        if (char === '\u007f' || char === '\b') {
          if (line.length > 0 && echo) output.write('\b \b');
          line = [...line].slice(0, -1).join('');
        } else if (char >= ' ') {
          line += char;
          if (echo) output.write(char);
        }
      }
    };
    input.on('data', onData);
  });
}

async function askWithProgram<R extends TerminalQuestion>(program: string, request: R): Promise<PromptAnswer<R> | null> {
  const { intro, questions } = questionText(request);
  const replies: string[] = [];
  for (const [index, question] of questions.entries()) {
    const prompt = (index === 0 ? intro : '') + question.prompt;
    const reply = await new Promise<string | null>((resolve) => {
      execFile(program, [prompt], { timeout: 10 * 60_000 }, (error, stdout) => resolve(error ? null : stdout.replace(/\r?\n$/, '')));
    });
    if (reply === null) return null;
    replies.push(reply);
  }
  return toAnswer(request, replies);
}
