import { describe, expect, it } from 'vitest';
import { WindowRegistry } from '../../../../main/core/window-registry';

function fakeTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    pending,
    timers: {
      setTimeout: (callback: () => void, ms: number) => (pending.set(next, { callback, ms }), next++),
      clearTimeout: (handle: unknown) => pending.delete(handle as number),
    },
    fire: () => {
      for (const [handle, { callback }] of [...pending]) {
        pending.delete(handle);
        callback();
      }
    },
  };
}

describe('WindowRegistry', () => {
  it('closes the sessions of a window gone for a minute, and only its own', () => {
    const clock = fakeTimers();
    const gone: unknown[] = [];
    const registry = new WindowRegistry({ timers: clock.timers, onGone: (windowId, owned) => gone.push({ windowId, owned }) });
    const a = registry.attach('window-a');
    registry.attach('window-b');
    registry.own('window-a', 'terminal', 't1');
    registry.own('window-a', 'files', 'f1');
    registry.own('window-b', 'terminal', 't2');
    a.dispose();
    expect([...clock.pending.values()].map((timer) => timer.ms)).toEqual([60_000]);
    clock.fire();
    expect(gone).toEqual([
      {
        windowId: 'window-a',
        owned: [
          { kind: 'terminal', id: 't1' },
          { kind: 'files', id: 'f1' },
        ],
      },
    ]);
    expect(registry.owned('window-b', 'terminal')).toEqual(['t2']);
  });

  it('keeps the sessions of a window that comes back in time (a reload), and lists them to it', () => {
    const clock = fakeTimers();
    const gone: unknown[] = [];
    const registry = new WindowRegistry({ timers: clock.timers, onGone: (windowId) => gone.push(windowId) });
    const first = registry.attach('window-a');
    registry.own('window-a', 'terminal', 't1');
    registry.own('window-a', 'terminal', 't3');
    registry.disown('terminal', 't3');
    first.dispose();
    first.dispose();
    registry.attach('window-a');
    expect(clock.pending.size).toBe(0);
    clock.fire();
    expect(gone).toEqual([]);
    expect(registry.owned('window-a', 'terminal')).toEqual(['t1']);
    expect(registry.owned('window-other', 'terminal')).toEqual([]);
  });

  it("waits for the last of a window's links to go", () => {
    const clock = fakeTimers();
    const registry = new WindowRegistry({ timers: clock.timers, onGone: () => {} });
    const one = registry.attach('window-a');
    const two = registry.attach('window-a');
    one.dispose();
    expect(clock.pending.size).toBe(0);
    two.dispose();
    expect(clock.pending.size).toBe(1);
  });
});
