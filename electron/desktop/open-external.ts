// The one door from the app to the user's browser. Links the renderer asks for (a GitLab
// "new token" page, a token's settings page) go through here; everything else is refused.
// A URL is opened only if it is https (or plain http to this machine, isLoopbackHost: the rule
// instance URLs follow everywhere else in the app), carries no credentials, and lies on one of
// the GitLab instances the user configured: same scheme, host and port, and under the instance's
// relative URL root when it has one ("https://example.com/gitlab" allows "/gitlab/…", not the
// rest of that host).
import { isLoopbackHost } from '../vault/types';

export type OpenExternal = (url: string) => Promise<void>;

export interface OpenExternalGuardOptions {
  /** Electron's shell.openExternal (injected so tests can watch it). */
  openExternal: OpenExternal;
  /** The configured GitLab instances, e.g. "https://gitlab.example.com" or "https://example.com/gitlab"; read at call time. */
  allowedOrigins: () => Iterable<string> | Promise<Iterable<string>>;
}

/** https anywhere, plain http only to this machine (a local GitLab or the emulator). */
function isAcceptableScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Why a URL was refused, in words for the person at the keyboard; null when it may open. */
export function externalUrlProblem(rawUrl: string, allowedOrigins: Iterable<string>): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'That is not a web address.';
  }
  if (!isAcceptableScheme(url)) return 'Only https:// addresses (or http:// on this computer) are opened in the browser.';
  if (url.username || url.password) return 'Addresses with a user name or password in them are not opened.';
  let sameHost = false;
  for (const instance of allowedOrigins) {
    let parsed: URL;
    try {
      parsed = new URL(instance);
    } catch {
      continue; // A malformed configured instance simply allows nothing.
    }
    if (!isAcceptableScheme(parsed) || parsed.origin !== url.origin) continue;
    sameHost = true;
    const root = parsed.pathname.replace(/\/+$/, '');
    if (!root || url.pathname === root || url.pathname.startsWith(`${root}/`)) return null;
  }
  if (sameHost) return `${url.host}${url.pathname} is outside the GitLab instances you use on ${url.host}.`;
  return `${url.host} is not one of your GitLab instances.`;
}

/** Returns a function that opens allowed URLs and rejects the rest with a plain message. */
export function createOpenExternalGuard(options: OpenExternalGuardOptions): (url: string) => Promise<void> {
  return async (url: string) => {
    const problem = externalUrlProblem(url, await options.allowedOrigins());
    if (problem) throw new Error(problem);
    // Re-serialised, so what the OS receives is exactly what was checked.
    await options.openExternal(new URL(url).href);
  };
}
