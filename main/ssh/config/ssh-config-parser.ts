import { AppError } from '../../../shared/errors';

/** Where a directive came from: a line of a config file, or an option given outside one (`Option Port=22`, as words both surfaces can show). */
export type ConfigLocation = { file: string; line: number } | { flag: string };

/** One `Keyword value...` line. */
export interface ConfigLine {
  /** Lower case. */
  keyword: string;
  /** The arguments, split and unquoted like OpenSSH's argv_split (a `#` word ends the line). */
  args: string[];
  /** The text after the keyword as written (ProxyCommand and ProxyJump take it raw, like OpenSSH). */
  rest: string;
  at: ConfigLocation;
}

/** A CONFIG_INVALID naming the file and line (or an INVALID_ARGUMENT naming the flag). */
export function configError(at: ConfigLocation, message: string): AppError {
  if ('flag' in at) {
    return new AppError('INVALID_ARGUMENT', `${at.flag}: ${message}`, { details: { flag: at.flag } });
  }
  return new AppError('CONFIG_INVALID', `${at.file} line ${at.line}: ${message}`, { details: { file: at.file, line: at.line } });
}

/** Lines of an ssh_config file; blank lines and comments are left out. */
export function parseConfigText(text: string, file: string): ConfigLine[] {
  const lines: ConfigLine[] = [];
  text.split('\n').forEach((lineText, index) => {
    const line = parseLine(lineText, { file, line: index + 1 });
    if (line) lines.push(line);
  });
  return lines;
}

/** An option given outside a config file (`-o Key=Value`, a profile's options) as a config line. */
export function parseOptionLine(key: string, value: string): ConfigLine {
  const at = { flag: `Option ${key}=${value}` };
  const line = parseLine(`${key}=${value}`, at);
  if (!line) throw configError(at, 'the option has no keyword.');
  return line;
}

function parseLine(lineText: string, at: ConfigLocation): ConfigLine | undefined {
  // Keyword, then whitespace and/or one '=' (OpenSSH's strdelim), then the value.
  const match = /^[ \t]*([^ \t=]+)[ \t]*(?:=[ \t]*)?(.*)$/.exec(lineText.replace(/[ \t\r\n\f]+$/, ''));
  if (!match || match[1]!.startsWith('#')) return undefined;
  const rest = match[2]!;
  const args = splitArguments(rest);
  if (!args) throw configError(at, 'a quote is not closed.');
  return { keyword: match[1]!.toLowerCase(), args, rest, at };
}

/**
 * OpenSSH's argv_split: words split on blanks; "double" and 'single' quotes group; a backslash
 * escapes a quote, a backslash, or (outside quotes) a space; a word that begins with '#' ends
 * the line. Undefined when a quote is not closed.
 */
export function splitArguments(text: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === ' ' || char === '\t') {
      i++;
      continue;
    }
    if (char === '#') break;
    let word = '';
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const c = text[i]!;
      const next = text[i + 1];
      if (c === '\\' && (next === "'" || next === '"' || next === '\\' || (quote === undefined && next === ' '))) {
        word += next;
        i++;
      } else if (quote === undefined && (c === ' ' || c === '\t')) {
        break;
      } else if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== undefined && c === quote) {
        quote = undefined;
      } else {
        word += c;
      }
    }
    if (quote !== undefined) return undefined;
    args.push(word);
  }
  return args;
}
