// Preload bundle: one CommonJS file (a sandboxed preload cannot import modules), named .cjs
// so Node's "type": "module" never mistakes it for ESM.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
    sourcemap: false,
  },
});
