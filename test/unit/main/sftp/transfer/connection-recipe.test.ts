import { describe, expect, it } from 'vitest';
import { HopSpec } from '../../../../../shared/model';
import { ConnectionRecorder, recipePromptHandler } from '../../../../../main/sftp/transfer/connection-recipe';
import type { PromptRequest } from '../../../../../main/prompts/prompt-types';

const hop = HopSpec.parse({ alias: 'db', host: 'db.internal', port: 22, user: 'alice' });
const password = (attempt: number): PromptRequest => ({ kind: 'password', hop: 'alice@db.internal:22', user: 'alice', host: 'db.internal', attempt });

describe('ConnectionRecorder and a worker’s answers', () => {
  it('hands a worker the password that was typed, once, and never answers anything else', async () => {
    const recorder = new ConnectionRecorder();
    const typed = ['wrong', 'right'];
    const handler = recorder.recordingHandler(async (request) => (request.kind === 'password' ? (typed.shift() as never) : null))!;
    await handler(password(1));
    await handler(password(2));
    // No host key was seen for the hop yet: nothing to pin, no recipe.
    expect(recorder.recipeFor([hop])).toBeUndefined();
    await recorder
      .knownHostsFor(hop)
      .check('db.internal', 22, Buffer.from('key blob'))
      .catch(() => undefined);
    const recipe = recorder.recipeFor([hop])!;
    expect(recipe.hostKeys).toEqual([Buffer.from('key blob').toString('base64')]);
    const worker = recipePromptHandler(recipe);
    expect(await worker(password(1))).toBe('right');
    expect(await worker(password(2))).toBeNull();
    expect(
      await worker({ kind: 'keyboard-interactive', hop: 'alice@db.internal:22', name: '', instructions: '', prompts: [{ prompt: 'OTP', echo: false }] }),
    ).toBeNull();
    expect(
      await worker({
        kind: 'host-key',
        hop: 'alice@db.internal:22',
        host: 'db.internal',
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: 'SHA256:x',
        knownTypes: [],
      }),
    ).toBeNull();
  });

  it('gives no recipe when one hop showed two different keys in one run', async () => {
    const recorder = new ConnectionRecorder();
    await recorder
      .knownHostsFor(hop)
      .check('db.internal', 22, Buffer.from('first'))
      .catch(() => undefined);
    await recorder
      .knownHostsFor(hop)
      .check('db.internal', 22, Buffer.from('second'))
      .catch(() => undefined);
    expect(recorder.recipeFor([hop])).toBeUndefined();
  });

  it('hands a worker only what was typed for its own hops, and nothing once the recorder forgot', async () => {
    const recorder = new ConnectionRecorder();
    const other = HopSpec.parse({ alias: 'web', host: 'web.internal', port: 22, user: 'bob' });
    const handler = recorder.recordingHandler(async () => 'typed' as never)!;
    await handler(password(1));
    await handler({ kind: 'password', hop: 'bob@web.internal:22', user: 'bob', host: 'web.internal', attempt: 1 });
    for (const spec of [hop, other]) {
      await recorder
        .knownHostsFor(spec)
        .check(spec.host, 22, Buffer.from('key blob'))
        .catch(() => undefined);
    }
    expect(Object.keys(recorder.recipeFor([hop])!.secrets)).toEqual(['password alice@db.internal:22']);
    expect(Object.keys(recorder.recipeFor([other])!.secrets)).toEqual(['password bob@web.internal:22']);
    recorder.forgetSecrets();
    expect(recorder.recipeFor([hop])!.secrets).toEqual({});
  });
});
