/**
 * The project's own lint rules: the layers of main/ and the boundaries of the whole tree, both read
 * from the one table in layers.mjs. Loaded by eslint.config.mjs as the `local` plugin.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOW, ELECTRON_EDGE, EXCEPTIONS, LAYERS, RENDERER_PACKAGES, SHARED_PACKAGES, SUBLAYERS } from './layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION = /\.(ts|tsx|mts|js|mjs|cjs)$/;

/** A path from the repository root, with / and without its extension: main/ssh/connect/transport. */
function fromRoot(absolute) {
  return relative(ROOT, absolute).split(sep).join('/').replace(EXTENSION, '');
}

function isUnder(path, folder) {
  const bare = folder.replace(EXTENSION, '');
  return path === bare || path.startsWith(`${bare}/`);
}

/** Calls `check(node, specifier)` for every module a file names: imports, re-exports, import(), import types. */
function eachImport(check) {
  const fromSource = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: fromSource,
    ExportNamedDeclaration: fromSource,
    ExportAllDeclaration: fromSource,
    ImportExpression: fromSource,
    TSImportType(node) {
      const literal = node.argument?.literal ?? node.argument;
      if (literal && typeof literal.value === 'string') check(literal, literal.value);
    },
  };
}

/** The layer of a path in a table of layers, or undefined when the table does not name it. */
function placeIn(layers, path, prefix = '') {
  for (const [index, folders] of layers.entries()) {
    const folder = folders.find((name) => isUnder(path, prefix + name));
    if (folder) return { index, folder: prefix + folder };
  }
  return undefined;
}

function describeLayers(layers) {
  return layers.map((folders) => folders.join(', ')).join(' < ');
}

/** Why `from` may not import `to` (both places in `layers`), or undefined when it may. */
function refusal(layers, from, to) {
  if (from.folder === to.folder || from.index > to.index) return undefined;
  if (ALLOW.some(([importer, imported]) => importer === from.folder && imported === to.folder)) return undefined;
  return `${from.folder} may not import ${to.folder} (layers: ${describeLayers(layers)})`;
}

/** A rule that reports problems, takes no options, and checks each file with `create`. */
function problemRule(description, create) {
  return { meta: { type: 'problem', docs: { description }, schema: [] }, create };
}

const layers = problemRule('main/ is built in layers: a folder imports only folders on lower layers (eslint/layers.mjs)', (context) => {
  const file = fromRoot(context.filename);
  if (!file.startsWith('main/')) return {};
  const from = placeIn(LAYERS, file);
  return eachImport((node, specifier) => {
    if (!specifier.startsWith('.')) return;
    const target = fromRoot(resolve(dirname(context.filename), specifier));
    if (!target.startsWith('main/')) return;
    if (EXCEPTIONS.some((exception) => isUnder(file, exception.from) && isUnder(target, exception.to))) return;
    const to = placeIn(LAYERS, target);
    const unknown = !from ? file : !to ? target : undefined;
    if (unknown) return context.report({ node, message: `${unknown} is in no layer of eslint/layers.mjs: add its folder to the table` });
    const problem = refusal(LAYERS, from, to) ?? refusalInside(from, file, to, target);
    if (problem) context.report({ node, message: problem });
  });
});

/** The same rule among the subfolders of one folder (SUBLAYERS). */
function refusalInside(from, file, to, target) {
  const inner = SUBLAYERS[from.folder];
  if (from.folder !== to.folder || !inner) return undefined;
  const prefix = `${from.folder}/`;
  const innerFrom = placeIn(inner, file, prefix);
  const innerTo = placeIn(inner, target, prefix);
  if (!innerFrom || !innerTo) return `${!innerFrom ? file : target} is in no layer of ${from.folder} in eslint/layers.mjs: add its folder to the table`;
  return refusal(
    inner.map((folders) => folders.map((name) => prefix + name)),
    innerFrom,
    innerTo,
  );
}

function isPackage(specifier, allowed) {
  return allowed.some((name) => (name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`)));
}

function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

/** renderer → shared ← main, and 'electron' only at main's Electron edge. */
function boundaryProblem(file, specifier, target) {
  const area = file.split('/')[0];
  if (area === 'main') {
    if (target?.startsWith('renderer/')) return 'main/ never imports renderer/: the window talks to main only through the contract in shared/ipc';
    if ((specifier === 'electron' || specifier.startsWith('electron/')) && !ELECTRON_EDGE.some((edge) => isUnder(file, edge)))
      return `'electron' is imported only in ${ELECTRON_EDGE.join(', ')}: pass an Electron capability in through a constructor`;
    return undefined;
  }
  if (area === 'shared') {
    if (target !== undefined) return target.startsWith('shared/') ? undefined : `shared/ imports only shared/ and ${SHARED_PACKAGES.join(', ')}, not ${target}`;
    return isPackage(specifier, SHARED_PACKAGES)
      ? undefined
      : `shared/ imports only shared/ and ${SHARED_PACKAGES.join(', ')}: no Node, no DOM, no other package ('${specifier}')`;
  }
  if (area === 'renderer') {
    if (target !== undefined)
      return target.startsWith('renderer/') || target.startsWith('shared/') ? undefined : `renderer/ imports only renderer/ and shared/, not ${target}`;
    if (isNodeBuiltin(specifier)) return `the renderer has no Node: '${specifier}' is not available in the sandboxed window`;
    return isPackage(specifier, RENDERER_PACKAGES)
      ? undefined
      : `renderer/ imports only renderer/, shared/ and ${RENDERER_PACKAGES.join(', ')} ('${specifier}')`;
  }
  return undefined;
}

const boundaries = problemRule("renderer → shared ← main; shared imports only zod; 'electron' only at main's Electron edge (eslint/layers.mjs)", (context) => {
  const file = fromRoot(context.filename);
  return eachImport((node, specifier) => {
    const target = specifier.startsWith('.') ? fromRoot(resolve(dirname(context.filename), specifier)) : undefined;
    const problem = boundaryProblem(file, specifier, target);
    if (problem) context.report({ node, message: problem });
  });
});

// ESLint's cache keys on the plugin's name and version: a version that follows the rules and the
// table makes an edit to either re-lint every file, not only the files that changed.
const version = createHash('sha256')
  .update(readFileSync(new URL('./plugin.mjs', import.meta.url)))
  .update(readFileSync(new URL('./layers.mjs', import.meta.url)))
  .digest('hex')
  .slice(0, 12);

export default { meta: { name: 'local', version }, rules: { layers, boundaries } };
