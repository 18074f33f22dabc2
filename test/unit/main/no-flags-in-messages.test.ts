import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The window has no command line, so no text main produces for it may name a flag (`-v`,
 * `--resume`, `-J`, `-o …`): what to do next goes in the error's hint, which the CLI says with its
 * flags and the window with words and buttons. This reads every string and template literal of
 * main/ (outside cli/) and shared/: messages are built in many ways (a helper's argument, a table of
 * reasons, a confirmation's text), and a literal is where each of them starts.
 */
const ROOTS = ['main', 'shared'];
const CLI = 'main/cli/';
/** A word starting with - or -- after a space, a bracket or a quote: ` -v`, `(-J)`, `'--resume`. */
const FLAG = /(?:^|[\s(["'`“])(--?[A-Za-z][\w-]*)/g;

/** Literals that are not text for a person, each with why (file → the flags it may hold). */
const NOT_MESSAGES: Record<string, { flags: string[]; why: string }> = {
  'main/bridge/web.ts': { flags: ['--port', '--host', '--no-open'], why: 'the `npm run web` launcher parses and names its own command line' },
  'main/sftp/protocol/remote-hash.ts': { flags: ['-sha256', '-r'], why: 'the hash command run on the server' },
  'main/ssh/connect/proxy-transport.ts': { flags: ['-c'], why: 'the argv of /bin/sh running a ProxyCommand' },
  'main/ssh/connect/algorithms.ts': { flags: ['-cbc', '-etm'], why: 'suffixes of algorithm names' },
  'main/sftp/protocol/local-file-system.ts': { flags: ['-n'], why: 'the source of a worker thread (`-n - 1` is arithmetic)' },
  'main/keys/authorized-keys-install.ts': { flags: ['-r', '-f', '-n', '-p', '-s', '-c', '-v', '-F'], why: 'the sh program that adds a key on the host' },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every flag-looking word in the literals of a source text, with its line. */
export function flagsInLiterals(fileName: string, text: string): { line: number; flag: string; literal: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { line: number; flag: string; literal: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    let parts: string[] = [];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) parts = [node.text];
    else if (ts.isTemplateExpression(node)) parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    for (const part of parts) {
      for (const match of part.matchAll(FLAG)) {
        found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, flag: match[1]!, literal: part.slice(0, 120) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('messages for the window name no command-line flags', () => {
  it('finds flags in a planted message, and not in comments or ordinary words', () => {
    const planted = [
      '// Run with -v: a comment is not a message.',
      "throw new AppError('HANDSHAKE_FAILED', `The handshake with ${hop} failed. Run with -v for details.`);",
      "const reason = 'the copy stopped (use --resume)';",
      "const fine = 'a non-interactive, well-known C->S cipher; -1 is a number';",
    ].join('\n');
    expect(flagsInLiterals('planted.ts', planted).map((hit) => hit.flag)).toEqual(['-v', '--resume']);
  });

  it('main outside cli/, and shared/, have none', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const root of ROOTS) {
      for (const file of sourceFiles(resolve(root))) {
        const name = relative(resolve('.'), file).split('\\').join('/');
        if (name.startsWith(CLI)) continue;
        scanned++;
        const allowed = NOT_MESSAGES[name]?.flags ?? [];
        for (const hit of flagsInLiterals(name, readFileSync(file, 'utf8'))) {
          if (!allowed.includes(hit.flag)) offenders.push(`${name}:${hit.line}: ${hit.flag} in "${hit.literal}"`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
