// Changes a program on the agent's socket makes only with the person's say, because they quietly
// undo a promise while looking like the user's own edit:
// - moving tokens to the Trash (git stops getting them, reminders stop): a few per unlock go
//   through, logged — `tokenvault rm` of one token stays a no-password act — and past that each
//   one is asked, so "move every token to the Trash" is not a loop any program can run;
// - making a token's reminders come later or not at all (a later expiry or none, fewer reminder
//   days, a longer rotation reminder or none; the same for every token's reminder days);
// - choosing which token git gets for an instance (`git-credential default`): a program that
//   added a token of its own would otherwise have the user's git hand that one out;
// - changing a token's scopes (git-match.ts chooses by them: a token without a Git scope is
//   passed over, so new scopes can hand git another token or none);
// - any request that would change which token git or `run NAME` hands out (answers.ts, on the
//   state socket-plan.ts plans): to another token, or, where there was none, to a program's.
// The app asks Allow/Deny (whatever "Ask before" says); the headless agent, which cannot ask,
// refuses, and the CLI then asks for the master password and opens the vault itself. Every one
// that goes through is written to the release log (purpose `changed`) with the asking process.
// The opposite changes (an earlier expiry, more reminders, restoring from the Trash) need nothing
// unless they change one of those answers.
import { methods } from '../api';
import { gitChanges, nameChanges } from './answers';
import { planSocketRequest } from './socket-plan';
import { normaliseName } from '../vault/entry-codec';
import type { EntryOverview, VaultSettings } from '../vault/types';
import type { Vault } from '../vault/vault';
import type { AgentHost } from './agent-methods';
import { peerCommandOf, type PeerInfo } from './peer';

const PROGRAM_TOKENS = 'program_tokens';

/** Tokens a program may move to the Trash per unlock without being asked: a person's `rm`s, not a sweep. */
export const TRASH_BUDGET = 3;

export interface SocketAct {
  /** The token it concerns; for a setting of every token, a fixed id no token has. */
  entryId: string;
  entryName: string;
  /** What it does, as a sentence's start: 'Moving "ci" to the Trash'. */
  what: string;
  /** Why that needs the person: '(git and reminders stop using it)'. */
  why: string;
  trash: boolean;
}

