// Bundles the `tokenvault` CLI into one ESM file so it starts fast (no TypeScript loader at
// run time). Native and WASM-heavy packages stay external and load from node_modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'electron/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  // Split so that dynamic imports (GitLab's HTTP stack, .ics, clipboard) load only when used.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
