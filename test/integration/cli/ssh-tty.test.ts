import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { CLI } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';

let keys: TestKeys;
let env: SshEnv;
let sshd: SshdHandle;
const session = `jumpgate-tty-${process.pid}`;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const type = (text: string) => tmux('send-keys', '-t', session, text, 'Enter');

beforeAll(async () => {
  keys = await getTestKeys();
  sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(sshd.knownHostsLines());
});
afterAll(async () => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
  await sshd?.dispose();
  env?.dispose();
});

describe('jumpgate ssh in a real terminal (tmux)', () => {
  it('opens an interactive shell with a pty that follows the window size, and restores the terminal on exit', async () => {
    const after = join(env.home, 'stty-after.txt');
    const command = `env HOME=${env.home} ${process.execPath} ${CLI} ssh -i ${keys.ed25519.path} -p ${sshd.port} root@127.0.0.1; stty -a > ${after}; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
    type('export PS1="remote$ "');
    await pollUntil(() => screen().includes('remote$ '), { message: 'the remote prompt' });
    type('stty size');
    await pollUntil(() => screen().includes('30 100'), { message: 'stty size to show 30 100' });
    tmux('resize-window', '-t', session, '-x', '120', '-y', '40');
    type('stty size');
    await pollUntil(() => screen().includes('40 120'), { message: 'stty size to follow the resize' });
    type('echo "$TERM"');
    await pollUntil(
      () =>
        /xterm|screen|tmux/.test(
          screen()
            .split('\n')
            .filter((l) => !l.includes('echo'))
            .join('\n'),
        ),
      { message: 'TERM on the remote side' },
    );
    type('exit');
    const settings = await pollUntil(
      () => {
        try {
          return readFileSync(after, 'utf8');
        } catch {
          return '';
        }
      },
      { message: 'the local shell to run stty after jumpgate exits' },
    );
    // Raw mode was undone: line editing and echo are back.
    expect(settings).toMatch(/(^|\s)icanon(\s|$)/);
    expect(settings).toMatch(/(^|\s)echo(\s|$)/);
  });
});
