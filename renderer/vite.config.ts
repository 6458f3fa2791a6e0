// The renderer build: relative paths (the packaged app loads it from file:), no inline
// scripts or styles (the CSP allows 'self' only), and output in renderer/dist for the
// browser preview, the E2E suite and the packagers.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * In development the main process sends the dev CSP as a header (electron/desktop/csp.ts),
 * which allows the <style> tags Vite injects; the page's own strict meta policy would still
 * block them, since both apply. So the dev server drops the meta tag; builds keep it.
 */
const devDropsMetaCsp: Plugin = {
  name: 'dev-drops-meta-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, ''),
};

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devDropsMetaCsp],
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
