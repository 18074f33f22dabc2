import { describe, expect, it } from 'vitest';
import { type ConnectionStatus, type ConnectProgress, SessionRegistry } from '../../../../renderer/sessions/session-registry';

interface TestStatus extends ConnectionStatus {
  note: string;
}

/** The registry with its event-side methods opened up, as a kind of session would call them. */
class TestRegistry extends SessionRegistry<string, TestStatus> {
  unsubscribed = 0;

  constructor() {
    super({ state: 'connecting', progress: [], attempt: 1, note: '' });
    this.listen(
      () => this.unsubscribed++,
      () => this.unsubscribed++,
    );
  }

  state(id: string, state: TestStatus['state'], note = ''): void {
    this.follow(id, (status) => ({ ...status, state, note: note || status.note }));
  }

  step(id: string, step: ConnectProgress['step']): void {
    this.addProgress(id, { hop: 'me@h:22', step, elapsedMs: 1 });
  }

  protected override newAttempt(status: TestStatus): TestStatus {
    return { ...super.newAttempt(status), note: 'again' };
  }
}

describe('SessionRegistry', () => {
  it('keeps the status of a session it hears of before its open call answered', () => {
    const sessions = new TestRegistry();
    expect(sessions.get('s1')).toBeUndefined();
    sessions.step('s1', 'tcp');
    expect(sessions.get('s1')).toEqual({ state: 'connecting', progress: [{ hop: 'me@h:22', step: 'tcp', elapsedMs: 1 }], attempt: 1, note: '' });
    expect(sessions.get(undefined)).toBeUndefined();
    expect(sessions.has('s2')).toBe(false);
  });

  it("follows background connects: each step in order, then main's state", () => {
    const sessions = new TestRegistry();
    sessions.state('s1', 'connecting');
    sessions.step('s1', 'tcp');
    sessions.step('s1', 'auth');
    sessions.state('s1', 'connected', 'up');
    expect(sessions.get('s1')).toMatchObject({ state: 'connected', attempt: 1, note: 'up', progress: [{ step: 'tcp' }, { step: 'auth' }] });
  });

  it("reconnects under the same id: 'connecting' after 'closed' starts a new attempt, and only that", () => {
    const sessions = new TestRegistry();
    sessions.step('s1', 'tcp');
    sessions.state('s1', 'connected');
    sessions.state('s1', 'connecting');
    expect(sessions.get('s1')).toMatchObject({ attempt: 1, progress: [{ step: 'tcp' }] });
    sessions.state('s1', 'closed', 'dropped');
    sessions.state('s1', 'connecting');
    expect(sessions.get('s1')).toMatchObject({ state: 'connecting', attempt: 2, progress: [], note: 'again' });
  });

  it('forgets a closed session for good: later events for it do not bring it back', () => {
    const sessions = new TestRegistry();
    sessions.state('s1', 'connected');
    sessions.state('s2', 'connected');
    sessions.forget('s1');
    sessions.state('s1', 'closed');
    sessions.step('s1', 'tcp');
    expect(sessions.get('s1')).toBeUndefined();
    expect(sessions.get('s2')?.state).toBe('connected');
  });

  it('tells subscribers of every change, counts them in `version`, and lets go of everything on dispose', () => {
    const sessions = new TestRegistry();
    let calls = 0;
    const unsubscribe = sessions.subscribe(() => calls++);
    sessions.state('s1', 'connecting');
    sessions.step('s1', 'tcp');
    sessions.forget('s1');
    expect([calls, sessions.version]).toEqual([3, 3]);
    unsubscribe();
    sessions.state('s2', 'connecting');
    expect([calls, sessions.version]).toEqual([3, 4]);
    sessions.subscribe(() => calls++);
    sessions.dispose();
    expect(sessions.unsubscribed).toBe(2);
    sessions.state('s3', 'connecting');
    expect(calls).toBe(3);
  });
});
