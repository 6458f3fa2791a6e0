// Bundles the `tokenvault` CLI so it starts fast (no TypeScript loader at run time).
// Start-up is most of what a short command costs, so:
// - dist/cli.cjs, the bin, is a small CommonJS entry (electron/cli-entry.ts), one file with no
//   static imports but Node's own (each more file is one more read and compile at start): it
//   answers help and the commands the unlocked agent serves by itself, the latter from
//   dist/chunks/fast-agent.cjs, which it requires. CommonJS because Node 20 starts its ESM loader
//   (about 15 ms of CPU) for the first ES module it meets. Every command's help is taken from
//   commander after the full CLI is built and written into it (TOKENVAULT_HELP_JSON).
// - The full CLI (electron/cli.ts: every command's definition, and commander) is
//   dist/chunks/cli.mjs, ES modules, which the entry imports for everything else. The few small
//   modules both use (the agent's client, the context, entry formatting) are in both: nothing
//   crosses between the two but the command line.
// - Pure-JavaScript packages every command needs (commander, zod) are bundled in: resolving
//   and linking their dozens of files at run time costs more than evaluating them.
// - kdbxweb is bundled too, into the chunk that reads a .kdbx (it loads there only): Node's ESM
//   loader scans a CommonJS package for its exports before running it, and for kdbxweb's 320 KB
//   that scan cost more CPU than the package itself, once on the main thread (the header check)
//   and once in the reader's worker.
// - Every other package stays external and loads from node_modules: native and WASM ones
//   (better-sqlite3, libsodium) must, and the rest load only behind a dynamic import.
// - Split, so those dynamic imports (the vault's code, GitLab's HTTP stack, importers,
//   clipboard) become chunks loaded only by the commands that reach them.
// dist/meta.json is esbuild's map of what went where (all three builds, the entry's import of
// the full CLI and require of the fast path written as the dynamic loads they are): a test reads
// it to check that what every command loads at start (cli.cjs and what it imports statically)
// stays light.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BUNDLED = new Set(['commander', 'zod', 'kdbxweb']);
const FULL_CLI = 'dist/chunks/cli.mjs';
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // A package named here is external with all its subpaths (csv-parse/sync too).
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  // kdbxweb's require("crypto") is Node's: named so, it is not taken for a package (pack-cli.mjs).
  alias: { crypto: 'node:crypto' },
  metafile: true,
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });

const full = await build({
  ...common,
  // The KeePass reader's worker thread is its own entry: dist/kdbx-worker.mjs (vault/kdbx-run.ts);
  // so is the master password's key derivation: dist/kdf-thread.mjs (vault/kdf-worker.ts).
  entryPoints: { 'chunks/cli': 'electron/cli.ts', 'kdbx-worker': 'electron/vault/kdbx-worker.ts', 'kdf-thread': 'electron/vault/kdf-thread.mjs' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // commander is CommonJS: bundled into ESM it still require()s Node's built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __tokenVaultCreateRequire } from 'node:module'; const require = __tokenVaultCreateRequire(import.meta.url);",
  },
});

// Every command's help, from commander's own definitions in the full CLI just built.
const { buildProgram, helpTemplates } = await import(pathToFileURL(FULL_CLI).href);
const templates = helpTemplates(buildProgram().program);

const entry = await build({
  ...common,
  // CommonJS, as is the agent's fast path below: Node 20 starts its ESM loader (about 15 ms of
  // CPU) for the first ES module it meets, which help and the agent's commands need not pay.
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  entryPoints: { cli: 'electron/cli-entry.ts' },
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
  // A string literal holding JSON: JSON.parse reads it faster than V8 parses the same object as code.
  define: { TOKENVAULT_HELP_JSON: JSON.stringify(JSON.stringify(templates)) },
  plugins: [
    {
      name: 'chunks-beside',
      setup(esbuild) {
        // The entry's `import('./cli')` is the full CLI built above (ES modules), and its
        // `require('./cli/fast-agent')` the agent's fast path built below (CommonJS): files of
        // their own, loaded only when reached.
        esbuild.onResolve({ filter: /^\.\/cli(\/fast-agent)?$/ }, (args) =>
          args.importer.endsWith('cli-entry.ts') ? { path: args.path === './cli' ? './chunks/cli.mjs' : './chunks/fast-agent.cjs', external: true } : undefined,
        );
      },
    },
  ],
});

// The agent's fast path, with the few small modules it shares with the full CLI (the agent's
// client, the context, entry formatting) bundled in: one CommonJS file to require, not a chain of chunks.
const fastAgent = await build({
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  entryPoints: { 'chunks/fast-agent': 'electron/cli/fast-agent.ts' },
  outdir: 'dist',
});

// dist/cli.mjs, the entry's name before it became CommonJS, still runs it: scripts, the checkout's
// `npm run tokenvault` and git configurations written with that path keep working.
writeFileSync('dist/cli.mjs', "#!/usr/bin/env node\n// The CLI's entry is dist/cli.cjs (scripts/build-cli.mjs says why); this name still runs it.\nimport './cli.cjs';\n");

const outputs = { ...full.metafile.outputs, ...entry.metafile.outputs, ...fastAgent.metafile.outputs };
const cli = outputs['dist/cli.cjs'];
const staticImports = cli.imports.filter((i) => i.kind !== 'dynamic-import' && !i.path.startsWith('node:') && i.path !== './chunks/fast-agent.cjs');
if (staticImports.length) throw new Error(`build-cli: dist/cli.cjs should import nothing but Node's built-ins at start, not ${staticImports.map((i) => i.path).join(', ')}.`);
cli.imports = cli.imports.map((i) => (i.path.startsWith('./chunks/') ? { path: `dist/${i.path.slice(2)}`, kind: 'dynamic-import' } : i));
const fastImports = outputs['dist/chunks/fast-agent.cjs'].imports.filter((i) => !i.external);
if (fastImports.length) throw new Error(`build-cli: the agent's fast path should be one file, not import ${fastImports.map((i) => i.path).join(', ')}.`);
writeFileSync('dist/meta.json', JSON.stringify({ inputs: { ...full.metafile.inputs, ...entry.metafile.inputs, ...fastAgent.metafile.inputs }, outputs }));
