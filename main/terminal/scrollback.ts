/** What main keeps of a terminal's output for a window that comes back: about 1 MiB. */
export const SCROLLBACK_CHARS = 1024 * 1024;

/**
 * The last output of a terminal, bounded: a reloaded or reconnected window draws it into a fresh
 * terminal before the live output goes on. The oldest is dropped first, from a line start where
 * there is one, and never between the two halves of a character.
 */
export class Scrollback {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly limit = SCROLLBACK_CHARS) {}

  push(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const oldest = this.chunks[0]!;
      const excess = this.size - this.limit;
      if (oldest.length <= excess) {
        this.chunks.shift();
        this.size -= oldest.length;
        continue;
      }
      const kept = trimStart(oldest, excess);
      this.chunks[0] = kept;
      this.size -= oldest.length - kept.length;
    }
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }
}

/** `text` without at least its first `count` characters: from the next line if one starts soon, never inside a surrogate pair. */
function trimStart(text: string, count: number): string {
  const newline = text.indexOf('\n', count);
  let at = newline >= 0 && newline - count < 4096 ? newline + 1 : count;
  const code = text.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) at++;
  return text.slice(at);
}
