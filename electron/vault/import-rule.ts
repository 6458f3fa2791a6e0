// One rule for every import format (KeePass database, CSV, JSON): what counts as a GitLab
// token. A GitLab token prefix (glpat-, gldt-…), the routable shape newer GitLab gives tokens
// under an instance's own prefix (token-shape.ts), or any secret filed under a GitLab address
// (an admin may set a custom prefix, and older tokens have none). Everything else — a bank
// password, an AWS key under console.aws.amazon.com — is not taken by default: the CLI leaves
// it out unless --all, the app lists it unticked with the reason.

import { passwordShape } from './import-secrets';
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
  // A token is one word: words without one are a passphrase, even under a GitLab address (a
  // GitLab login); a token among words is one (the readers refuse it: import-secrets.ts).
  const shape = passwordShape(secret);
  if (shape !== 'word') return shape === 'token-among-words';
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
 * Free text from an import (notes, titles, user names, descriptions, group paths) with no user
 * name and password of any address and no GitLab token left in it, whatever the address looks
 * like. Three passes:
 * 1. each URL ("scheme:" then a slash, up to the next space) loses its credentials as the URL
 *    field does (withoutCredentials), or is left out when it cannot be parsed;
 * 2. any run of non-space text (Unicode spaces too) with a ":" before an "@" — "user:password@"
 *    with or without a scheme or slashes, glued to the word before it ("1.https://…") — keeps only
 *    what follows its last "@" (so does a run with an "@" after a run ending ":text", a password split by
 *    a space); a run with a ":" that ends at a space just before an "@" is left
 *    out whole (a password split by U+3000 or a tab). An e-mail address (no ":" before its "@")
 *    is kept;
 * 3. any run holding a GitLab token prefix (glpat-, GR1348941…) is left out whole.
 * `removed`/`dropped` as before; `token`: pass 3 cut something.
 */
export function urlsWithoutCredentials(text: string): { text: string; removed: boolean; dropped: boolean; token: boolean } {
  let removed = false;
  let dropped = false;
  let out = text;
  if (out.includes('@')) {
    out = out.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:[/\\]\S*/gi, (run) => {
      if (!run.includes('@')) return run;
      const facts = withoutCredentials(run);
      removed ||= facts.removed;
      dropped ||= facts.dropped;
      return facts.dropped ? URL_LEFT_OUT : facts.url;
    });
    const runs = [...out.matchAll(/\S+/gu)].map((m) => ({ at: m.index, text: m[0], kept: m[0] }));
    runs.forEach((run, i) => {
      const previous = runs[i - 1];
      const at = run.text.lastIndexOf('@');
      // The run before ends "user:part-of-a-password" (a password split by a space or tab:
      // "https://oauth2:glpat-AB<TAB>CD@host"): both lose what comes before the "@".
      const split = previous !== undefined && !previous.text.includes('@') && /:[^\s/@]+$/u.test(previous.text);
      if (at > 0 && !isPlainUrlPath(run.text, at) && (run.text.slice(0, at).includes(':') || split)) {
        removed = true;
        run.kept = run.text.slice(at + 1);
        if (split && !run.text.slice(0, at).includes(':')) previous.kept = '';
        return;
      }
      SPACE_THEN_AT.lastIndex = run.at + run.text.length;
      if (run.text.includes(':') && SPACE_THEN_AT.test(out)) {
        removed = true;
        run.kept = '';
      }
    });
    let rebuilt = '';
    let from = 0;
    for (const run of runs) {
      rebuilt += out.slice(from, run.at) + run.kept;
      from = run.at + run.text.length;
    }
    out = rebuilt + out.slice(from);
  }
  const cut = withoutTokens(out);
  return { text: cut.text, removed, dropped, token: cut.token };
}

/**
 * "https://gitlab.com/@bob": a run that starts "scheme://", parses with no user name and password,
 * and has no ":" between its host (and port) and its last "@" — the "@" is in a path, not after a
 * password.
 */
function isPlainUrlPath(run: string, at: number): boolean {
  const start = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\@]*/i.exec(run);
  if (!start || start[0].length > at || run.slice(start[0].length, at).includes(':')) return false;
  const facts = withoutCredentials(run);
  return !facts.removed && !facts.dropped;
}

/** Spaces (Unicode ones too) then "@", at lastIndex. */
const SPACE_THEN_AT = /\s+@/uy;

/** GitLab's token prefixes in any text, with the runner registration one and older ones (GitLab's own list). */
const TOKEN_TEXT_PREFIXES = [...new Set<string>([...GITLAB_TOKEN_PREFIXES, 'gltst-', 'GR1348941'])];
// Prefixes are letters, digits and "-": no escaping needed. Tested per run (linear in the text).
const TOKEN_IN = new RegExp(TOKEN_TEXT_PREFIXES.join('|'));

/** Text without any run of non-space text holding a GitLab token prefix (defence in depth: a token never reaches a field that is not sealed). */
export function withoutTokens(text: string): { text: string; token: boolean } {
  let token = false;
  if (!TOKEN_IN.test(text)) return { text, token };
  const out = text.replace(/\S+/gu, (run) => {
    if (!TOKEN_IN.test(run)) return run;
    token = true;
    return TOKEN_LEFT_OUT;
  });
  return { text: out, token };
}

/** Stands in the text for a token-like run that was left out. */
export const TOKEN_LEFT_OUT = '(a token-like text was left out)';

/**
 * A URL-only field (KeePass URL, JSON instance) as it may be kept: withoutCredentials, and left
 * out whole when what remains still holds a "user:password@" run or a token-like text (a URL
 * with one in its path or query: cutting it would change the address).
 */
export function urlFieldWithoutCredentials(raw: string): { url: string; removed: boolean; dropped: boolean; token: boolean } {
  const facts = withoutCredentials(raw);
  if (facts.dropped || !facts.url) return { ...facts, token: false };
  const rest = urlsWithoutCredentials(facts.url);
  if (rest.token) return { url: '', removed: facts.removed, dropped: false, token: true };
  if (rest.text !== facts.url) return { url: '', removed: facts.removed, dropped: true, token: false };
  return { ...facts, token: false };
}

/** The plan's lines for one field: urlFieldNote's, and "a token-like text in <field> was left out". */
export function fieldNotes(where: string, field: string, facts: { removed: boolean; dropped: boolean; token?: boolean }, inText = false): string[] {
  const notes: string[] = [];
  const url = urlFieldNote(`${where}, ${field}`, facts, inText);
  if (url) notes.push(url);
  if (facts.token) notes.push(`${where}: a token-like text in ${field} was left out`);
  return notes;
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
