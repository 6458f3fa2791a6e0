// The renderer's Content-Security-Policy. The renderer needs no network at all: it talks to
// the main process over IPC only. So production allows our own files and nothing else; in
// development it may also reach the Vite dev server (HMR websocket) and nothing more.
import { createHash } from 'node:crypto';

/**
 * @vitejs/plugin-react injects this inline module script into the dev page (React Fast
 * Refresh). Rather than 'unsafe-inline', the dev policy allows exactly this script by hash;
 * tests/unit/desktop-csp.test.ts fails if the plugin changes it.
 */
export const REACT_REFRESH_PREAMBLE = `import { injectIntoGlobalHook } from "/@react-refresh";
injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;`;

function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(options: { devServerOrigin: string | null }): string {
  const dev = options.devServerOrigin;
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': dev ? ["'self'", scriptHash(REACT_REFRESH_PREAMBLE)] : ["'self'"],
    // Vite's dev server injects imported CSS as <style> elements; the production build
    // links it as files, so only development needs inline styles.
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': dev ? [dev, dev.replace(/^http/, 'ws')] : ["'none'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'none'"],
    'manifest-src': ["'none'"],
    'media-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every renderer response carries, whichever transport served it. */
export function rendererSecurityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}
