// The renderer build: relative paths (the packaged app loads it from file:), no inline
// scripts or styles (the CSP allows 'self' only), and output in renderer/dist for the
// browser preview, the E2E suite and the packagers.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Inlined assets would become data: URLs in CSS/JS; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'chrome130',
    // zxcvbn-ts's dictionaries are one big lazy chunk loaded only on first run; the app's own code stays small.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', strictPort: true },
});
