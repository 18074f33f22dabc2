/**
 * Decides which typed input may be written to a recording. Terminals do not tell us when the
 * remote side turned echo off, so input that follows a prompt that asks for a secret
 * (password, passphrase, PIN, one-time code) is masked until Enter.
 */
const SECRET_PROMPT = /(pass(word|phrase)|pin|one[- ]time|otp|verification code|token)[^\n]*[:?]\s*$/i;

export class InputMasker {
  private lastOutputLine = '';
  private isMasking = false;

  sawOutput(text: string): void {
    const lines = (this.lastOutputLine + text).split(/\r?\n|\r/);
    this.lastOutputLine = (lines[lines.length - 1] ?? '').slice(-200);
    this.isMasking = SECRET_PROMPT.test(this.lastOutputLine);
  }

  /** The input as it may be recorded. */
  mask(text: string): string {
    if (!this.isMasking) return text;
    let out = '';
    for (const char of text) {
      if (char === '\r' || char === '\n') {
        out += char;
        this.isMasking = false;
      } else out += this.isMasking ? '*' : char;
    }
    return out;
  }
}
