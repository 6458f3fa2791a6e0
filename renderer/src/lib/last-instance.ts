// The GitLab address used last for a new token, remembered on this computer (the page's own
// storage: an address, never a token), so "Add an existing token" and the wizard start there
// instead of at gitlab.com every time. Without one: the address most stored tokens use.
import type { Entry } from '../../../electron/api';

const KEY = 'tokenvault.lastInstance';

export function rememberInstance(instance: string | null | undefined): void {
  const value = instance?.trim();
  if (!value) return;
  try {
    localStorage.setItem(KEY, value.slice(0, 2048));
  } catch {
    // Storage refused (full, or disabled): the next dialog starts at the usual address instead.
  }
}

function lastInstance(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The address to start from: the last one used here, else the one most stored tokens use, else gitlab.com. */
export function startingInstance(entries: readonly Entry[]): string {
  const last = lastInstance();
  if (last) return last;
  const counts = new Map<string, number>();
  for (const e of entries) if (e.instance) counts.set(e.instance, (counts.get(e.instance) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'https://gitlab.com';
}
