import { describe, expect, it } from 'vitest';
import { FlowControl } from '../../../../main/terminal/flow-control';
import { MAX_BATCH_CHARS, OutputBatcher } from '../../../../main/terminal/output-batcher';
import { pollUntil } from '../../../helpers/poll-until';

describe('OutputBatcher', () => {
  it('never cuts a UTF-8 sequence, whatever the read boundaries', () => {
    const text = 'ünïcödé ✓ 日本語 🚀 done';
    const bytes = Buffer.from(text, 'utf8');
    for (let step = 1; step <= 5; step++) {
      const out: string[] = [];
      const batcher = new OutputBatcher((t) => out.push(t));
      for (let i = 0; i < bytes.length; i += step) batcher.push(bytes.subarray(i, i + step));
      batcher.end();
      expect(out.join('')).toBe(text);
      expect(out.join('')).not.toContain('\uFFFD');
    }
  });

  it('merges many small reads into one message per interval', async () => {
    const out: string[] = [];
    const batcher = new OutputBatcher((t) => out.push(t), 5);
    for (let i = 0; i < 100; i++) batcher.push(Buffer.from('x'));
    expect(out).toEqual([]);
    await pollUntil(() => out.length > 0, { message: 'the batch to flush' });
    expect(out).toEqual(['x'.repeat(100)]);
  });

  it('flushes at once when a batch grows large', () => {
    const out: string[] = [];
    const batcher = new OutputBatcher((t) => out.push(t), 60_000);
    batcher.push(Buffer.alloc(MAX_BATCH_CHARS, 'a'));
    expect(out).toHaveLength(1);
    batcher.dispose();
  });
});

describe('FlowControl', () => {
  it('pauses past the high-water mark and resumes below the low one', () => {
    const calls: string[] = [];
    const flow = new FlowControl(
      () => calls.push('pause'),
      () => calls.push('resume'),
      100,
      20,
    );
    flow.sent(60);
    flow.sent(60);
    expect(calls).toEqual(['pause']);
    flow.sent(500); // more output already in flight is counted, not lost
    flow.ack(600);
    expect(calls).toEqual(['pause']);
    flow.ack(30);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.pendingAcks).toBe(0);
  });
});
