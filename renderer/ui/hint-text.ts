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

/** A hint as a sentence for the window: never a flag, never a command line. */
export function describeHint(hint: ErrorHint): HintWords {
  switch (hint.kind) {
    case 'retry':
      return { text: 'Try again.', action: 'retry' };
    case 'retry-with-diagnostics':
      return { text: 'Try again; if it keeps happening, please report it.', action: 'retry' };
    case 'resume-copy':
      return { text: 'Retry the copy: it continues from what was already written.', action: 'retry' };
    case 'use-jump-host':
      return { text: "If the host is only reachable through another one, add that one as a jump host in the connection's settings." };
    case 'check-port':
      return { text: "Check the port and the host name in the connection's settings." };
    case 'check-credentials':
      return { text: 'Check the user name, the key files and the password.' };
    case 'accept-host-key':
      return { text: `If that fingerprint is right for ${hint.host}, connect again and accept the key when asked.` };
    case 'forget-host-key':
      return {
        text: `If you know why the key of ${hint.host} changed, remove the old key${hint.file === undefined ? '' : ` from ${hint.file}`}, then connect again.`,
        action: 'forget-host-key',
      };
    case 'allow-legacy-algorithms':
      return { text: 'If this is an old device you trust, allow legacy algorithms for it in your SSH config (JumpgateLegacyAlgorithms yes).' };
    case 'copy-recursively':
      return { text: 'Copy the folder as a whole.' };
    case 'single-connection':
      return { text: 'Retry the copy.', action: 'retry' };
    case 'verify-by-size':
      return { text: 'This server may not be able to compute checksums; retry the copy.', action: 'retry' };
    case 'unlock-vault':
      return { text: 'Unlock the vault to use saved secrets.', action: 'unlock-vault' };
    case 'free-port':
      return { text: `Stop what holds port ${hint.port}, or choose another port.` };
  }
}

/** A hint as a surface shows it: its words, and the surface's own control for it when it has one. */
export function hintOnSurface(hint: ErrorHint, actions: HintActions | undefined): { text: string; control?: { label: string; run(): void } } {
  const words = describeHint(hint);
  const control = words.action === undefined ? undefined : actions?.[words.action];
  return control === undefined ? { text: words.text } : { text: words.text, control };
}
