// Lint is mostly here to hold the layers of design.md in place (as VS Code's code-layering
// rule does): a file's folder says what it may import, and the build fails when it doesn't.
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only electron/desktop, main.ts and preload.ts may import Electron.' };
const sqliteOnly = { name: 'better-sqlite3', message: 'Only electron/vault talks to SQLite.' };
const networkModules = ['undici', 'node:http', 'node:https', 'node:net', 'node:tls', 'http', 'https', 'net', 'tls'].map(
  (name) => ({ name, message: 'This layer has no network access; only electron/gitlab does.' }),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vite/**', 'artifacts/**', 'renderer/dist/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS on purpose: electron-builder's config must be able to require() them.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/vault/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, ...networkModules] }] },
  },
  {
    files: ['electron/gitlab/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, sqliteOnly], patterns: [{ group: ['**/vault/*', '!**/vault/types'], message: 'gitlab/ knows no storage; it may use only the vault types.' }] }] },
  },
  {
    files: ['electron/reminders/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronOnly, sqliteOnly, ...networkModules, { name: 'node:fs', message: 'reminders/ is pure: no I/O.' }, { name: 'fs', message: 'reminders/ is pure: no I/O.' }],
      }],
    },
  },
  {
    files: ['electron/cli.ts', 'electron/cli/**/*.ts', 'electron/api.ts', 'electron/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts', 'renderer/preview/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [electronOnly, sqliteOnly, { name: 'libsodium-wrappers-sumo', message: 'The renderer never holds keys.' }],
        patterns: [
          { group: ['**/electron/*', '!**/electron/api'], message: 'The renderer knows only the contract in electron/api.ts.' },
          { group: ['**/electron/api'], allowTypeImports: true, message: 'The renderer may import only types from electron/api.ts.' },
          { group: ['node:*'], message: 'The renderer runs sandboxed: no Node modules.' },
        ],
      }],
    },
  },
);
