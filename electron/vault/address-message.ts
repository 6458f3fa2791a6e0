// Kept apart from types.ts so the CLI's start-up (which must not load zod) can use it too.
/**
 * An address as a message may quote it: at most 200 characters, and nothing before the last "@"
 * in it — exports carry `https://oauth2:glpat-…@host` addresses, and that part is a token. The
 * last "@", not the first before a "/": a password may hold "/", "#", "?", "@" or a space, and an
 * address that does not parse cannot say where its credentials end.
 */
export function addressForMessage(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at < 0) return raw.slice(0, 200);
  const scheme = /^\s*([a-z][a-z0-9+.-]*:[/\\]+)/i.exec(raw)?.[1] ?? '';
  return `${scheme}…@${raw.slice(at + 1)}`.slice(0, 200);
}
