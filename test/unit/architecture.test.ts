import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXCEPTIONS, LAYERS, SUBLAYERS } from '../../eslint/layers.mjs';

// What may import what is a lint rule (eslint/layers.mjs, test/unit/lint/layers.test.ts). What
// the linter cannot say is checked here: that the table covers the tree and holds nothing stale,
// and that the compiler sees each area with only the globals it may use.

const named = LAYERS.flat();

function entriesOf(dir: string): string[] {
  return readdirSync(dir).map((name) => `${dir}/${name}`);
}

function sources(dir: string): string[] {
  return entriesOf(dir).flatMap((path) => (statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(path) ? [path] : []));
}

/** Relative imports of a file, resolved to paths from the repository root without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((match) =>
    relative('.', resolve(dirname(file), match[1]!))
      .split('\\')
      .join('/'),
  );
}

describe('the layer table of main/ (eslint/layers.mjs)', () => {
  it('names every folder and file directly under main/, so nothing new slips past the lint rule', () => {
    expect(entriesOf('main').filter((path) => !named.includes(path))).toEqual([]);
  });

  it('names every folder inside the folders it orders', () => {
    for (const [folder, inner] of Object.entries(SUBLAYERS)) {
      const names = inner.flat();
      expect(entriesOf(folder).filter((path) => !names.includes(path.slice(folder.length + 1)))).toEqual([]);
      expect(names.filter((name) => !existsSync(join(folder, name)))).toEqual([]);
    }
  });

  it('names nothing that is gone', () => {
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
  });

  it('keeps an exception only while the import it excuses is still there', () => {
    const isExcused = (target: string, to: string): boolean => {
      const bare = to.replace(/\.tsx?$/, '');
      return target === bare || target.startsWith(`${bare}/`);
    };
    const stale = EXCEPTIONS.filter(({ from, to }) => !sources(from).some((file) => importsOf(file).some((target) => isExcused(target, to))));
    expect(stale.map(({ from, to, until }) => `${from} → ${to} is no longer imported: delete it from EXCEPTIONS (${until})`)).toEqual([]);
  });
});

describe('each area compiles with only what it may use', () => {
  const compilerOptions = (path: string): { lib?: string[]; types?: string[] } => JSON.parse(readFileSync(path, 'utf8')).compilerOptions;

  it('shared/ has neither Node types nor the DOM', () => {
    expect(compilerOptions('shared/tsconfig.json')).toMatchObject({ types: [], lib: ['ES2023'] });
  });

  it('renderer/ has the DOM and no Node types', () => {
    const options = compilerOptions('renderer/tsconfig.json');
    expect(options.types).toEqual([]);
    expect(options.lib).toContain('DOM');
  });

  it('npm run typecheck checks both areas with their own settings', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.typecheck).toContain('tsc -p shared/tsconfig.json');
    expect(scripts.typecheck).toContain('tsc -p renderer/tsconfig.json');
  });
});
