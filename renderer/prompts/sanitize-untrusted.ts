/**
 * Makes server text harmless to show: control characters and the Unicode bidi/invisible
 * formatting characters (which can reorder or hide what is displayed) become visible escapes.
 * React already escapes markup.
 */
export function sanitizeUntrusted(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
