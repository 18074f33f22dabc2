/**
 * OpenSSH's match_pattern(): `*` is any run of characters and `?` one; everything else, brackets
 * and dots included (as in `[host]:2222`), is literal and case-sensitive. No regular expression: a
 * line of a hostile or broken file may hold a pattern far past what one can be built from.
 */
export function matchesWildcard(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
