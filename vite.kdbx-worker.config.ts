// The KeePass reader's worker thread (electron/vault/kdbx-worker.ts) as its own file beside
// main.js: a Worker loads a file, and main.js is the whole app. Self-contained like main.js
// (kdbxweb and hash-wasm bundled in; only node: stays an import). See vault/kdbx-run.ts.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'electron/vault/kdbx-worker.ts', formats: ['es'], fileName: () => 'kdbx-worker.js' },
    rollupOptions: {
      external: [/^node:/],
      output: {
        codeSplitting: false,
        banner: "import { createRequire as __tokenVaultCreateRequire } from 'node:module'; const require = __tokenVaultCreateRequire(import.meta.url);",
      },
    },
    // Forge empties the output folder for its first build only; this one must not remove main.js.
    emptyOutDir: false,
    sourcemap: false,
  },
});
