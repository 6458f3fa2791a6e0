// What a program on the socket must not change unasked: which token git gets, and which token
// `tokenvault run|show|copy NAME` gets. Rather than ask "is this act one of the dangerous
// ones?", the agent works out both answers before and after any change it is asked for (on the
// planned state: socket-plan.ts) and compares them. Pure: overviews and git defaults in, the
// answers that would change out.
//
// git's answer is matchCredential's (git-match.ts), asked the way git could ask: for every host
// a changed token (or a changed default) lives at, without a path (git's default) and with every
// path that tells the tokens there apart (credential.useHttpPath), without a user name and with
// each one a token there would answer to. Paths: a path's answer depends only on which URL roots
// it lies under (the deepest decides) and which project or group paths cover it, so one path per
// root and per covering target (plus one that no target covers) stands for every other.
// Times: git's answer changes only where a token there expires, so it is compared now and at each
// future expiry of a token there (before or after the act): an act whose swap takes effect
// tomorrow is asked today, when it is made.
import { entryExpiryInstant } from '../reminders/expiry';
import type { EntryOverview } from '../vault/types';
import { normaliseName } from '../vault/entry-codec';
import { gitUsername, matchCredential, normaliseGitHost } from './git-match';
import type { Credential } from './protocol';

export interface AnswerState {
  /** Live tokens (the Trash is not asked). */
  entries: readonly EntryOverview[];
  gitDefaults: Record<string, string>;
}

/** One question and its answer before and after: token ids (none, or several for an ambiguous name). */
export interface AnswerChange {
  /** 'git' or 'name' (run, show, copy). */
  asker: 'git' | 'name';
  /** For git: the URL as git would ask for it; for a name: the name. */
  question: string;
  before: EntryOverview[];
  after: EntryOverview[];
  /** git: names of the tokens that left git with none because several were unpicked. */
  unpicked: string[];
}

/** A path segment no token's path is, standing for every path that no target covers. */
const FRESH = 'tokenvault-any-other-path';

interface Parts {
  protocol: string;
  host: string;
  root: string;
}

function partsOf(instance: string | null): Parts | null {
  if (!instance) return null;
  try {
    const url = new URL(instance);
    return { protocol: url.protocol.replace(/:$/, ''), host: url.host.toLowerCase(), root: url.pathname.replace(/^\/+|\/+$/g, '') };
  } catch {
    return null;
  }
}

const hostKey = (p: Parts) => `${p.protocol}://${p.host}`;

/** A token's project or group path as git-match reads it, or null. */
function targetOf(entry: EntryOverview): string | null {
  const target = entry.gitlab.target;
  if (!target || /^\d+$/.test(target)) return null;
  return target.replace(/^\/+|\/+$/g, '').toLowerCase();
}

const join = (a: string, b: string) => (a && b ? `${a}/${b}` : a || b);
/** Whether `path` is `prefix` or lies under it, segment-wise and case-sensitively, as git-match reads a URL root. */
const under = (path: string, prefix: string) => prefix === '' || path === prefix || path.startsWith(`${prefix}/`);

