import { describe, expect, it } from 'vitest';
import { InputMasker } from '../../../../main/terminal/input-masker';

describe('InputMasker', () => {
  it('masks what is typed after a secret prompt, until Enter', () => {
    const masker = new InputMasker();
    masker.sawOutput('[sudo] password for ops: ');
    expect(masker.mask('hunter')).toBe('******');
    expect(masker.mask('2\r')).toBe('*\r');
    expect(masker.mask('ls\r')).toBe('ls\r');
  });

  it.each(['Enter passphrase for key /root/.ssh/id_ed25519: ', 'Verification code: ', 'PIN? ', 'Password:'])('treats "%s" as a secret prompt', (prompt) => {
    const masker = new InputMasker();
    masker.sawOutput(`some output\r\n${prompt}`);
    expect(masker.mask('x')).toBe('*');
  });

  it('records ordinary input as typed', () => {
    const masker = new InputMasker();
    masker.sawOutput('user@host:~$ ');
    expect(masker.mask('echo password: yes\r')).toBe('echo password: yes\r');
  });
});
