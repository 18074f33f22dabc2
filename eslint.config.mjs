// @ts-check
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './eslint/plugin.mjs';

// Rules about correctness only: the layout of the code is Prettier's (npm run format:check), so no
// stylistic rule is enabled here. Not typed linting: tsc already checks the types (npm run
// typecheck), and type-aware rules cost more than they find here (72 s against 44 s on 2 cores).
export default tseslint.config(
  { ignores: ['out/', 'build/', 'dist/', 'test-results/', 'node_modules/', 'renderer/public/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, local },
    settings: {
      // import-x reads the imported files too (no-cycle): TypeScript's parser for .ts, and a resolver that tries .ts first.
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })],
    },
    rules: {
      // A leading _ marks what is deliberately unused: an ignored parameter, or a property taken
      // out of an object so that the rest can be passed on.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-cycle': 'error',
      'import-x/first': 'error',
      'import-x/newline-after-import': 'error',
      // The table of what may import what is eslint/layers.mjs.
      'local/layers': 'error',
      'local/boundaries': 'error',
    },
  },
  { files: ['main/**', 'test/**', 'bench/**', 'scripts/**', 'eslint/**', '*.{ts,mjs,js}'], languageOptions: { globals: globals.node } },
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...Object.fromEntries(Object.keys(reactHooks.configs['recommended-latest'].rules).map((rule) => [rule, 'error'])),
      // The React Compiler's rules: the build does not use the compiler; these two ask for rewrites
      // that would change when the UI sees a value, so they are off.
      'react-hooks/refs': 'off', // hooks keep the latest callback in a ref written during render; an effect would write it one commit late
      'react-hooks/set-state-in-effect': 'off', // a few inputs copy a prop into local state in an effect; deriving it in render changes editing behaviour
    },
  },
  {
    files: ['test/**'],
    rules: {
      'no-regex-spaces': 'off', // tests match printed columns, where "  " reads better than " {2}"
    },
  },
);
