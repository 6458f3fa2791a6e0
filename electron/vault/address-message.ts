// Kept apart from types.ts so the CLI's start-up (which must not load zod) can use it too.
/**
 * An address as a message may quote it: at most 200 characters, and never what sits before an
 * "@" in it — exports carry `https://oauth2:glpat-…@host` addresses, and that part is a token.
 */
export function addressForMessage(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, (_, scheme: string | undefined) => `${scheme ?? ''}…@`).slice(0, 200);
}
