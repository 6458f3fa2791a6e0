// Which stored token git gets for a URL. Pure: entries and the per-instance defaults in, one
// entry (or a reason for none) out. git asks with protocol, host (with port) and, when
// credential.useHttpPath is set, the repository path; we answer only for a token whose
// instance is that protocol://host (and URL root, for a GitLab served under a path).
import type { EntryOverview } from '../vault/types';
import { entryStatus } from '../reminders/status';
import type { Credential } from './protocol';

/** Tokens that belong to one project or group: with the repository path, they answer only for theirs. */
const SCOPED_KINDS = new Set<string>(['project', 'group', 'deploy']);

/** Scopes that let a token speak Git over HTTPS. A token with known scopes and none of these would only be refused. */
const GIT_SCOPES = new Set(['api', 'read_repository', 'write_repository']);

export type GitMatch = { kind: 'one'; entry: EntryOverview } | { kind: 'none' } | { kind: 'ambiguous'; names: string[]; instance: string };

interface InstanceParts {
  protocol: string;
  host: string;
  /** The URL root without slashes at either end: '' for most GitLabs, 'gitlab' for https://example.com/gitlab. */
  root: string;
  key: string;
}

function instanceParts(instance: string): InstanceParts | null {
  try {
    const url = new URL(instance);
    const root = url.pathname.replace(/^\/+|\/+$/g, '');
    return { protocol: url.protocol.replace(/:$/, ''), host: url.host.toLowerCase(), root, key: instance };
  } catch {
    return null;
  }
}

/**
 * instanceParts, worked out once per distinct address: ten thousand tokens share a handful of
 * instances, and parsing a URL for every one of them was most of the agent's own time in
 * answering git.
 */
function partsReader(): (instance: string) => InstanceParts | null {
  const known = new Map<string, InstanceParts | null>();
  return (instance) => {
    let parts = known.get(instance);
    if (parts === undefined) known.set(instance, (parts = instanceParts(instance)));
    return parts;
  };
}

/** git's host may carry the default port; URL.host never does. */
export function normaliseGitHost(protocol: string, host: string): string {
  const lower = host.toLowerCase();
  if (protocol === 'https' && lower.endsWith(':443')) return lower.slice(0, -4);
  if (protocol === 'http' && lower.endsWith(':80')) return lower.slice(0, -3);
  return lower;
}

/**
 * The path as a server would read it, or null when it could climb out of where it seems to be:
 * "." or ".." segments (git sends the path as the URL has it, and "%2e%2e", in any case or
 * encoded twice, is ".." to the server), a backslash (a separator to some servers) or an
 * encoded slash. Such a path gets no token: it could name a URL root's neighbour.
 */
export function plainPath(path: string): string | null {
  let decoded = path;
  for (let round = 0; round < 4 && /%[0-9a-f]{2}/i.test(decoded); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return null;
    }
  }
  if (/%[0-9a-f]{2}/i.test(decoded) || decoded.includes('\\') || /[\u0000-\u001f]/.test(decoded)) return null;
  if (decoded !== path && decoded.split('/').length !== path.split('/').length) return null; // an encoded "/"
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) return null;
  return decoded;
}

/** "group/sub/project.git" (minus the URL root) → "group/sub/project"; null when the path is not plainly under the root. */
function projectPath(path: string, root: string): string | null {
  const plain = plainPath(path);
  if (plain === null) return null;
  const clean = plain.replace(/^\/+|\/+$/g, '');
  if (root) {
    if (clean !== root && !clean.startsWith(`${root}/`)) return null;
    return clean.slice(root.length).replace(/^\/+/, '').replace(/\.git$/i, '');
  }
  return clean.replace(/\.git$/i, '');
}

/** A project or group token's own path, when GitLab told us (numeric ids cannot be matched to a path). */
function targetPath(entry: EntryOverview): string | null {
  const target = entry.gitlab.target;
  if (!target || /^\d+$/.test(target)) return null;
  return target.replace(/^\/+|\/+$/g, '').toLowerCase();
}

const usableForGit = (entry: EntryOverview, now: Date) => {
  const status = entryStatus(entry, now);
  if (status === 'revoked' || status === 'expired') return false;
  // GitLab refused it (a failed verify, or git's "erase" after a 401): not again until a verify
  // says it works or it is replaced, so git reaches its next helper or its prompt.
  if (entry.gitlab.active === false) return false;
  return entry.scopes.length === 0 || entry.scopes.some((s) => GIT_SCOPES.has(s));
};

