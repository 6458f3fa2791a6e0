// Main process bundle (merged by @electron-forge/plugin-vite into its base config, which
// treats electron and the built-ins of the Node that runs the build as external). ESM, because package.json says
// "type": "module". Everything is bundled except better-sqlite3: a native module is loaded
// from node_modules at run time (see electron/desktop/packaged-files.ts).
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: { entry: 'electron/main.ts', formats: ['es'], fileName: () => 'main.js' },
    rollupOptions: {
      // /^node:/: every node: import stays an import for Electron's own Node to resolve, also the
      // ones the building Node does not list (Forge's list is that Node's builtinModules, and
      // Node 20's lacks node:sqlite, node:sea, node:test...), so the bundle does not depend on
      // which Node built it.
      external: ['better-sqlite3', /^node:/],
      output: {
        // One file: the vault loads libsodium on first need (a dynamic import, so the CLI starts
        // fast); in the app it is inlined rather than split into a chunk the package would miss.
        // (Vite 8's Rolldown name for what was `inlineDynamicImports: true`, now deprecated.)
        codeSplitting: false,
        // CommonJS dependencies bundled into ESM (undici, libsodium) still call require() for
        // Node's built-ins; ESM has no require, so give the bundle one.
        banner: "import { createRequire as __tokenVaultCreateRequire } from 'node:module'; const require = __tokenVaultCreateRequire(import.meta.url);",
      },
    },
    sourcemap: false,
  },
});
