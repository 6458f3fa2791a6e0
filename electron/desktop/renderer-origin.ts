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

/**
 * Whether an IPC sender frame's URL is our renderer. Production: exactly our scheme and host
 * (a non-special scheme has no URL.origin to compare, so compare its parts). Development:
 * the dev server's origin, by ipc.ts's isTrustedSender.
 */
export function isRendererFrameUrl(
  url: string | null | undefined,
  location: { origin: string; devServerOrigin: string | null },
  isTrustedSender: (url: string | null | undefined, origin: string) => boolean,
): boolean {
  if (location.devServerOrigin) return isTrustedSender(url, location.devServerOrigin);
  if (typeof url !== 'string' || url.length > 8192) return false;
  let sender: URL;
  try {
    sender = new URL(url);
  } catch {
    return false;
  }
  return sender.protocol === `${RENDERER_SCHEME}:` && sender.host === RENDERER_HOST && !sender.username && !sender.password;
}
