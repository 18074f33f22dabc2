import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const ELECTRON_EDGE = /^main\/(index\.ts|app\/|ipc\/|preload\/)/;

describe('dependencies point one way (renderer → shared ← main)', () => {
  it("'electron' is imported only at main's edge (index.ts, app/, ipc/, preload/)", () => {
    const offenders = [...sources('main'), ...sources('shared'), ...sources('renderer')].filter(
      (file) => imports(file).some((name) => name === 'electron' || name.startsWith('electron/')) && !ELECTRON_EDGE.test(file),
    );
    expect(offenders).toEqual([]);
  });

  it('shared/ imports only zod and itself: no Node, no DOM, no main, no renderer', () => {
    const offenders = sources('shared').flatMap((file) =>
      imports(file)
        .filter((name) => name !== 'zod' && !name.startsWith('.'))
        .map((name) => `${file}: ${name}`),
    );
    const escapes = sources('shared').flatMap((file) =>
      imports(file)
        .filter((name) => /\.\.\/\.\.\/(main|renderer)\//.test(name) || /^\.\.\/\.\.\/\.\.\//.test(name))
        .map((name) => `${file}: ${name}`),
    );
    expect([...offenders, ...escapes]).toEqual([]);
  });

  it('renderer/ never imports main/, and main/ never imports renderer/', () => {
    const rendererOffenders = sources('renderer').flatMap((file) =>
      imports(file)
        .filter((name) => /(^|\/)main\//.test(name) && name.startsWith('.'))
        .map((name) => `${file}: ${name}`),
    );
    const mainOffenders = sources('main').flatMap((file) =>
      imports(file)
        .filter((name) => /(^|\/)renderer\//.test(name))
        .map((name) => `${file}: ${name}`),
    );
    expect([...rendererOffenders, ...mainOffenders]).toEqual([]);
  });

  it('the renderer has no Node: no node: modules or Node built-ins', () => {
    const builtins = /^(node:|fs$|path$|child_process$|net$|os$|crypto$|ssh2$)/;
    const offenders = sources('renderer').flatMap((file) =>
      imports(file)
        .filter((name) => builtins.test(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });
});
