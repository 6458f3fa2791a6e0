// Where the renderer comes from. One place, because the window, the protocol handler, the
// CSP and the IPC sender check must all agree on it.

/** Custom scheme serving the built renderer in production (registered standard + secure). */
export const RENDERER_SCHEME = 'tokenvault';
export const RENDERER_HOST = 'app';
/** The production origin; the only one whose frames may call the vault API. */
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/**
 * Where the renderer is loaded from this run: the Vite dev server in development (its URL
 * comes from Forge's vite plugin), our own scheme otherwise. The dev server must be local:
 * a remote dev URL would hand the vault API to whoever serves it.
 */
export function rendererLocation(devServerUrl: string | undefined): { url: string; origin: string; devServerOrigin: string | null } {
  if (!devServerUrl) return { url: RENDERER_ENTRY_URL, origin: RENDERER_ORIGIN, devServerOrigin: null };
  const dev = new URL(devServerUrl);
  const local = dev.hostname === 'localhost' || dev.hostname === '127.0.0.1' || dev.hostname === '[::1]';
  if (dev.protocol !== 'http:' || !local) {
    throw new Error(`The development renderer must be served from http://localhost, not ${dev.origin}.`);
  }
  return { url: dev.href, origin: dev.origin, devServerOrigin: dev.origin };
}
