/**
 * Characters a server's text must not carry to a terminal or a page, where they would act instead
 * of being read: C0 and C1 controls (escape sequences that move the cursor, set the title or fake
 * our own messages; a carriage return that overwrites a line), and the Unicode characters that
 * reorder or hide what is shown: bidi embeddings, overrides and isolates (U+202A–202E,
 * U+2066–2069), bidi marks (U+200E/200F, U+061C), zero-width and invisible formatting (U+200B–200D,
 * U+2060–2065, U+FEFF), and the line and paragraph separators (U+2028/2029) that some terminals
 * and editors treat as new lines. Tab and newline stay.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Makes server-supplied text safe to show, in the CLI and the renderer alike: every unsafe
 * character becomes a visible escape (`\x1b`, `\u202e`).
 */
export function sanitizeUntrusted(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Server text labelled with the hop it came from, one prefixed line per line. */
export function labelUntrusted(hop: string, text: string): string {
  const lines = sanitizeUntrusted(text).replace(/\n+$/, '').split('\n');
  return lines.map((line) => `[${hop}] ${line}`).join('\n');
}
