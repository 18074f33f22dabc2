/**
 * Makes server-supplied text safe to print: a banner or prompt must not be able to move the
 * cursor, change the title or fake our own messages, so control characters become visible.
 */
export function sanitizeUntrusted(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Server text labelled with the hop it came from, one prefixed line per line. */
export function labelUntrusted(hop: string, text: string): string {
  const lines = sanitizeUntrusted(text).replace(/\n+$/, '').split('\n');
  return lines.map((line) => `[${hop}] ${line}`).join('\n');
}