export type ActDecision = { allowed: true } | { allowed: false; code: 'NEEDS_PASSWORD' | 'ACT_DENIED'; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const days = (list: readonly number[]) => (list.length ? [...list].sort((a, b) => b - a).join(', ') : 'none');
/** Reminder days dropped by going from `before` to `after` (adding days is always fine). */
const dropped = (before: readonly number[], after: readonly number[]) => before.some((d) => !after.includes(d));

/** Tokens moved to the Trash from the socket, per unlocked vault (a new unlock starts again). */
const trashed = new WeakMap<Vault, string[]>();

/** The act a socket request would be, when it is one of these; null for anything else. */
export function socketAct(vault: Vault, method: string, args: unknown, entry: EntryOverview | null): SocketAct | null {
  // What the act is asked for by its kind (scopes, quieter reminders, git defaults) says so in its own words.
  const named = namedAct(vault, method, args, entry);
  if (named && !named.trash) return named;
  // Then the invariant, which a Trash move within the allowance does not escape: a trash that hands git another token is asked.
  return changesAnswers(vault, method, args) ?? named;
}

function namedAct(vault: Vault, method: string, args: unknown, entry: EntryOverview | null): SocketAct | null {
  if (method === 'tokensRemove' && entry && entry.trashedAt === undefined) {
    return { entryId: entry.id, entryName: entry.name, what: `Moving "${entry.name}" to the Trash`, why: 'git and its reminders stop using it', trash: true };
  }
  if (method === 'tokensUpdate' && entry) {
    const parsed = methods.tokensUpdate.args.safeParse(args);
    if (!parsed.success) return null;
    return newScopes(entry, parsed.data.patch.scopes) ?? quieterToken(entry, parsed.data.patch as Record<string, unknown>, vault.getSettings());
  }
  if (method === 'settingsUpdate') {
    const parsed = methods.settingsUpdate.args.safeParse(args);
    return parsed.success ? settingsAct(vault, parsed.data.patch as Partial<VaultSettings>) : null;
  }
  return null;
}

function quieterToken(entry: EntryOverview, patch: Record<string, unknown>, settings: VaultSettings): SocketAct | null {
  const base = { entryId: entry.id, entryName: entry.name, why: 'its reminders come later or not at all', trash: false };
  const before = entry.expiresAt;
  if (before !== null) {
    const wanted = 'expiresAt' in patch ? (patch.expiresAt as string | null) : patch.neverExpires === true ? null : before;
    if (wanted === null || wanted > before) return { ...base, what: `Moving the expiry of "${entry.name}" from ${before} to ${wanted ?? 'none'}` };
  }
  if ('leadDays' in patch) {
    const now = entry.leadDays ?? settings.defaultLeadDays;
    const next = (patch.leadDays as number[] | null) ?? settings.defaultLeadDays;
    if (dropped(now, next)) return { ...base, what: `Changing the reminder days of "${entry.name}" from ${days(now)} to ${days(next)}` };
  }
  if ('facts' in patch) {
    const now = entry.facts?.rotateEveryDays ?? null;
    const facts = patch.facts;
    const next = facts === null ? null : isRecord(facts) && 'rotateEveryDays' in facts ? (facts.rotateEveryDays as number | null) : now;
    if (now !== null && (next === null || next > now)) return { ...base, what: `Changing the rotation reminder of "${entry.name}" from every ${now} days to ${next === null ? 'none' : `every ${next} days`}` };
  }
  return null;
}

const scopeList = (scopes: readonly string[]) => (scopes.length ? [...scopes].sort().join(', ') : 'none');

function newScopes(entry: EntryOverview, scopes: readonly string[] | undefined): SocketAct | null {
  if (scopes === undefined || scopeList(scopes) === scopeList(entry.scopes)) return null;
  return {
    entryId: entry.id,
    entryName: entry.name,
    what: `Changing the scopes of "${entry.name}" from ${scopeList(entry.scopes)} to ${scopeList(scopes)}`,
    why: 'git chooses the token it hands to that server by them',
    trash: false,
  };
}

/**
 * What the agent keeps of programs' acts, sealed in the vault (a lock, a restart or 90 days do not
 * forget it): the ids of tokens programs added over the socket, and the names a program's rename
 * took from a token (normalised), which a program's token may not then take unasked.
 */
export interface ProgramMarks {
  ids: Set<string>;
  names: Set<string>;
}

function readMarks(blob: Uint8Array | null): { ids: string[]; names: string[] } {
  if (!blob) return { ids: [], names: [] };
  try {
    const parsed = JSON.parse(Buffer.from(blob).toString('utf8')) as { ids?: unknown; names?: unknown };
    const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
    return { ids: strings(parsed.ids), names: strings(parsed.names) };
  } catch {
    return { ids: [], names: [] };
  }
}

export function programMarks(vault: Vault): ProgramMarks {
  const { ids, names } = readMarks(vault.readPrivate(PROGRAM_TOKENS));
  return { ids: new Set(ids), names: new Set(names) };
}

/** Notes a token a program added, or a name a program's rename freed. */
export function markProgramAct(vault: Vault, mark: { id: string } | { name: string }): void {
  const live = new Set(vault.listAll().map((e) => e.id));
  vault.updatePrivate(PROGRAM_TOKENS, (blob) => {
    const marks = readMarks(blob);
    // Tokens deleted for good are dropped, and only the newest names kept: the blob stays small.
    const ids = [...new Set([...marks.ids.filter((known) => live.has(known)), ...('id' in mark ? [mark.id] : [])])];
    const names = [...new Set([...marks.names, ...('name' in mark ? [normaliseName(mark.name)] : [])])].slice(-1000);
    return { blob: new Uint8Array(Buffer.from(JSON.stringify({ ids, names }), 'utf8')), result: undefined };
  });
}

const quoted = (entries: readonly EntryOverview[]) => entries.map((e) => `"${e.name}"`).join(', ');

/**
 * The invariant every state-changing request from the socket is held to: git's answer (for every
 * host, path and user name the act touches) and the token a name gives `run`/`show` may change
 * to a token they did not give before only with the person's say — when it is another token
 * than before, or where there was none (or several unpicked) a token a program supplied. An act
 * that only leaves git or a name with nothing is not this (a plain Trash move keeps its rule).
 */
function changesAnswers(vault: Vault, method: string, args: unknown): SocketAct | null {
  const plan = planSocketRequest(vault, method, args);
  if (!plan) return null;
  const changes = [...gitChanges(plan.before, plan.after, plan.changed, plan.instances), ...nameChanges(plan.before, plan.after, plan.changed)];
  if (changes.length === 0) return null;
  const marks = programMarks(vault);
  const supplied = (e: EntryOverview) => e.id === plan.added?.id || marks.ids.has(e.id);
  // Every add gives its own new name a token: a name matters where it was a token's until now —
  // one in the Trash has it, or a program's rename took it from one.
  const trashedNames = new Set(vault.listTrash().map((e) => normaliseName(e.name)));
  const claimed = (name: string) => marks.names.has(normaliseName(name)) || trashedNames.has(normaliseName(name));
  const taken = changes.filter((c) => c.before.length > 0 || (c.after.some(supplied) && (c.asker === 'git' || claimed(c.question))));
  const first = taken[0];
  if (!first) return null;
  const instead = first.before.length > 0 ? quoted(first.before) : first.unpicked.length > 0 ? `nothing (${first.unpicked.map((n) => `"${n}"`).join(', ')} unpicked)` : 'nothing';
  const who = first.asker === 'git' ? `git would then get for ${first.question}` : `\`tokenvault run\` and \`show\` would then get for "${first.question}"`;
  const subject = plan.subject;
  const addsIt = plan.added !== null && first.after.length === 1 && first.after[0]!.id === plan.added.id;
  const what = addsIt ? `Adding "${plan.added!.name}", which ${who} in place of ${instead}` : `${actWords(method, subject?.name ?? null)}, after which ${who.replace(' would then get', ` would get ${first.after.length === 1 && first.after[0]!.id === subject?.id ? 'it' : quoted(first.after)}`)} in place of ${instead}`;
  return {
    entryId: first.before[0]?.id ?? (plan.added ? 'git-defaults' : first.after[0]!.id),
    entryName: plan.added?.name ?? first.after[0]!.name,
    what,
    why: first.asker === 'git' ? 'it decides which token your git commands hand to that server' : 'it decides which token your scripts get by that name',
    trash: false,
  };
}

function actWords(method: string, name: string | null): string {
  const it = `"${name ?? 'a token'}"`;
  if (method === 'tokensRemove') return `Moving ${it} to the Trash`;
  if (method === 'trashRestore') return `Putting ${it} back from the Trash`;
  if (method === 'tokensRestoreOldSecret') return `Putting back an earlier secret of ${it}`;
  if (method === 'settingsUpdate') return "Changing git's default tokens";
  if (method === 'gitRefused') return `Marking ${it} as refused by GitLab (git's erase)`;
  return `Changing ${it}`;
}

function settingsAct(vault: Vault, patch: Partial<VaultSettings>): SocketAct | null {
  const settings = vault.getSettings();
  if (patch.defaultLeadDays && dropped(settings.defaultLeadDays, patch.defaultLeadDays)) {
    return { entryId: 'settings', entryName: 'every token', what: `Changing the reminder days of every token from ${days(settings.defaultLeadDays)} to ${days(patch.defaultLeadDays)}`, why: 'reminders come later or not at all', trash: false };
  }
  if (!patch.gitDefaults) return null;
  const now = settings.gitDefaults;
  const next = patch.gitDefaults;
  const changed = [...new Set([...Object.keys(now), ...Object.keys(next)])].filter((instance) => now[instance] !== next[instance]).sort();
  if (changed.length === 0) return null;
  const instance = changed[0]!;
  const id = next[instance];
  const name = id === undefined ? null : nameOf(vault, id);
  const more = changed.length > 1 ? ` (and ${changed.length - 1} more instance${changed.length === 2 ? '' : 's'})` : '';
  return {
    entryId: id ?? 'git-defaults',
    entryName: name ?? 'git default',
    what: id === undefined ? `Clearing the token git gets for ${instance}${more}` : `Making "${name ?? id}" the token git gets for ${instance}${more}`,
    why: 'it decides which token your git commands hand to that server',
    trash: false,
  };
}

function nameOf(vault: Vault, id: string): string | null {
  try {
    return vault.get(id).name;
  } catch {
    return null;
  }
}

/** Asks (the app) or refuses (the headless agent) when the act needs the person; logs it when it goes ahead. */
export async function decideSocketAct(host: AgentHost, vault: Vault, act: SocketAct, peer: PeerInfo): Promise<ActDecision> {
  const sofar = trashed.get(vault) ?? [];
  const free = act.trash && sofar.length < TRASH_BUDGET;
  if (!free) {
    const count = act.trash ? ` — programs moved ${sofar.length} token${sofar.length === 1 ? '' : 's'} there since the vault was unlocked (${sofar.slice(-5).join(', ')}${sofar.length > 5 ? ', …' : ''})` : '';
    if (!host.approveRelease) {
      return { allowed: false, code: 'NEEDS_PASSWORD', message: `${act.what} needs the master password when a program asks for it (${act.why})${count}; the agent cannot ask you.` };
    }
    const allowed = await host.approveRelease({ entryName: act.entryName, purpose: 'changed', command: `${act.what} (${act.why})${count}`, peer });
    if (!allowed) return { allowed: false, code: 'ACT_DENIED', message: `You declined: ${lowerFirst(act.what)} (asked by a program).` };
  }
  if (act.trash) trashed.set(vault, [...sofar, act.entryName]);
  // Logged before it is done, as a release is: a failure after this over-reports, never under-reports.
  vault.logRelease({
    at: new Date().toISOString(),
    entryId: act.entryId,
    entryName: act.entryName.slice(0, 200),
    purpose: 'changed',
    command: act.what.slice(0, 500),
    peerPid: peer.pid,
    peerExe: peer.exe,
    peerSource: peer.source,
    peerCommand: peerCommandOf(peer),
    via: host.headless ? 'agent' : 'app',
  });
  return { allowed: true };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
