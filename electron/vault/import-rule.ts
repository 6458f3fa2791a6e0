// One rule for every import format (KeePass database, CSV, JSON): what counts as a GitLab
// token. A GitLab token prefix (glpat-, gldt-…), the routable shape newer GitLab gives tokens
// under an instance's own prefix (token-shape.ts), or any secret filed under a GitLab address
// (an admin may set a custom prefix, and older tokens have none). Everything else — a bank
// password, an AWS key under console.aws.amazon.com — is not taken by default: the CLI leaves
// it out unless --all, the app lists it unticked with the reason.

import { tokenShape } from './token-shape';

/** GitLab's token prefixes (shared/gitlab-api.md); admins may change the PAT one, hence the address rule. */
export const GITLAB_TOKEN_PREFIXES = [
  'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'gloas-', 'glagent-', 'glimt-', 'glsoat-', 'glwt-', 'glffct-',
] as const;

/** Why an entry is not taken by default (the app's table and the CLI say it). */
export const NOT_GITLAB_REASON = 'not a GitLab token: no GitLab prefix such as glpat-, and no GitLab address';

/** `gitlabUrl`: isGitLabUrl, or a caller's cached answer of it (an import parses each URL once). */
export function isTokenLike(record: { password: string; url: string }, gitlabUrl: (url: string) => boolean = isGitLabUrl): boolean {
  const secret = record.password.trim();
  // tokenShape: a known prefix, or the routable shape under an instance's own prefix.
  return GITLAB_TOKEN_PREFIXES.some((p) => secret.startsWith(p)) || tokenShape(secret) !== null || gitlabUrl(record.url);
}

/** A URL on a host named like GitLab (gitlab.com, gitlab.example.com) or with GitLab's "/-/" routes. */
export function isGitLabUrl(raw: string): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  return url.hostname.split('.').some((label) => label.includes('gitlab')) || /\/-(\/|$)/.test(url.pathname);
}

/** "scheme://user:password@" (or "user:password@" without a scheme): up to the last "@" before the path, as URL parsers read it. */
const USERINFO = /^(\s*(?:[a-z][a-z0-9+.-]*:[/\\]+)?)[^/\\?#\s]*@/i;

/**
 * Every way a URL field may be read: as written when it names a scheme ("https:/u:p@host" is a
 * URL with credentials to WHATWG, slashes or not), and with https:// before it when it does not
 * start "scheme://" (KeePass fields often hold "gitlab.example.com" or "oauth2:glpat-…@host").
 * null for a reading that does not parse.
 */
function readings(text: string): (URL | null)[] {
  const out: (URL | null)[] = [];
  const tryUrl = (value: string) => {
    try {
      return new URL(value);
    } catch {
      return null;
    }
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) out.push(tryUrl(text));
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) out.push(tryUrl(`https://${text}`));
  return out;
}

const hasUserinfo = (url: URL) => url.username !== '' || url.password !== '';

/**
 * A URL from an import as it may be stored and shown: without the user name and password some
 * tools keep in it (https://oauth2:glpat-…@gitlab.example.com). A secret there would sit in the
 * description in clear, shown by list and show with no release logged, synced in overviews and
 * exported, and no duplicate check would see it. `dropped`: text with an "@" that some reading
 * cannot parse (a port out of range, a space or "/" in the password…): where its credentials
 * end cannot be told, so none of it is kept (url is "").
 */
export function withoutCredentials(raw: string): { url: string; removed: boolean; dropped: boolean } {
  const text = raw.trim();
  // Credentials in a URL end at an "@": text without one has none.
  if (!text.includes('@')) return { url: text, removed: false, dropped: false };
  const parsed = readings(text);
  if (parsed.some((url) => url === null)) return { url: '', removed: false, dropped: true };
  const withCredentials = (parsed as URL[]).find(hasUserinfo);
  if (!withCredentials) return { url: text, removed: false, dropped: false };
  // The text as written without its credentials, when every reading of that agrees it has none
  // and names the same host; otherwise the parser's own spelling without them.
  const cut = text.replace(USERINFO, '$1');
  const cutReadings = readings(cut);
  const agrees = cutReadings.every((url) => url !== null && !hasUserinfo(url) && url.host === withCredentials.host);
  if (agrees) return { url: cut, removed: true, dropped: false };
  withCredentials.username = '';
  withCredentials.password = '';
  return { url: withCredentials.href, removed: true, dropped: false };
}

/** How the description says that credentials were taken out of a URL (never what they were). */
export const CREDENTIALS_LEFT_OUT = '(a user name and password in it were left out)';

/**
 * What the import plan says of a field whose URL lost its credentials, or was left out whole
 * (`inText`: a URL inside free text, such as notes). Names the field, never the text.
 */
export function urlFieldNote(field: string, facts: { removed: boolean; dropped: boolean }, inText = false): string | null {
  const unparsed = 'it has an "@" but does not parse as a URL, so where a user name and password in it end cannot be told';
  if (facts.dropped) return inText ? `${field}: a URL in it was left out (${unparsed})` : `${field} left out: ${unparsed}`;
  if (facts.removed) return `${field}: a user name and password in ${inText ? 'a URL in it' : 'it'} were left out`;
  return null;
}

/** Stands in the text for a URL that was left out whole. */
export const URL_LEFT_OUT = '(a URL was left out)';

/**
 * Free text from an import (notes, titles, descriptions) with the same rule for each URL in it
 * ("scheme:" then a slash, up to the next space): credentials taken out, a URL that cannot be
 * parsed left out. `removed`/`dropped` say whether any was.
 */
export function urlsWithoutCredentials(text: string): { text: string; removed: boolean; dropped: boolean } {
  if (!text.includes('@')) return { text, removed: false, dropped: false };
  let removed = false;
  let dropped = false;
  const out = text.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:[/\\]\S*/gi, (run) => {
    if (!run.includes('@')) return run;
    const facts = withoutCredentials(run);
    removed ||= facts.removed;
    dropped ||= facts.dropped;
    return facts.dropped ? URL_LEFT_OUT : facts.url;
  });
  return { text: out, removed, dropped };
}

function parseUrl(raw: string): URL | null {
  const text = raw.trim();
  if (!text) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
}
