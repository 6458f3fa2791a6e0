// The renderer session's rules: no permission is ever granted (camera, notifications,
// clipboard-read, geolocation, ... none is needed by a page that only talks IPC), every
// response to the page carries our CSP, and the page may not fetch from anywhere but its own
// origin (and the dev server in development), whatever the CSP says.
import type { Session } from 'electron';

export interface SessionPolicyOptions {
  /** Headers added to every response the renderer receives (csp.ts). */
  securityHeaders: Record<string, string>;
  /** URL prefixes the renderer may request: our scheme, plus the dev server in development. */
  allowedUrlPrefixes: string[];
}

type PolicySession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
};

/** Whether the renderer may request `url`. devtools: is Chromium's own UI (DevTools in development); data: never leaves the machine. */
export function isAllowedRendererRequest(url: string, allowedUrlPrefixes: string[]): boolean {
  if (url.startsWith('devtools://') || url.startsWith('data:')) return true;
  return allowedUrlPrefixes.some((prefix) => url.startsWith(prefix));
}

export function applySessionPolicy(session: PolicySession, options: SessionPolicyOptions): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The page has nothing to download; exports are written by the main process after a save dialog.
  session.on('will-download', (event) => event.preventDefault());

  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRendererRequest(details.url, options.allowedUrlPrefixes) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    // Drop any CSP a server sent (the dev server sends none) so ours is the one in force.
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    for (const [name, value] of Object.entries(options.securityHeaders)) responseHeaders[name] = [value];
    callback({ responseHeaders });
  });
}
