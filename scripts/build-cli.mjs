// Bundles the `tokenvault` CLI into one ESM file so it starts fast (no TypeScript loader at
// run time). Native and WASM-heavy packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
