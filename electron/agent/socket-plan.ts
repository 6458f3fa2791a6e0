// The vault as a socket request would leave it, worked out before it is dispatched, with the
// vault's own code where there is one (validateNewEntry/buildOverview for an add, applyPatch for
// an edit): answers.ts compares git's and run's answers on it with today's. A request this cannot
// plan (malformed, an unknown id) is left to dispatch, which refuses it with its own sentence.
import { methods } from '../api';
import { normaliseName } from '../vault/entry-codec';
import { applyPatch, buildOverview, validateNewEntry, validatePatch } from '../vault/entry-input';
import type { EntryOverview, VaultSettings } from '../vault/types';
import type { Vault } from '../vault/vault';
import type { AnswerState } from './answers';

export interface SocketPlan {
  before: AnswerState;
  after: AnswerState;
  /** Tokens the request adds, edits, trashes or restores. */
  changed: Set<string>;
  /** Instances whose git default it changes. */
  instances: string[];
  /** The token it adds, when it is an add. */
  added: EntryOverview | null;
  /** The token it concerns (for an add, the new one). */
  subject: { id: string; name: string } | null;
}

/**
 * Every socket request that changes a live token or git's defaults. `gitRefused` is git's
 * `erase` of a token it was just handed (agent-methods.ts), which marks it as GitLab's refusal
 * (git is handed it no more). The other state-changing requests do not change a live token's
 * fields that git or a name reads, or only as GitLab answers (gitlabVerify, gitlabRotate,
 * gitlabRevoke: socket-policy.ts keeps their own rules); trashDeleteNow and trashEmpty touch only
 * the Trash, which neither answer reads; the sync and lock requests change no token here.
 */
const PLANNED = new Set(['tokensAdd', 'tokensUpdate', 'tokensRemove', 'trashRestore', 'tokensRestoreOldSecret', 'settingsUpdate', 'gitRefused']);

/** Whether `method` changes what planSocketRequest plans for. */
export const isPlanned = (method: string) => PLANNED.has(method);

const edited = { at: new Date(0).toISOString(), action: 'edited' as const };

export function planSocketRequest(vault: Vault, method: string, args: unknown): SocketPlan | null {
  if (!PLANNED.has(method)) return null;
  const live = vault.list();
  const settings = vault.getSettings();
  const before: AnswerState = { entries: live, gitDefaults: settings.gitDefaults };
  const replacing = (next: EntryOverview, others = live) => others.map((e) => (e.id === next.id ? next : e));
  // The subject is named as it is now (a rename's old name), an add by its own.
  const plan = (entries: EntryOverview[], subject: EntryOverview, added: EntryOverview | null = null): SocketPlan => ({
    before,
    after: { entries, gitDefaults: settings.gitDefaults },
    changed: new Set([subject.id]),
    instances: [],
    added,
    subject: { id: subject.id, name: subject.name },
  });
  try {
    if (method === 'tokensAdd') {
      const parsed = methods.tokensAdd.args.safeParse(args);
      if (!parsed.success) return null;
      const { neverExpires: _never, ...entry } = parsed.data.entry;
      const added = buildOverview(validateNewEntry(entry), 'created');
      return plan([...live, added], added, added);
    }
    if (method === 'settingsUpdate') {
      const parsed = methods.settingsUpdate.args.safeParse(args);
      const next = parsed.success ? (parsed.data.patch as Partial<VaultSettings>).gitDefaults : undefined;
      if (!next) return null;
      const now = settings.gitDefaults;
      const instances = [...new Set([...Object.keys(now), ...Object.keys(next)])].filter((i) => now[i] !== next[i]);
      return { before, after: { entries: live, gitDefaults: next }, changed: new Set(), instances, added: null, subject: null };
    }
    const id = typeof args === 'object' && args !== null && typeof (args as { id?: unknown }).id === 'string' ? (args as { id: string }).id : null;
    if (id === null) return null;
    const current = vault.get(id);
    if (method === 'tokensRemove') return current.trashedAt === undefined ? plan(live.filter((e) => e.id !== id), current) : null;
    if (method === 'trashRestore') {
      if (current.trashedAt === undefined) return null;
      const { trashedAt: _gone, ...back } = current;
      // vault.restoreFromTrash: a name taken meanwhile comes back as "NAME (restored)".
      const taken = new Set(live.map((e) => normaliseName(e.name)));
      let name = back.name;
      for (let n = 1; taken.has(normaliseName(name)); n++) name = `${back.name.slice(0, 180)} (restored${n > 1 ? ` ${n}` : ''})`;
      return plan([...live, { ...back, name }], current);
    }
    if (current.trashedAt !== undefined) return null;
    if (method === 'gitRefused') return plan(replacing(applyPatch(current, validatePatch({ gitlab: { active: false } }), edited)), current);
    if (method === 'tokensUpdate') {
      const parsed = methods.tokensUpdate.args.safeParse(args);
      if (!parsed.success) return null;
      const { neverExpires: _never, ...fields } = parsed.data.patch;
      const next = applyPatch(current, validatePatch(fields), edited);
      return plan(replacing(next), current);
    }
    // tokensRestoreOldSecret: the earlier secret comes back with the expiry and scopes it had (vault.restoreOldSecret).
    const oldId = (args as { oldId?: unknown }).oldId;
    const kept = vault.oldSecrets(id).find((o) => o.id === oldId);
    if (!kept) return null;
    const next = applyPatch(current, validatePatch({ expiresAt: kept.expiresAt, scopes: kept.scopes, lastVerifiedAt: null, revoked: false, gitlab: { active: null, revoked: null } }), edited);
    return plan(replacing(next), current);
  } catch {
    return null; // dispatch refuses it with its own sentence
  }
}
