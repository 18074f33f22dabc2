/* An error's hint in the window's words (tested without a DOM); the CLI says the same with its flags. */
import type { ErrorHint } from '../../shared/errors';

/** What the window can do about a hint with a control of its own, where the surface offers it. */
export type HintAction = 'retry' | 'forget-host-key' | 'unlock-vault';

/** The controls a surface has, by the action they do. */
export type HintActions = Partial<Record<HintAction, { label: string; run(): void }>>;

export interface HintWords {
  text: string;
  /** The control that does it, when the surface has one. */
  action?: HintAction;
}

type Describe<K extends ErrorHint['kind']> = (hint: Extract<ErrorHint, { kind: K }>) => HintWords;

/** The words of each kind of hint (the surface adds its own control for the action). */
const WORDS: { [K in ErrorHint['kind']]: Describe<K> } = {
  retry: () => ({ text: 'Try again.', action: 'retry' }),
  'retry-with-diagnostics': () => ({ text: 'Try again; if it keeps happening, please report it.', action: 'retry' }),
  'resume-copy': () => ({ text: 'Retry the copy: it continues from what was already written.', action: 'retry' }),
  'use-jump-host': () => ({ text: "If the host is only reachable through another one, add that one as a jump host in the connection's settings." }),
  'check-port': () => ({ text: "Check the port and the host name in the connection's settings." }),
  'check-credentials': () => ({ text: 'Check the user name, the key files and the password.' }),
  'accept-host-key': (hint) => ({ text: `If that fingerprint is right for ${hint.host}, connect again and accept the key when asked.` }),
  'forget-host-key': (hint) => ({
    text: `If you know why the key of ${hint.host} changed, remove the old key${hint.file === undefined ? '' : ` from ${hint.file}`}, then connect again.`,
    action: 'forget-host-key',
  }),
  'allow-legacy-algorithms': () => ({
    text: 'If this is an old device you trust, allow legacy algorithms for it in your SSH config (JumpgateLegacyAlgorithms yes).',
  }),
  'copy-recursively': () => ({ text: 'Copy the folder as a whole.' }),
  'single-connection': () => ({ text: 'Retry the copy.', action: 'retry' }),
  'verify-by-size': () => ({ text: 'This server may not be able to compute checksums; retry the copy.', action: 'retry' }),
  'unlock-vault': () => ({ text: 'Unlock the vault to use saved secrets.', action: 'unlock-vault' }),
  'free-port': (hint) => ({
    text: `Stop ${hint.holder ? `${hint.holder.program} (process ${hint.holder.pid}), which holds` : 'what holds'} port ${hint.port}, or choose another port${hint.nextFreePort ? `: ${hint.nextFreePort} is free` : ''}.`,
  }),
};

/** A hint as a sentence for the window: never a flag, never a command line. */
export function describeHint(hint: ErrorHint): HintWords {
  return (WORDS[hint.kind] as Describe<ErrorHint['kind']>)(hint);
}

/** A hint as a surface shows it: its words, and the surface's own control for it when it has one. */
export function hintOnSurface(hint: ErrorHint, actions: HintActions | undefined): { text: string; control?: { label: string; run(): void } } {
  const words = describeHint(hint);
  const control = words.action === undefined ? undefined : actions?.[words.action];
  return control === undefined ? { text: words.text } : { text: words.text, control };
}
