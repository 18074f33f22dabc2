/* What a tab says about its connection, as plain functions (tested without a DOM). */
import type { ConnectProgress } from '../sessions/session-registry';
import type { SessionStatus } from './terminal-sessions';

export interface HopProgress {
  hop: string;
  steps: ConnectProgress[];
}

/** Groups steps by hop, keeping the order in which hops first appeared (bastion first). */
export function groupByHop(progress: readonly ConnectProgress[]): HopProgress[] {
  const hops: HopProgress[] = [];
  for (const step of progress) {
    const hop = hops.find((h) => h.hop === step.hop) ?? hops[hops.push({ hop: step.hop, steps: [] }) - 1]!;
    hop.steps.push(step);
  }
  return hops;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The sentence for why a session ended: the coded error and its hop, or the shell's exit. */
export function describeEnd(status: Pick<SessionStatus, 'error' | 'exit'>): {
  headline: string;
  detail?: string;
  code?: string;
  hop?: string;
  isError: boolean;
} {
  if (status.error) return { headline: status.error.message, code: status.error.code, hop: status.error.hop, isError: true };
  const exit = status.exit;
  if (exit?.signal !== undefined) return { headline: `The shell was ended by signal ${exit.signal}.`, isError: true };
  if (exit?.code !== undefined && exit.code !== 0) return { headline: `The shell exited with status ${exit.code}.`, isError: true };
  return { headline: 'The session ended.', detail: 'The shell exited normally.', isError: false };
}