/** The same path in other cases: a target covers a path whatever its case, a URL root only in its own. */
function caseVariants(path: string): string[] {
  const alternate = (start: number) => [...path].map((c, i) => ((i + start) % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
  return [...new Set([path, path.toLowerCase(), path.toUpperCase(), alternate(0), alternate(1)])];
}

/** Paths standing for every path at one host with these tokens (before and after together). */
function probePaths(entries: readonly EntryOverview[]): string[] {
  const withParts = entries.map((entry) => ({ entry, parts: partsOf(entry.instance)! }));
  const roots = [...new Set(withParts.map((e) => e.parts.root))];
  const deepestRoot = (path: string) => roots.filter((r) => under(path, r)).sort((a, b) => b.length - a.length)[0];
  const paths = new Set<string>();
  for (const top of roots) {
    const suffixes = new Set<string>(['', FRESH]);
    for (const { entry, parts } of withParts) {
      const target = targetOf(entry);
      if (target === null || !under(top, parts.root)) continue;
      const between = top.slice(parts.root.length).replace(/^\/+/, '').toLowerCase();
      if (between === '') suffixes.add(target);
      else if (target.startsWith(`${between}/`)) suffixes.add(target.slice(between.length + 1));
    }
    for (const suffix of suffixes) {
      const fit = caseVariants(suffix).map((s) => join(top, s)).find((path) => deepestRoot(path) === top);
      if (fit !== undefined) paths.add(fit);
    }
  }
  return [...paths];
}

type GitAnswer = { ids: string[]; unpicked: string[] };

function gitAnswer(entries: EntryOverview[], defaults: Record<string, string>, credential: Credential, now: Date): GitAnswer {
  const match = matchCredential(entries, defaults, credential, now);
  if (match.kind === 'one') return { ids: [match.entry.id], unpicked: [] };
  return { ids: [], unpicked: match.kind === 'ambiguous' ? match.names : [] };
}

function describeGit(protocol: string, host: string, path: string | undefined, username: string | undefined): string {
  const url = `${protocol}://${host}${path === undefined ? '' : `/${path}`}`;
  const user = username === undefined ? '' : ` as ${username}`;
  return path === undefined ? `${url}${user}` : `${url}${user} (with credential.useHttpPath)`;
}

/**
 * Where git's answer would change to a token it did not give before (another token, or one
 * where it gave none). `changed`: ids of tokens the act adds, removes or edits; `instances`:
 * instances whose git default it changes. Only their hosts are asked about.
 */
export function gitChanges(before: AnswerState, after: AnswerState, changed: ReadonlySet<string>, instances: readonly string[], now = new Date()): AnswerChange[] {
  const hosts = new Map<string, Parts>();
  for (const entry of [...before.entries, ...after.entries]) {
    if (!changed.has(entry.id)) continue;
    const parts = partsOf(entry.instance);
    if (parts) hosts.set(hostKey(parts), parts);
  }
  for (const instance of instances) {
    const parts = partsOf(instance);
    if (parts) hosts.set(hostKey(parts), parts);
  }
  const changes: AnswerChange[] = [];
  for (const [key, { protocol, host }] of hosts) {
    if (protocol !== 'https' && protocol !== 'http') continue; // git's helper answers nothing else
    const atHost = (list: readonly EntryOverview[]) => list.filter((e) => {
      const p = partsOf(e.instance);
      return p !== null && hostKey(p) === key;
    });
    const was = atHost(before.entries);
    const will = atHost(after.entries);
    const byId = new Map([...was, ...will].map((e) => [e.id, e]));
    // A changed token, or one of an instance whose default changed, is what can move an answer.
    const moving = [...byId.values()].filter((e) => changed.has(e.id) || instances.includes(e.instance ?? ''));
    const users = new Set<string | undefined>([undefined, ...moving.map(gitUsername)]);
    const paths: (string | undefined)[] = [undefined, ...probePaths([...byId.values()])];
    // Now, and the instant each token here expires (isExpired holds from it on), if still to come.
    const later = [...new Set([...was, ...will].map((e) => entryExpiryInstant(e)?.getTime() ?? 0).filter((t) => t > now.getTime()))].sort((a, b) => a - b);
    const instants = [now, ...later.map((t) => new Date(t))];
    for (const path of paths) {
      // A path under none of the moving tokens' roots is answered as it was.
      if (path !== undefined && !moving.some((e) => under(path, partsOf(e.instance)!.root))) continue;
      for (const username of users) {
        const credential: Credential = { protocol, host: normaliseGitHost(protocol, host), ...(path === undefined ? {} : { path }), ...(username === undefined ? {} : { username }) };
        for (const at of instants) {
          const then = gitAnswer(was, before.gitDefaults, credential, at);
          const next = gitAnswer(will, after.gitDefaults, credential, at);
          if (next.ids.some((id) => !then.ids.includes(id))) {
            const when = at === now ? '' : ` from ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC on`;
            changes.push({ asker: 'git', question: `${describeGit(protocol, host, path, username)}${when}`, before: then.ids.map((id) => byId.get(id)!), after: next.ids.map((id) => byId.get(id)!), unpicked: then.unpicked });
            break; // the first instant it changes is the one to say
          }
        }
      }
    }
  }
  return changes;
}

/** What `find(ref)` answers among live tokens (vault.ts): by id or name (any case), else a unique id prefix of 6 or more. */
function byRef(entries: readonly EntryOverview[], index: Map<string, EntryOverview[]>, ref: string): EntryOverview[] {
  const wanted = ref.trim();
  const exact = [...(index.get(`id:${wanted}`) ?? []), ...(index.get(`name:${normaliseName(wanted)}`) ?? [])];
  if (exact.length > 0) return [...new Map(exact.map((e) => [e.id, e])).values()];
  if (wanted.length < 6 || !/^[0-9a-f-]+$/i.test(wanted)) return [];
  const prefixed = entries.filter((e) => e.id.startsWith(wanted.toLowerCase()));
  return prefixed.length === 1 ? prefixed : [];
}

function refIndex(entries: readonly EntryOverview[]): Map<string, EntryOverview[]> {
  const index = new Map<string, EntryOverview[]>();
  const put = (key: string, entry: EntryOverview) => index.set(key, [...(index.get(key) ?? []), entry]);
  for (const entry of entries) {
    put(`id:${entry.id}`, entry);
    put(`name:${normaliseName(entry.name)}`, entry);
  }
  return index;
}

/** Names (and ids) whose token for `run`, `show` and `copy` would change to one they did not name before. */
export function nameChanges(before: AnswerState, after: AnswerState, changed: ReadonlySet<string>): AnswerChange[] {
  const refs = new Set<string>();
  for (const entry of [...before.entries, ...after.entries]) {
    if (!changed.has(entry.id)) continue;
    refs.add(entry.name);
    refs.add(entry.id);
  }
  const was = refIndex(before.entries);
  const will = refIndex(after.entries);
  const changes: AnswerChange[] = [];
  for (const ref of refs) {
    const then = byRef(before.entries, was, ref);
    const next = byRef(after.entries, will, ref);
    if (next.some((e) => !then.some((t) => t.id === e.id))) changes.push({ asker: 'name', question: ref, before: then, after: next, unpicked: [] });
  }
  return changes;
}
