// The vault's key-derivation worker (electron/vault/kdf-thread.mjs) as its own file beside
// main.js: a Worker loads a file, and main.js is the whole app. hash-wasm is bundled in, as in
// main.js: the packaged app ships no node_modules to load it from. See vault/kdf-worker.ts.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'electron/vault/kdf-thread.mjs', formats: ['es'], fileName: () => 'kdf-thread.js' },
    rollupOptions: {
      external: [/^node:/],
      output: { codeSplitting: false },
    },
    // Forge empties the output folder for its first build only; this one must not remove main.js.
    emptyOutDir: false,
    sourcemap: false,
  },
});
