// The Electron security gate (npm run lint + npm run check:electron) must fail on every way of
// weakening a window we could think of. electronegativity alone passed a `sandbox: false`
// spread into webPreferences; ESLint's webPreferences rules (eslint.config.js) close that.
// One electronegativity scan covers all variants (one file each) and the packaging configs.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, scan, stageSources } from '../../scripts/electronegativity-gate.mjs';

const root = join(__dirname, '..', '..');

/** How each variant writes its window; every one of them must fail the gate. */
const VARIANTS: Record<string, string> = {
  'sandbox: false spread from a literal': 'webPreferences: { ...{ sandbox: false }, contextIsolation: true, nodeIntegration: false }',
  'unsafe options spread from a variable': 'webPreferences: { ...unsafe, contextIsolation: true }',
  'conditional spread': 'webPreferences: { ...(flag ? { webSecurity: false } : {}), sandbox: true }',
  'computed string key': "webPreferences: { ['sandbox']: false, contextIsolation: true }",
  'computed variable key': 'webPreferences: { [key]: false, contextIsolation: true }',
  'computed template key': 'webPreferences: { [`node${suffix}`]: true, contextIsolation: true }',
  'quoted key': "webPreferences: { 'sandbox': false, contextIsolation: true }",
  'quoted webPreferences': "'webPreferences': { ...unsafe }",
  'webPreferences from a variable': 'webPreferences: unsafe',
  'shorthand webPreferences': 'webPreferences',
  'webPreferences from a function': 'webPreferences: build()',
  'flag from an expression': 'webPreferences: { sandbox: !flag, contextIsolation: true }',
  'sandbox: false': 'webPreferences: { sandbox: false, contextIsolation: true }',
  'contextIsolation: false': 'webPreferences: { contextIsolation: false, sandbox: true }',
  'nodeIntegration: true': 'webPreferences: { nodeIntegration: true, sandbox: true, contextIsolation: true }',
  'nodeIntegrationInWorker: true': 'webPreferences: { nodeIntegrationInWorker: true, sandbox: true, contextIsolation: true }',
  'webSecurity: false': 'webPreferences: { webSecurity: false, sandbox: true, contextIsolation: true }',
  'allowRunningInsecureContent: true': 'webPreferences: { allowRunningInsecureContent: true, sandbox: true, contextIsolation: true }',
  'experimentalFeatures: true': 'webPreferences: { experimentalFeatures: true, sandbox: true, contextIsolation: true }',
  'webviewTag: true': 'webPreferences: { webviewTag: true, sandbox: true, contextIsolation: true }',
  'enableBlinkFeatures': "webPreferences: { enableBlinkFeatures: 'CSSVariables', sandbox: true, contextIsolation: true }",
};

/** Changes after construction: whole statements. */
const STATEMENTS: Record<string, string> = {
  'webPreferences replaced afterwards': 'options.webPreferences = unsafe;',
  'a flag changed afterwards': 'options.webPreferences.sandbox = false;',
  'Object.assign afterwards': 'Object.assign(options.webPreferences, { sandbox: false });',
  '--no-sandbox switch': "app.commandLine.appendSwitch('no-sandbox');",
  'disable-web-security switch': "app.commandLine.appendSwitch('disable-web-security');",
};

const fileName = (label: string) => `unsafe-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.ts`;
const windowFile = (props: string) =>
  `import { BrowserWindow, app } from 'electron';\ndeclare const unsafe: object, flag: boolean, key: string, suffix: string, build: () => object;\nvoid app;\nexport const win = new BrowserWindow({ width: 800, ${props} });\n`;
const statementFile = (statement: string) =>
  `import { BrowserWindow, app, type BrowserWindowConstructorOptions } from 'electron';\ndeclare const unsafe: object;\nconst options: BrowserWindowConstructorOptions = { webPreferences: { sandbox: true, contextIsolation: true } };\n${statement}\nexport const win = new BrowserWindow(options);\nvoid app;\n`;
const sources: Record<string, string> = {
  ...Object.fromEntries(Object.entries(VARIANTS).map(([label, props]) => [label, windowFile(props)])),
  ...Object.fromEntries(Object.entries(STATEMENTS).map(([label, statement]) => [label, statementFile(statement)])),
};

let stage: string;
let blockingFiles: Set<string>;
// The gate's rule (no-restricted-syntax) reads syntax only. The type-aware rules need a file in the
// TypeScript project, and these snippets are linted as text under names that are not: without
// this the parser stops at "not in the project" and no rule runs at all.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ['electron/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});
const lintMessages = async (label: string) => {
  const [result] = await eslint.lintText(sources[label]!, { filePath: join(root, 'electron', 'desktop', fileName(label)) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
};

beforeAll(async () => {
  stage = stageSources();
  for (const [label, source] of Object.entries(sources)) writeFileSync(join(stage, 'electron', 'desktop', fileName(label)), source);
  // The packaging configs are scanned too: a switch slipped into either must fail the gate.
  for (const config of ['forge.config.ts', 'electron-builder.config.js']) {
    writeFileSync(join(stage, config), `${readFileSync(join(stage, config), 'utf8')}\nrequire('electron').app.commandLine.appendSwitch('no-sandbox');\n`);
  }
  const { rows, errors } = await scan(stage);
  const { blocking, unparsed } = judge(rows, errors);
  expect(unparsed).toEqual([]);
  blockingFiles = new Set(blocking.map((row) => row.filename.replaceAll('\\', '/')));
}, 120_000);

afterAll(() => rmSync(stage, { recursive: true, force: true }));

describe('the Electron security gate', () => {
  it.each(Object.keys(sources))('fails on %s', async (label) => {
    const lint = await lintMessages(label);
    const scanned = blockingFiles.has(`electron/desktop/${fileName(label)}`);
    expect(lint.length > 0 || scanned, `${label}: neither ESLint nor electronegativity flagged it`).toBe(true);
  });

  it('ESLint catches the spreads and computed keys electronegativity cannot read', async () => {
    for (const label of ['sandbox: false spread from a literal', 'unsafe options spread from a variable', 'conditional spread', 'computed string key', 'computed variable key', 'computed template key', 'webPreferences from a variable', 'flag from an expression']) {
      expect(await lintMessages(label), label).not.toEqual([]);
    }
  });

  it('scans forge.config.ts and the electron-builder config', () => {
    expect(blockingFiles).toContain('forge.config.ts');
    expect(blockingFiles).toContain('electron-builder.config.js');
  });

  it("passes the app's own window (the real tree is what npm test gates)", async () => {
    const [result] = await eslint.lintFiles([join(root, 'electron', 'desktop', 'window-options.ts')]);
    expect(result!.messages).toEqual([]);
    expect([...blockingFiles].filter((file) => !file.includes('/unsafe-') && !file.startsWith('forge.config') && !file.startsWith('electron-builder'))).toEqual([]);
  });
});

