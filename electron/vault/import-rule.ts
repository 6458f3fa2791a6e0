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

/** "scheme://user:password@" (or "user:password@" without a scheme): the part of a URL that carries credentials. */
const USERINFO = /^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?)[^/?#@\s]*@/i;

/**
 * A URL as it may be stored and shown: without the user name and password some tools keep in it
 * (https://oauth2:glpat-…@gitlab.example.com). A secret there would sit in the description in
 * clear, shown by list and show with no release logged, and no duplicate check would see it.
 */
export function withoutCredentials(raw: string): { url: string; removed: boolean } {
  return USERINFO.test(raw) ? { url: raw.replace(USERINFO, '$1'), removed: true } : { url: raw, removed: false };
}

/** How the description says that credentials were taken out of a URL (never what they were). */
export const CREDENTIALS_LEFT_OUT = '(a user name and password in it were left out)';

function parseUrl(raw: string): URL | null {
  const text = raw.trim();
  if (!text) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
}
