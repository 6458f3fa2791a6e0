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
// - adding a token that git would then get for an instance in place of what it got from the
//   tokens already there (one of the user's, or none because several were unpicked).
// The app asks Allow/Deny (whatever "Ask before" says); the headless agent, which cannot ask,
// refuses, and the CLI then asks for the master password and opens the vault itself. Every one
// that goes through is written to the release log (purpose `changed`) with the asking process.
// The opposite changes (an earlier expiry, more reminders, restoring from the Trash) need nothing.
import { methods } from '../api';
import { buildOverview, validateNewEntry } from '../vault/entry-input';
import { matchCredential } from './git-match';
import type { EntryOverview, VaultSettings } from '../vault/types';
import type { Vault } from '../vault/vault';
import type { AgentHost } from './agent-methods';
import { peerCommand, type PeerInfo } from './peer';

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
  if (method === 'tokensRemove' && entry && entry.trashedAt === undefined) {
    return { entryId: entry.id, entryName: entry.name, what: `Moving "${entry.name}" to the Trash`, why: 'git and its reminders stop using it', trash: true };
  }
  if (method === 'tokensUpdate' && entry) {
    const parsed = methods.tokensUpdate.args.safeParse(args);
    if (!parsed.success) return null;
    return newScopes(entry, parsed.data.patch.scopes) ?? quieterToken(entry, parsed.data.patch as Record<string, unknown>, vault.getSettings());
  }
  if (method === 'tokensAdd') {
    const parsed = methods.tokensAdd.args.safeParse(args);
    return parsed.success ? takesGitOver(vault, parsed.data.entry) : null;
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

/** A new token that git would get for its instance where, before it, git got another or none of several. */
function takesGitOver(vault: Vault, input: Parameters<typeof validateNewEntry>[0]): SocketAct | null {
  let added: EntryOverview;
  let credential: { protocol: 'http' | 'https'; host: string };
  try {
    added = buildOverview(validateNewEntry(input), 'created');
    const url = new URL(added.instance ?? '');
    const protocol = url.protocol.replace(/:$/, '');
    if (protocol !== 'https' && protocol !== 'http') return null;
    credential = { protocol, host: url.host };
  } catch {
    return null; // no instance, or a request dispatch refuses with its own sentence
  }
  const entries = vault.list();
  const defaults = vault.getSettings().gitDefaults;
  const before = matchCredential(entries, defaults, credential);
  if (before.kind === 'none') return null; // git had nothing there: the new token is all it has
  const after = matchCredential([...entries, added], defaults, credential);
  if (after.kind !== 'one' || after.entry.id !== added.id) return null;
  const instead = before.kind === 'one' ? `"${before.entry.name}"` : `nothing (${before.names.map((n) => `"${n}"`).join(', ')} unpicked)`;
  return {
    entryId: before.kind === 'one' ? before.entry.id : 'git-defaults',
    entryName: input.name,
    what: `Adding "${input.name}", which git would then get for ${credential.protocol}://${credential.host} in place of ${instead}`,
    why: 'it decides which token your git commands hand to that server',
    trash: false,
  };
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
    peerCommand: peer.source === 'kernel' ? peerCommand(peer.pid) : null,
    via: host.headless ? 'agent' : 'app',
  });
  return { allowed: true };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
