import { describe, expect, it } from 'vitest';
import { promptQueue } from '../../../../renderer/prompts/prompt-queue';
import { sanitizeUntrusted } from '../../../../renderer/prompts/sanitize-untrusted';

const request = { kind: 'password', hop: 'me@h:22', user: 'me', host: 'h', attempt: 1 } as const;

describe('promptQueue', () => {
  it('keeps prompts in arrival order, once each, and drops the ones main closed', () => {
    let queue = promptQueue([], { type: 'request', prompt: { promptId: 'a', request } });
    queue = promptQueue(queue, { type: 'request', prompt: { promptId: 'b', request } });
    queue = promptQueue(queue, { type: 'request', prompt: { promptId: 'a', request } });
    expect(queue.map((prompt) => prompt.promptId)).toEqual(['a', 'b']);
    queue = promptQueue(queue, { type: 'closed', promptId: 'a' });
    expect(queue.map((prompt) => prompt.promptId)).toEqual(['b']);
  });

  it("takes main's list of open questions as it is after a load or a reconnect", () => {
    const queue = promptQueue([{ promptId: 'gone', request }], { type: 'sync', prompts: [{ promptId: 'c', request }] });
    expect(queue.map((prompt) => prompt.promptId)).toEqual(['c']);
  });
});

describe('sanitizeUntrusted', () => {
  it('makes control and bidi characters visible and keeps ordinary text and newlines', () => {
    expect(sanitizeUntrusted('Verification code:\r\n')).toBe('Verification code:\n');
    expect(sanitizeUntrusted('\x1b[31mred')).toBe('\\x1b[31mred');
    expect(sanitizeUntrusted('pay \u202eevil')).toBe('pay \\u202eevil');
    expect(sanitizeUntrusted('zero\u200bwidth')).toBe('zero\\u200bwidth');
    expect(sanitizeUntrusted('Grüße, 密码')).toBe('Grüße, 密码');
  });
});
