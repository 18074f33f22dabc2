/** Why a paste should be confirmed before it reaches the shell, or undefined when it is harmless. */
export type PasteRisk = 'multi-line' | 'control-characters';

/**
 * A newline in pasted text runs a command at once, and an embedded "end of bracketed paste"
 * (ESC [ 2 0 1 ~) or other control characters can break out of a shell's bracketed-paste
 * protection and run text as if typed. Either asks first.
 */
export function pasteRisk(text: string): PasteRisk | undefined {
  const body = text.replace(/\r?\n$/, '');
  if (/[\r\n]/.test(body)) return 'multi-line';
  // Tab is harmless in a paste; anything else below 0x20, DEL and C1 controls are not.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return 'control-characters';
  return undefined;
}

/** A line count and a short preview for the confirmation, with control characters made visible. */
export function describePaste(text: string, maxLines = 8): { lineCount: number; preview: string; isCut: boolean } {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const shown = lines
    .slice(0, maxLines)
    // eslint-disable-next-line no-control-regex -- control characters are what this makes visible
    .map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return { lineCount: lines.length, preview: shown.join('\n'), isCut: lines.length > maxLines };
}