/** Every entry stored for that protocol://host (and URL root, when the path says), usable or not. */
export function entriesForHost(entries: EntryOverview[], credential: Credential): EntryOverview[] {
  const host = normaliseGitHost(credential.protocol, credential.host);
  const partsOf = partsReader();
  return entries.filter((entry) => {
    const parts = entry.instance ? partsOf(entry.instance) : null;
    if (!parts || parts.protocol !== credential.protocol || parts.host !== host) return false;
    return credential.path === undefined || projectPath(credential.path, parts.root) !== null;
  });
}

export function matchCredential(entries: EntryOverview[], defaults: Record<string, string>, credential: Credential, now = new Date()): GitMatch {
  const host = normaliseGitHost(credential.protocol, credential.host);
  const wantedUser = credential.username?.trim() || null;
  const candidates: { entry: EntryOverview; parts: InstanceParts; project: string | null }[] = [];
  const partsOf = partsReader();
  for (const entry of entries) {
    if (!entry.instance) continue;
    const parts = partsOf(entry.instance);
    if (!parts || parts.protocol !== credential.protocol || parts.host !== host) continue;
    const project = credential.path === undefined ? null : projectPath(credential.path, parts.root);
    if (credential.path !== undefined && project === null) continue; // another GitLab under another root of this host
    if (!usableForGit(entry, now)) continue;
    // git asks for this user (the URL named one, or git remembers one): a token answers only if
    // it is known to be that user's — or, its user unknown, for the name we would answer with.
    if (wantedUser && wantedUser !== gitUsername(entry)) continue;
    candidates.push({ entry, parts, project });
  }
  if (candidates.length === 0) return { kind: 'none' };

  // With the repository path, a GitLab under a URL root (https://host/gitlab) owns the paths
  // under it: a token of the host's top-level instance is no answer for them when one exists.
  const deepest = Math.max(...candidates.map((c) => c.parts.root.length));
  const owners = credential.path === undefined ? candidates : candidates.filter((c) => c.parts.root.length === deepest);

  // With the repository path (credential.useHttpPath), a project or group token for it wins,
  // the most specific first; tokens of other projects are no use there.
  let pool = owners;
  if (credential.path !== undefined) {
    const scored = owners.map((c) => {
      const target = targetPath(c.entry);
      const project = (c.project ?? '').toLowerCase();
      const covers = target !== null && (project === target || project.startsWith(`${target}/`));
      return { ...c, target, covers };
    });
    const covering = scored.filter((c) => c.covers).sort((a, b) => b.target!.length - a.target!.length);
    if (covering.length > 0) {
      const best = covering.filter((c) => c.target!.length === covering[0]!.target!.length);
      if (best.length === 1) return { kind: 'one', entry: best[0]!.entry };
      pool = best;
    } else {
      // Only tokens that may open any project: a project, group or deploy token whose own path
      // is unknown (never verified, or known by number only) answers for no path at all.
      pool = scored.filter((c) => c.target === null && !SCOPED_KINDS.has(c.entry.kind));
      if (pool.length === 0) return { kind: 'none' };
    }
  }

  const instance = pool[0]!.parts.key;
  // Without a path, instances under several roots of one host may all answer; each may have its default.
  const byDefault = pool.filter((c) => defaults[c.parts.key] === c.entry.id);
  if (byDefault.length === 1) return { kind: 'one', entry: byDefault[0]!.entry };
  if (pool.length === 1) return { kind: 'one', entry: pool[0]!.entry };
  // Several could answer and none is marked: a personal token is the usual choice for git.
  const personal = pool.filter((c) => c.entry.kind === 'personal');
  if (personal.length === 1) return { kind: 'one', entry: personal[0]!.entry };
  return { kind: 'ambiguous', names: pool.map((c) => c.entry.name).sort(), instance };
}

/** What git should send as the user name: the deploy token's or the GitLab user's name when known, else one GitLab accepts for any access token. */
export function gitUsername(entry: EntryOverview): string {
  return entry.gitlab.username || 'oauth2';
}

/** git 2.41+ drops a credential after this instant (seconds since the epoch, UTC). */
export function expiryUtc(entry: EntryOverview): number | null {
  return entry.expiresAt ? Math.floor(Date.parse(`${entry.expiresAt}T00:00:00Z`) / 1000) : null;
}
