// Main process bundle (merged by @electron-forge/plugin-vite into its base config, which
// already treats electron and Node's built-ins as external). ESM, because package.json says
// "type": "module". Everything is bundled except better-sqlite3: a native module is loaded
// from node_modules at run time (see electron/desktop/packaged-files.ts).
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'electron/main.ts', formats: ['es'], fileName: () => 'main.js' },
    rollupOptions: {
      external: ['better-sqlite3'],
      output: {
        // CommonJS dependencies bundled into ESM (undici, libsodium) still call require() for
        // Node's built-ins; ESM has no require, so give the bundle one.
        banner: "import { createRequire as __tokenVaultCreateRequire } from 'node:module'; const require = __tokenVaultCreateRequire(import.meta.url);",
      },
    },
    sourcemap: false,
  },
});
