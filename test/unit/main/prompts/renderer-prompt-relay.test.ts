import { describe, expect, it } from 'vitest';
import { PromptBroker } from '../../../../main/prompts/prompt-broker';
import { RendererPromptRelay } from '../../../../main/prompts/renderer-prompt-relay';
import { pollUntil } from '../../../helpers/poll-until';

const password = { kind: 'password', hop: 'deploy@build:22', user: 'deploy', host: 'build', attempt: 1 } as const;

describe('RendererPromptRelay', () => {
  it('a question asked before any window connects waits, and the first window sees it in prompts.pending', async () => {
    const relay = new RendererPromptRelay();
    const answer = new PromptBroker(relay.handler).ask(password);
    await pollUntil(() => relay.pendingList().length === 1, { message: 'the question kept' });
    const seen: string[] = [];
    relay.onDidAsk(() => seen.push('asked'));
    relay.onDidClose(() => seen.push('closed'));
    const [open] = relay.pendingList();
    expect(open).toMatchObject({ request: password });
    relay.answer(open!.promptId, 'from the window');
    expect(await answer).toBe('from the window');
    expect(seen).toEqual(['closed']);
    expect(relay.pendingList()).toEqual([]);
  });

  it('keeps the answer to be saved only when the question offered it', async () => {
    const relay = new RendererPromptRelay();
    const offered = relay.ask({ ...password, canSave: true });
    const notOffered = relay.ask(password);
    const [first, second] = relay.pendingList();
    relay.answer(first!.promptId, 'a', true);
    relay.answer(second!.promptId, 'b', true);
    expect(await offered).toEqual({ answer: 'a', save: true });
    expect(await notOffered).toEqual({ answer: 'b', save: false });
  });

  it('a question already answered is NOT_FOUND (a state), an answer of the wrong shape INVALID_ARGUMENT (an input)', async () => {
    const relay = new RendererPromptRelay();
    const asked = relay.ask(password);
    const [open] = relay.pendingList();
    expect(() => relay.answer(open!.promptId, ['not', 'a', 'password'] as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    relay.answer(open!.promptId, 'secret');
    expect(await asked).toEqual({ answer: 'secret', save: false });
    expect(() => relay.answer(open!.promptId, 'again')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a transfer-conflict question takes only a conflict decision, and is never kept', async () => {
    const relay = new RendererPromptRelay();
    const asked = relay.ask({ kind: 'transfer-conflict', hop: 'local', jobId: 3, title: 'a from local to local:/tmp', existing: 1, names: ['a'] });
    const [open] = relay.pendingList();
    for (const wrong of ['accept-save', 'replace', ['rename']] as const) {
      expect(() => relay.answer(open!.promptId, wrong as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    relay.answer(open!.promptId, 'newer', true);
    expect(await asked).toEqual({ answer: 'newer', save: false });
  });
});
