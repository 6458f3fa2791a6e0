// Lint is mostly here to hold the layers of design.md in place (as VS Code's code-layering
// rule does): a file's folder says what it may import, and the build fails when it doesn't.
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only electron/desktop, main.ts and preload.ts may import Electron.' };
const sqliteOnly = { name: 'better-sqlite3', message: 'Only electron/vault talks to SQLite.' };
const networkModules = ['undici', 'node:http', 'node:https', 'node:net', 'node:tls', 'http', 'https', 'net', 'tls'].map(
  (name) => ({ name, message: 'This layer has no network access; only electron/gitlab does.' }),
);

// webPreferences must be a literal object with plain keys and literal security flags, so that what
// a reader (and electronegativity, which reads only literal properties) sees is what Electron gets.
// electronegativity passed `webPreferences: { ...{ sandbox: false } }`; these close that gap.
const webPreferences = ":matches(Property[key.name='webPreferences'], Property[key.value='webPreferences'])";
const securityFlags = /^(sandbox|contextIsolation|nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|webSecurity|allowRunningInsecureContent|webviewTag|experimentalFeatures|enableBlinkFeatures|preload|safeDialogs|navigateOnDragDrop|devTools)$/;
const webPreferencesRules = [
  { selector: `${webPreferences} > ObjectExpression > SpreadElement`, message: 'No spreads in webPreferences: write every option out, so the scanner and reviewers see what Electron gets.' },
  { selector: `${webPreferences} > ObjectExpression > Property[computed=true]`, message: 'No computed keys in webPreferences: write every option out as a plain name.' },
  { selector: `${webPreferences} > ObjectExpression > Property[key.type='Literal']`, message: 'Write webPreferences keys as plain names, not strings.' },
  { selector: ":matches(Property[key.name='webPreferences'], Property[key.value='webPreferences'])[value.type!='ObjectExpression']", message: 'webPreferences must be an object literal at the BrowserWindow call, not a value built elsewhere.' },
  { selector: `${webPreferences} > ObjectExpression > Property[key.name=${securityFlags}][value.type!='Literal']:not([key.name='preload']):not([key.name='devTools'])`, message: 'Security flags in webPreferences are written as literal true/false.' },
  { selector: `${webPreferences} > ObjectExpression > Property[key.name=/^(sandbox|contextIsolation|webSecurity|safeDialogs)$/][value.value=false]`, message: 'Token Vault keeps this protection on.' },
  { selector: `${webPreferences} > ObjectExpression > Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|webviewTag|experimentalFeatures|navigateOnDragDrop)$/][value.value=true]`, message: 'Token Vault keeps this feature off.' },
  { selector: `${webPreferences} > ObjectExpression > Property[key.name='enableBlinkFeatures']`, message: 'No extra Blink features in Token Vault.' },
  { selector: "AssignmentExpression > MemberExpression.left[property.name='webPreferences']", message: 'Do not replace webPreferences after the fact; write them at the BrowserWindow call.' },
  { selector: "AssignmentExpression > MemberExpression.left[object.property.name='webPreferences']", message: 'Do not change webPreferences after the fact; write them at the BrowserWindow call.' },
  { selector: "CallExpression[callee.object.name='Object'][callee.property.name=/^(assign|defineProperty|defineProperties)$/] > MemberExpression.arguments[property.name='webPreferences']", message: 'Do not change webPreferences after the fact; write them at the BrowserWindow call.' },
  { selector: "CallExpression[callee.property.name=/^append(Switch|Argument)$/] > Literal[value=/sandbox|web-security|disable-site-isolation|remote-debugging|inspect/]", message: 'This switch weakens Chromium\'s isolation; Token Vault never passes it.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vite/**', 'artifacts/**', 'renderer/dist/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts', 'forge.config.ts', '*.cjs', 'vite.*.config.ts'],
    rules: { 'no-restricted-syntax': ['error', ...webPreferencesRules] },
  },
  {
    // Type-aware: a promise nobody awaits or handles loses its error (an unhandled rejection ends
    // the CLI or agent) and its ordering; one passed where a plain callback is expected does too.
    files: ['electron/**/*.ts', 'renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Not yet for the renderer's async handlers in JSX attributes (onClick={save}): 23 of them,
    // each to be checked for a rejection it leaves unhandled before it is wrapped.
    files: ['renderer/src/**/*.tsx'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
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
    // The agent serves the vault on a socket for the app and the headless agent alike: no Electron, no SQLite of its own.
    files: ['electron/agent/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, sqliteOnly] }] },
  },
  {
    // Sync carries sealed replicas through a folder or the system git (a child process): no Electron, no SQLite of its own, no sockets.
    files: ['electron/sync/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, sqliteOnly, ...networkModules] }] },
  },
  {
    // Team vaults sit on sync: identities, signed member lists, checking replicas before sync reads them. Same limits as sync.
    files: ['electron/team/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, sqliteOnly, ...networkModules] }] },
  },
  {
    // Quick unlock's logic is plain Node (the OS keychain and prompt come in as a port): no Electron, no SQLite, no network.
    files: ['electron/quick-unlock/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly, sqliteOnly, ...networkModules] }] },
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
