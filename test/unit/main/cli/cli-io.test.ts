import { describe, expect, it } from 'vitest';
import { formatError } from '../../../../main/cli/cli-io';
import { AppError } from '../../../../shared/errors';

describe('formatError', () => {
  it('prints one line, with whatever a server put in the message escaped', () => {
    const error = new AppError('SFTP_NO_SUCH_FILE', 'No such file: /srv/\u202eevil\x1b]0;owned\x07\nname.', { hop: 'root@h:22' });
    expect(formatError(error)).toBe('jumpgate: root@h:22: No such file: /srv/\\u202eevil\\x1b]0;owned\\x07 name. (SFTP_NO_SUCH_FILE)');
  });
});
