// The one door from the app to the user's browser. Links the renderer asks for (a GitLab
// "new token" page, a token's settings page) go through here; everything else is refused.
// A URL is opened only if it is https, carries no credentials, and its host (and port) is one
// of the GitLab instances the user configured.

export type OpenExternal = (url: string) => Promise<void>;

export interface OpenExternalGuardOptions {
  /** Electron's shell.openExternal (injected so tests can watch it). */
  openExternal: OpenExternal;
  /** Origins of the configured GitLab instances, e.g. "https://gitlab.example.com"; read at call time. */
  allowedOrigins: () => Iterable<string> | Promise<Iterable<string>>;
}

/** Why a URL was refused, in words for the person at the keyboard; null when it may open. */
export function externalUrlProblem(rawUrl: string, allowedOrigins: Iterable<string>): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'That is not a web address.';
  }
  if (url.protocol !== 'https:') return 'Only https:// addresses are opened in the browser.';
  if (url.username || url.password) return 'Addresses with a user name or password in them are not opened.';
  const allowed = new Set<string>();
  for (const origin of allowedOrigins) {
    try {
      const parsed = new URL(origin);
      if (parsed.protocol === 'https:') allowed.add(parsed.origin);
    } catch {
      // A malformed configured instance simply allows nothing.
    }
  }
  if (!allowed.has(url.origin)) return `${url.host} is not one of your GitLab instances.`;
  return null;
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
