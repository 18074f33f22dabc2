import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = resolve('renderer');
const SHARED = resolve('shared');
/** What the renderer may take from npm; everything else it needs comes from shared/. */
const ALLOWED_PACKAGES = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'lucide-react', 'zod', '@fontsource/jetbrains-mono', '@xterm/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

/** renderer → shared, never main, never Node or Electron: the renderer runs sandboxed. */
describe('the renderer boundary', () => {
  const files = sourceFiles(RENDERER);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports only renderer/, shared/ and browser packages', () => {
    const offences: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          if (!target.startsWith(RENDERER) && !target.startsWith(SHARED)) offences.push(`${relative('.', file)} → ${specifier}`);
        } else if (!ALLOWED_PACKAGES.some((allowed) => specifier === allowed || specifier.startsWith(allowed.endsWith('/') ? allowed : `${allowed}/`))) {
          offences.push(`${relative('.', file)} → ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });
});
