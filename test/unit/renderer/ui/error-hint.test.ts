import { describe, expect, it } from 'vitest';
import { ErrorHint } from '../../../../shared/errors';
import { describeHint, hintOnSurface } from '../../../../renderer/ui/hint-text';

/** One of each kind, read from the schema so a new kind is checked here too. */
const SAMPLES: ErrorHint[] = ErrorHint.options.map((option) => {
  const kind = option.shape.kind.value;
  if (kind === 'accept-host-key') return { kind, host: '[db]:2222' };
  if (kind === 'forget-host-key') return { kind, host: '[db]:2222', file: '/home/u/.ssh/known_hosts' };
  if (kind === 'free-port') return { kind, port: 8080 };
  return ErrorHint.parse({ kind });
});

describe('describeHint (the window)', () => {
  it.each(SAMPLES)('$kind is a sentence with no command-line flag', (hint) => {
    const { text } = describeHint(hint);
    expect(text).toMatch(/^[A-Z].*\.$/);
    expect(text).not.toMatch(/(?:^|[\s(["'`])--?[A-Za-z]/);
  });

  it('names the control that does it where the app has one', () => {
    expect(describeHint({ kind: 'resume-copy' }).action).toBe('retry');
    expect(describeHint({ kind: 'unlock-vault' }).action).toBe('unlock-vault');
    expect(describeHint({ kind: 'forget-host-key', host: 'db' }).action).toBe('forget-host-key');
    expect(describeHint({ kind: 'use-jump-host' }).action).toBeUndefined();
  });

  it('says what the hint names: the port, the host and file of a changed key', () => {
    expect(describeHint({ kind: 'free-port', port: 8080 }).text).toContain('port 8080');
    expect(describeHint({ kind: 'forget-host-key', host: '[db]:2222', file: '/k' }).text).toContain('[db]:2222 changed, remove the old key from /k');
  });
});

describe('hintOnSurface', () => {
  const unlock = { label: 'Unlock…', run: () => undefined };

  it("offers the surface's control only for the action the hint means", () => {
    expect(hintOnSurface({ kind: 'unlock-vault' }, undefined)).toEqual({ text: 'Unlock the vault to use saved secrets.' });
    expect(hintOnSurface({ kind: 'unlock-vault' }, { 'unlock-vault': unlock })).toEqual({ text: 'Unlock the vault to use saved secrets.', control: unlock });
    expect(hintOnSurface({ kind: 'check-port' }, { 'unlock-vault': unlock }).control).toBeUndefined();
    expect(hintOnSurface({ kind: 'resume-copy' }, { 'unlock-vault': unlock }).control).toBeUndefined();
  });
});
