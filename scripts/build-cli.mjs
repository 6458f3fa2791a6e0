// Bundles the `tokenvault` CLI into ESM so it starts fast (no TypeScript loader at run time).
// Start-up is most of what a command answered by the agent costs, so:
// - Pure-JavaScript packages every command needs (commander, zod) are bundled in: resolving
//   and linking their dozens of files at run time costs more than evaluating them.
// - Every other package stays external and loads from node_modules: native and WASM ones
//   (better-sqlite3, libsodium) must, and the rest load only behind a dynamic import.
// - Split, so those dynamic imports (the vault's code, GitLab's HTTP stack, importers,
//   clipboard) become chunks loaded only by the commands that reach them.
// dist/meta.json is esbuild's map of what went where: a test reads it to check that what
// every command loads at start (cli.mjs and the chunks it imports statically) stays light.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['commander', 'zod']);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

const result = await build({
  // The KeePass reader's worker thread is its own entry: dist/kdbx-worker.mjs (vault/kdbx-run.ts);
  // so is the master password's key derivation: dist/kdf-thread.mjs (vault/kdf-worker.ts).
  entryPoints: { cli: 'electron/cli.ts', 'kdbx-worker': 'electron/vault/kdbx-worker.ts', 'kdf-thread': 'electron/vault/kdf-thread.mjs' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // A package named here is external with all its subpaths (csv-parse/sync too).
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  banner: {
    // commander is CommonJS: bundled into ESM it still require()s Node's built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __tokenVaultCreateRequire } from 'node:module'; const require = __tokenVaultCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
