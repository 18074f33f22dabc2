import { describe, expect, it } from 'vitest';
import { formatError, withHint } from '../../../../main/cli/cli-io';
import { cliHintText } from '../../../../main/cli/hint-text';
import { AppError, type ErrorHint } from '../../../../shared/errors';

describe('formatError', () => {
  it('prints one line, with whatever a server put in the message escaped', () => {
    const error = new AppError('SFTP_NO_SUCH_FILE', 'No such file: /srv/\u202eevil\x1b]0;owned\x07\nname.', { hop: 'root@h:22' });
    expect(formatError(error)).toBe('jumpgate: root@h:22: No such file: /srv/\\u202eevil\\x1b]0;owned\\x07 name. (SFTP_NO_SUCH_FILE)');
  });

  it("says the hint with the CLI's flags, between the sentence and the code", () => {
    const error = new AppError('HOST_UNREACHABLE', 'db cannot be reached from this machine. Check the network or a VPN.', {
      hop: 'u@db:22',
      hint: { kind: 'use-jump-host' },
    });
    expect(formatError(error)).toBe(
      'jumpgate: u@db:22: db cannot be reached from this machine. Check the network or a VPN. If the host is only reachable through another one, name that jump host with -J. (HOST_UNREACHABLE)',
    );
  });

  it('an error with no hint prints as before, and a tunnel line adds the hint the same way', () => {
    expect(formatError(new AppError('AUTH_FAILED', 'No.'))).toBe('jumpgate: No. (AUTH_FAILED)');
    expect(withHint('Port 80 is taken.', { kind: 'free-port', port: 80 })).toBe(
      "Port 80 is taken. Stop what holds it (ss -ltnp 'sport = :80' shows it) or choose another port.",
    );
    expect(withHint('No.', undefined)).toBe('No.');
  });
});

describe('cliHintText', () => {
  it.each<[ErrorHint, string]>([
    [{ kind: 'retry-with-diagnostics' }, '-v'],
    [{ kind: 'resume-copy' }, 'run the same command with --resume'],
    [{ kind: 'use-jump-host' }, '-J'],
    [{ kind: 'check-port' }, '-p'],
    [{ kind: 'check-credentials' }, '-i'],
    [{ kind: 'accept-host-key', host: 'db' }, '-o StrictHostKeyChecking=accept-new'],
    [{ kind: 'allow-legacy-algorithms' }, '-o JumpgateLegacyAlgorithms=yes'],
    [{ kind: 'copy-recursively' }, '-r'],
    [{ kind: 'single-connection' }, '--connections=1'],
    [{ kind: 'verify-by-size' }, '--verify=size'],
  ])('%j names %s', (hint, flag) => {
    expect(cliHintText(hint)).toContain(flag);
  });

  it('forgetting a host key is the ssh-keygen command, with the host and file quoted for a shell', () => {
    expect(cliHintText({ kind: 'forget-host-key', host: '[db]:2222', file: "/home/o'neil/.ssh/known_hosts" })).toBe(
      "If the change is legitimate, remove the old entry with: ssh-keygen -R '[db]:2222' -f '/home/o'\\''neil/.ssh/known_hosts', then connect again.",
    );
    expect(cliHintText({ kind: 'forget-host-key', host: 'db' })).toContain("ssh-keygen -R 'db', then");
  });
});
