// The vault side of GitLab operations that change a live credential. Rotation safety:
//  1. a pending-rotation record is written BEFORE the rotate call;
//  2. the new secret is stored in the same transaction that clears that record;
//  3. if the answer is lost, the old secret is kept and the entry marked "unconfirmed";
//  4. an entry with a rotation in flight or unconfirmed is never rotated again (GitLab
//     revokes the whole token family when a rotated-away token is reused);
//  5. verify works out what happened and says how to recover.
// The vault is a parameter typed by the few methods used here, so gitlab/ needs no storage.
import type { EntryOverview, EntryPatch, HistoryEvent, NewEntry } from '../vault/types';
import { startFollowUp } from '../vault/types';
import type { GitLabClient } from './client';
import { GitLabError, isGitLabError, type GitLabErrorCode } from './errors';
import { learnLifetimePolicy, type LifetimePolicy } from './lifetime';
import { isCredentialKind, revokeCredential, verifyCredential } from './credential-ops';
import { refuseActiveNamesake } from './namesake';
import { newTokenPageUrl } from './prefill';
import { revokeOrphan, triggerReuseDetection, type Recovery } from './recovery';
import { SINCE, learnVersion, versionAtLeast } from './version';
import {
  checkExpiry, createAccessToken, lifetimeCapped, createUserToken, defaultRotationExpiry, findUserId, getToken, listAccessTokens, listPersonalTokens, revokeToken, rotateToken, verifyToken, type TokenOwner,
} from './tokens';

export interface VaultForGitLab {
  get(id: string): EntryOverview;
  find(ref: string): EntryOverview;
  readSecret(id: string): string;
  add(input: NewEntry, secret: string, action?: 'created' | 'imported'): EntryOverview;
  /** `expect` runs on the entry as committed, inside the write: it throws to change nothing. */
  update(id: string, patch: EntryPatch, event?: HistoryEvent, expect?: (current: EntryOverview) => void): EntryOverview;
  replaceSecret(id: string, secret: string, patch: EntryPatch, event: HistoryEvent): EntryOverview;
  /** Deletes for good: only a credential stored a moment ago that GitLab then refused to use. */
  remove?(id: string): void;
}

/** What GitLab said about a stored token, in the words the UI shows (api.ts GitLabFinding). */
export interface TokenFinding {
  ok: boolean;
  code: string | null;
  message: string;
  name: string | null;
  scopes: string[] | null;
  expiresAt: string | null;
  username: string | null;
  active: boolean | null;
  /** The sentence says to check the instance address: the UI offers to change it. */
  fix?: 'instance-address';
}

export const ownerOf = (entry: EntryOverview): TokenOwner =>
  entry.kind === 'project' || entry.kind === 'group' ? { kind: entry.kind, target: entry.gitlab.target } : { kind: 'personal' };

/** Where to make a replacement by hand: GitLab's new-token page, name and scopes filled in. */
export function recoveryUrl(entry: EntryOverview): string | null {
  if (!entry.instance) return null;
  const owner = ownerOf(entry);
  if (owner.kind !== 'personal' && !owner.target) return null;
  return newTokenPageUrl(entry.instance, {
    kind: owner.kind,
    ...(owner.target ? { projectPath: owner.target } : {}),
    name: entry.name,
    scopes: entry.scopes,
  });
}

const failedRecovery = (e: unknown): Recovery => ({
  how: 'failed',
  orphanId: null,
  done: `The lost new token could not be revoked (${isGitLabError(e) ? e.message.replace(/\.$/, '') : 'unexpected error'}); revoke it on GitLab's token page.`,
});

const event = (action: HistoryEvent['action'], note: string, now: Date): HistoryEvent => ({ at: now.toISOString(), action, note });
const failed = (code: string, message: string): TokenFinding => ({ ok: false, code, message: message.slice(0, 500), name: null, scopes: null, expiresAt: null, username: null, active: null });

/** Rotations in flight in this process: the vault record covers other processes and crashes. */
const inFlight = new Set<string>();

/** Failures after which GitLab certainly did not rotate (refused before acting, or never reached). */
const DEFINITELY_NOT_APPLIED = new Set<GitLabErrorCode>([
  'expired', 'revoked', 'unrecognised', 'wrong_token_kind', 'insufficient_scope', 'granular_permission', 'legacy_rotation_disabled', 'forbidden', 'not_permitted', 'account_blocked', 'not_found', 'invalid_request',
  'unknown_host', 'refused', 'tls', 'proxy', 'rate_limited', 'too_new', 'bad_instance', 'login_redirect',
]);
const notApplied = (e: GitLabError) => DEFINITELY_NOT_APPLIED.has(e.code) || (e.code === 'timeout' && !e.details.maybeApplied);

export async function rotateEntry(
  vault: VaultForGitLab,
  client: GitLabClient,
  id: string,
  opts: { expiresAt?: string | null; usingId?: string | null; now?: Date; maxLifetimeDays?: number } = {},
): Promise<{ entry: EntryOverview; message: string; warnings: string[] }> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  // Deploy, trigger, runner, agent tokens, OAuth and webhook secrets rotate their own way (credential-swap.ts).
  if (isCredentialKind(entry.kind)) return (await import('./credential-swap')).rotateCredential(vault, client, id, { usingId: opts.usingId ?? null, now, expiresAt: opts.expiresAt ?? null });
  if (entry.pendingRotation || inFlight.has(id)) {
    throw new GitLabError('rotation_pending', `A rotation of "${entry.name}" started ${entry.pendingRotation?.startedAt ?? 'just now'} was never confirmed; verify the token first (with another stored token of the account, verify finds and revokes a new token GitLab may have made), because rotating the same old token twice makes GitLab revoke the whole token family.`);
  }
  if (entry.revoked) throw new GitLabError('revoked', `"${entry.name}" is revoked; a revoked token cannot be rotated, create a new one instead.`);
  const owner = ownerOf(entry);
  const byId = !!opts.usingId && opts.usingId !== id;
  if (byId && entry.gitlab.tokenId === null)
    throw new GitLabError('invalid_request', `GitLab's id for "${entry.name}" is not known yet; verify the token once, then rotate it.`);
  const authSecret = vault.readSecret(byId ? (opts.usingId as string) : id);
  const tokenId = byId ? entry.gitlab.tokenId : null;

  inFlight.add(id);
  try {
    // Learn the current id, creation and expiry so the default keeps the token's lifetime.
    const current = await getToken(client, authSecret, { ...owner, tokenId, knownExpiresAt: entry.expiresAt });
    const limits = await lifetimeLimits(client, authSecret, now, opts.maxLifetimeDays);
    // A token without expiry stays without one where the instance allows it (null: none is sent).
    const keepsNoExpiry = !opts.expiresAt && current.expires_at === null && !lifetimeCapped(limits.policy);
    const expiresAt = opts.expiresAt
      ? checkExpiry(opts.expiresAt, limits)
      : keepsNoExpiry
        ? null
        : defaultRotationExpiry({ createdAt: current.created_at, expiresAt: current.expires_at }, limits);
    // The version goes into the record: after a lost answer, verify must know whether GitLab can
    // revoke the token family (reuse detection, 16.3+) before it says that it did.
    if (!client.version) await learnVersion(client, authSecret).catch(() => undefined);
    const pending = { state: 'pending' as const, startedAt: now.toISOString(), oldTokenId: current.id, requestedExpiresAt: expiresAt, gitlabVersion: client.version };
    // The claim is a check-and-set in one write transaction: another process (the app, the
    // agent, a second CLI) that started rotating this token meanwhile — or finished, so the
    // secret read above is the old one — makes this one stop before GitLab sees a second
    // rotation of the same old token (which would revoke the whole token family).
    vault.update(id, { pendingRotation: pending }, event('rotation-started', `Asked GitLab for a new token expiring ${expiresAt ?? 'never'}.`, now), (onDisk) => {
      if (onDisk.pendingRotation || onDisk.updatedAt !== entry.updatedAt) {
        // The other process may be rotating it still, or (on a slow or loaded machine) be done already.
        const rotatedSince = onDisk.history.some((h) => h.action === 'rotated' && h.at > entry.updatedAt);
        const what = onDisk.pendingRotation ? 'being rotated' : rotatedSince ? 'rotated' : 'changed';
        throw new GitLabError('rotation_pending', `"${entry.name}" was ${what} by another Token Vault process while this rotation was being prepared, so nothing was rotated; verify the token, then rotate again if it still needs it.`);
      }
    });
    let fresh;
    try {
      fresh = await rotateToken(client, authSecret, { ...owner, tokenId, expiresAt, knownExpiresAt: entry.expiresAt });
    } catch (err) {
      if (!isGitLabError(err)) throw err;
      if (notApplied(err)) {
        vault.update(id, { pendingRotation: null }, event('edited', `Rotation refused; nothing changed on GitLab: ${err.message}`.slice(0, 500), new Date()));
        throw err;
      }
      vault.update(id, { pendingRotation: { ...pending, state: 'unconfirmed' } }, event('rotation-unconfirmed', err.message.slice(0, 500), new Date()));
      const url = recoveryUrl(entry);
      throw new GitLabError(
        'rotation_unconfirmed',
        `GitLab's answer to the rotation of "${entry.name}" was lost (${err.code.replace(/_/g, ' ')}), so it may have rotated the token: the old secret is kept and the entry is marked "rotation unconfirmed" until you verify it, which tells you whether to make a replacement${url ? ` on ${url}` : ''}.`,
        { ...(url ? { recoveryUrl: url } : {}), maybeApplied: true },
      );
    }
    const at = new Date();
    const stored = vault.replaceSecret(
      id,
      fresh.token,
      {
        pendingRotation: null,
        // Every place still holds the old token: a fresh list of tasks replaces any earlier one.
        followUp: startFollowUp(entry.usedIn, at),
        scopes: fresh.scopes,
        expiresAt: fresh.expires_at,
        revoked: false,
        lastVerifiedAt: at.toISOString(),
        gitlab: { tokenId: fresh.id, active: true, revoked: false, neverExpires: fresh.expires_at === null, ...(fresh.user_id !== undefined ? { userId: fresh.user_id } : {}) },
      },
      event('rotated', `GitLab revoked token ${current.id} and issued token ${fresh.id}, expiring ${fresh.expires_at ?? 'never'}.`, at),
    );
    const places = entry.usedIn.length ? `; update it in ${entry.usedIn.join(', ')}` : '';
    const warnings = rotationWarnings(client, { asked: expiresAt, description: current.description ?? '' }, fresh);
    const message = [`Rotated "${entry.name}": the new token is stored and expires on ${fresh.expires_at ?? 'no date'}, and the old one no longer works${places}.`, ...warnings].join(' ');
    return { entry: stored, message, warnings };
  } finally {
    inFlight.delete(id);
  }
}

/** Today and the instance's lifetime limit (lifetime.ts), or the one the caller gives. */
async function lifetimeLimits(client: GitLabClient, secret: string, now: Date, given?: number) {
  const policy: LifetimePolicy = given ? { maxDays: given, source: 'given', expiryRequired: null } : await learnLifetimePolicy(client, secret);
  return { today: now.toISOString().slice(0, 10), maxLifetimeDays: policy.maxDays, policy, host: client.host };
}

/**
 * What GitLab did differently from what was asked: before 16.6 it ignores expires_at on rotate
 * (one week instead), before 17.7 the new token loses the old one's description.
 */
export function rotationWarnings(client: GitLabClient, asked: { asked: string | null; description: string }, fresh: { expires_at: string | null; description?: string | null }): string[] {
  const out: string[] = [];
  const on = client.version ? `GitLab ${client.version}` : 'This GitLab';
  if (fresh.expires_at !== asked.asked) {
    const why = client.version && !versionAtLeast(client.version, SINCE.rotateExpiry) ? ` (${on} ignores the expiry asked for a rotation; ${SINCE.rotateExpiry} honours it)` : '';
    out.push(`Warning: GitLab set the new token to expire on ${fresh.expires_at ?? 'no date'}, not ${asked.asked ?? 'never'} as asked${why}; rotate it again before then.`);
  }
  if (asked.description && !fresh.description) {
    out.push(`Warning: the new token lost its description on GitLab (${on} keeps it across rotation only from ${SINCE.description}).`);
  }
  return out;
}

/** Revokes the token itself, or — with `usingId`, for a token without the scope to revoke itself — by id. */
export async function revokeEntry(
  vault: VaultForGitLab,
  client: GitLabClient,
  id: string,
  opts: { now?: Date; usingId?: string | null } = {},
): Promise<{ entry: EntryOverview; message: string }> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  if (isCredentialKind(entry.kind)) return revokeCredential(vault, client, id, { usingId: opts.usingId ?? null, now });
  const byId = !!opts.usingId && opts.usingId !== id;
  if (byId && entry.gitlab.tokenId === null)
    throw new GitLabError('invalid_request', `GitLab's id for "${entry.name}" is not known yet; verify the token once, then revoke it.`);
  const mark = (note: string) => vault.update(id, { revoked: true, gitlab: { active: false, revoked: true } }, event('revoked', note, now));
  try {
    await revokeToken(client, vault.readSecret(byId ? (opts.usingId as string) : id), {
      ...ownerOf(entry),
      tokenId: byId ? entry.gitlab.tokenId : null,
      knownExpiresAt: entry.expiresAt,
    });
  } catch (err) {
    if (isGitLabError(err) && err.code === 'revoked') return { entry: mark('GitLab already had it revoked.'), message: `"${entry.name}" was already revoked on GitLab.` };
    // Any token may revoke itself since 15.4 (self_revocation.rb); only older GitLab asks for api.
    if (isGitLabError(err) && err.code === 'insufficient_scope' && !byId)
      throw new GitLabError('insufficient_scope', `GitLab before ${SINCE.selfRevokeAnyScope} lets a token revoke itself only with the api scope; revoke "${entry.name}" by id with a stored api token of the same user (--using), or on GitLab's token page.`, err.details);
    throw err;
  }
  return { entry: mark('Revoked on GitLab.'), message: `Revoked "${entry.name}" on GitLab; it no longer works.` };
}

/**
 * Asks GitLab about a stored token and records what it says. A rotation left unconfirmed is
 * settled here: if the old token still works, GitLab never rotated; if GitLab says it is
 * revoked, GitLab rotated and the new secret was lost, and the user is sent to make a new one.
 */
export async function verifyEntry(
  vault: VaultForGitLab,
  client: GitLabClient,
  id: string,
  opts: { now?: Date; usingId?: string | null } = {},
): Promise<{ entry: EntryOverview; finding: TokenFinding; recoveryUrl: string | null; recovery?: Recovery }> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  if (isCredentialKind(entry.kind)) return verifyCredential(vault, client, id, { usingId: opts.usingId ?? null, now });
  const pending = entry.pendingRotation;
  const url = recoveryUrl(entry);
  try {
    const r = await verifyToken(client, vault.readSecret(id), { knownExpiresAt: entry.expiresAt, now, knownTokenId: entry.gitlab.tokenId, knownName: entry.name });
    const t = r.token;
    const settled = pending !== null && (pending.oldTokenId === null || pending.oldTokenId === t.id);
    const note = settled ? 'The interrupted rotation never happened on GitLab; the stored token still works.' : 'GitLab confirmed the token.';
    const updated = vault.update(id, { ...r.patch, ...(settled ? { pendingRotation: null } : {}) }, event('verified', note, now));
    const status = t.revoked ? 'GitLab says this token is revoked.' : `GitLab accepts this token${t.expires_at ? `; it expires on ${t.expires_at}` : ''}.`;
    return {
      entry: updated,
      recoveryUrl: null,
      finding: {
        ok: !t.revoked && r.patch.gitlab?.active !== false,
        code: t.revoked ? 'revoked' : null,
        message: [settled ? note : status, ...r.notes].join(' ').slice(0, 500),
        name: t.name,
        scopes: t.scopes,
        expiresAt: t.expires_at,
        username: r.user?.username ?? null,
        active: r.patch.gitlab?.active ?? null,
      },
    };
  } catch (err) {
    if (!isGitLabError(err)) throw err;
    const checked = { lastVerifiedAt: now.toISOString() };
    if (err.code === 'revoked' && pending) {
      // GitLab rotated, the answer was lost: the new token lives on GitLab with no one holding it.
      const recovery = opts.usingId
        ? await revokeOrphan(client, vault.readSecret(opts.usingId), vault.get(opts.usingId).name, entry, pending).catch((e: unknown) => failedRecovery(e))
        : await triggerReuseDetection(client, vault.readSecret(id), entry, pending);
      // The record goes only once the orphan is dealt with: kept, a later verify --using can still find it.
      const settled = recovery.how === 'revoked_orphan' || recovery.how === 'reuse_detection' || (recovery.how === 'orphan_not_found' && !!opts.usingId && helperSeesAll(vault.get(opts.usingId), entry));
      const message = `GitLab rotated "${entry.name}" but its answer was lost, so the new secret never arrived and the old one is revoked. ${recovery.done}${settled ? '' : ' The rotation stays marked unconfirmed until that new token is found.'} Make a replacement${url ? ` on ${url}` : ' on GitLab'} and store it here.`;
      const updated = vault.update(id, { ...checked, revoked: true, ...(settled ? { pendingRotation: null } : {}), gitlab: { active: false, revoked: true } }, event('verified', message.slice(0, 500), now));
      return { entry: updated, finding: failed('rotation_lost', message), recoveryUrl: url, recovery };
    }
    if (err.code === 'revoked') {
      const message = [err.message, loweredLimitNote(client, entry, now)].filter(Boolean).join(' ');
      const updated = vault.update(id, { ...checked, revoked: true, gitlab: { active: false, revoked: true } }, event('verified', message.slice(0, 500), now));
      return { entry: updated, finding: failed(err.code, message), recoveryUrl: url };
    }
    if (err.code === 'expired' && pending) return settleExpiredRotation(vault, client, entry, pending, { now, usingId: opts.usingId ?? null, url });
    if (err.code === 'expired') {
      const updated = vault.update(id, { ...checked, gitlab: { active: false } }, event('verified', err.message, now));
      return { entry: updated, finding: failed(err.code, err.message), recoveryUrl: url };
    }
    // Unreachable, refused, rate limited…: nothing learnt, nothing written.
    return { entry, finding: { ...failed(err.code, err.message), ...(err.fix ? { fix: err.fix } : {}) }, recoveryUrl: null };
  }
}

/**
 * Why a token may be revoked that nobody revoked: an administrator who lowers the EE maximum
 * lifetime makes GitLab revoke every token without an expiry or expiring after the new limit
 * (ee/app/models/ee/personal_access_token.rb `with_invalid_expires_at`). GitLab.com's is fixed.
 */
function loweredLimitNote(client: GitLabClient, entry: EntryOverview, now: Date): string | null {
  if (client.isGitLabCom) return null;
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  if (entry.expiresAt !== null && entry.expiresAt <= tomorrow) return null;
  const which = entry.expiresAt ? `expires later than the new limit (this one was to last until ${entry.expiresAt})` : 'has no expiry date, as this one had';
  return `If nobody revoked it, ${client.host}'s administrator may have lowered the maximum token lifetime: GitLab then revokes every token that ${which}.`;
}

/** Not finding the orphan is conclusive only when the helper sees every token the rotation could have made. */
const helperSeesAll = (using: EntryOverview, entry: EntryOverview): boolean =>
  ownerOf(entry).kind !== 'personal' || (using.gitlab.userId !== null && using.gitlab.userId === entry.gitlab.userId);

/**
 * An unconfirmed rotation met with "Token is expired". GitLab checks expiry before revocation
 * (access_token_validation_service.rb), so an expired token says nothing about whether it was
 * rotated first — and tokens are rotated just before they expire. The record is kept until a
 * token that can list the account's (or project's) tokens looks for the orphan (`usingId`).
 */
async function settleExpiredRotation(
  vault: VaultForGitLab,
  client: GitLabClient,
  entry: EntryOverview,
  pending: NonNullable<EntryOverview['pendingRotation']>,
  opts: { now: Date; usingId: string | null; url: string | null },
): Promise<{ entry: EntryOverview; finding: TokenFinding; recoveryUrl: string | null; recovery?: Recovery }> {
  const { now, url } = opts;
  const expired = `"${entry.name}" expired${entry.expiresAt ? ` on ${entry.expiresAt}` : ''}`;
  const replace = `Make a replacement${url ? ` on ${url}` : ' on GitLab'} and store it here.`;
  const write = (message: string, patch: EntryPatch, code: string, recovery?: Recovery) => {
    const updated = vault.update(entry.id, { lastVerifiedAt: now.toISOString(), ...patch, gitlab: { active: false, ...patch.gitlab } }, event('verified', message.slice(0, 500), now));
    return { entry: updated, finding: failed(code, message), recoveryUrl: url, ...(recovery ? { recovery } : {}) };
  };
  if (!opts.usingId || opts.usingId === entry.id) {
    return write(
      `${expired} while its rotation (started ${pending.startedAt.slice(0, 16).replace('T', ' ')} UTC) was unconfirmed; GitLab checks expiry first, so it cannot say whether it rotated. If it did, a new "${entry.name}" is alive on GitLab with nobody holding it: verify again using another stored token of the same account to find and revoke it, or look on GitLab's token page.`,
      {},
      'rotation_unconfirmed',
    );
  }
  const using = vault.get(opts.usingId);
  const recovery = await revokeOrphan(client, vault.readSecret(using.id), using.name, entry, pending).catch((e: unknown) => failedRecovery(e));
  if (recovery.how === 'revoked_orphan')
    return write(`${expired} after GitLab had rotated it; the answer was lost. ${recovery.done} ${replace}`, { pendingRotation: null, revoked: true, gitlab: { revoked: true } }, 'rotation_lost', recovery);
  if (recovery.how === 'orphan_not_found' && helperSeesAll(using, entry))
    return write(`${expired}, and GitLab holds no token named "${entry.name}" made since the rotation started, so it never rotated. ${replace}`, { pendingRotation: null }, 'expired', recovery);
  return write(`${expired} while its rotation was unconfirmed. ${recovery.done} The rotation stays marked unconfirmed.`, {}, 'rotation_unconfirmed', recovery);
}

/**
 * A create whose answer was lost: GitLab may hold a new token nobody has the secret of. No active
 * token had its name before (refuseActiveNamesake), so one active now is the one made: revoked by id.
 */
async function revokeLostCreate(client: GitLabClient, secret: string, input: { kind: 'project' | 'group' | 'personal'; target: string; name: string }, userId: number | undefined, err: GitLabError): Promise<GitLabError> {
  const owner: TokenOwner = input.kind === 'personal' ? { kind: 'personal' } : { kind: input.kind, target: input.target };
  const lost = `GitLab's answer to creating "${input.name}" was lost (${err.message.replace(/\.$/, '')})`;
  const said = (message: string) => new GitLabError(err.code, message, { ...err.details, maybeApplied: true });
  let made: number[];
  try {
    const listed = owner.kind === 'personal' ? await listPersonalTokens(client, secret, { state: 'active', ...(userId !== undefined ? { userId } : {}) }) : await listAccessTokens(client, secret, { kind: owner.kind, target: owner.target ?? '' }, { state: 'active' });
    made = listed.filter((t) => t.name === input.name && !t.revoked && t.active !== false).map((t) => t.id);
  } catch (listing) {
    return said(`${lost}, and whether GitLab made it could not be checked (${isGitLabError(listing) ? listing.message.replace(/\.$/, '') : 'unexpected error'}): look for an active "${input.name}" on GitLab and revoke it, since nobody holds its secret.`);
  }
  if (!made.length) return said(`${lost}; GitLab lists no active "${input.name}", so it was not made: create it again.`);
  const left: number[] = [];
  for (const tokenId of made) await revokeToken(client, secret, { ...owner, tokenId }).catch(() => left.push(tokenId));
  return said(`${lost}; GitLab had made it (id ${made.join(', ')}) and nobody holds its secret, so ${left.length ? `revoking it failed: revoke id ${left.join(', ')} on GitLab` : 'it was revoked again'}; create it again.`);
}

/**
 * Creates a project/group access token (or, for admins, a user's personal token) and stores
 * its secret at once: GitLab shows it only in this answer. The name is checked free first; if
 * storing still fails, the new token is revoked so no unrecorded credential stays alive.
 */
export async function createAndStore(
  vault: VaultForGitLab,
  client: GitLabClient,
  input: {
    usingId: string;
    kind: 'project' | 'group' | 'personal';
    /** Project/group path or id; for personal tokens the user's id or username. */
    target: string;
    name: string;
    scopes: string[];
    expiresAt: string;
    description?: string;
    accessLevel?: number;
    usedIn?: string[];
    maxLifetimeDays?: number;
  },
  opts: { now?: Date } = {},
): Promise<EntryOverview> {
  const now = opts.now ?? new Date();
  const using = vault.get(input.usingId);
  const taken = (() => {
    try {
      return vault.find(input.name);
    } catch {
      return null;
    }
  })();
  if (taken) throw new GitLabError('invalid_request', `The vault already has a token called "${input.name}"; pick another name before GitLab makes it.`);
  // A bad date is refused before any request; the limit, if any, is the instance's (below).
  checkExpiry(input.expiresAt, { today: now.toISOString().slice(0, 10), maxLifetimeDays: input.maxLifetimeDays ?? 100 * 366 });
  const secret = vault.readSecret(input.usingId);
  const expiresAt = checkExpiry(input.expiresAt, await lifetimeLimits(client, secret, now, input.maxLifetimeDays));
  const base = { name: input.name, scopes: input.scopes, expiresAt, ...(input.description ? { description: input.description } : {}) };
  const userId = input.kind === 'personal' ? await findUserId(client, secret, input.target) : undefined;
  await refuseActiveNamesake(client, secret, { name: input.name, kind: input.kind, target: input.target, ...(userId !== undefined ? { userId } : {}) });
  let made: Awaited<ReturnType<typeof createAccessToken>>;
  try {
    made =
      userId !== undefined
        ? await createUserToken(client, secret, { ...base, userId })
        : await createAccessToken(client, secret, { ...base, kind: input.kind as 'project' | 'group', target: input.target, ...(input.accessLevel ? { accessLevel: input.accessLevel } : {}) });
  } catch (err) {
    if (!isGitLabError(err) || notApplied(err)) throw err;
    throw await revokeLostCreate(client, secret, input, userId, err);
  }
  let stored: EntryOverview;
  try {
    stored = vault.add(
      { name: input.name, kind: input.kind, instance: client.instance, scopes: made.scopes, expiresAt: made.expires_at, description: input.description ?? '', usedIn: input.usedIn ?? [] },
      made.token,
      'created',
    );
  } catch (err) {
    // Revoked by id with the creating token: the new one may lack the scope to revoke itself.
    const owner: TokenOwner = input.kind === 'personal' ? { kind: 'personal' } : { kind: input.kind, target: input.target };
    await revokeToken(client, secret, { ...owner, tokenId: made.id }).catch(() => undefined);
    throw err;
  }
  return vault.update(
    stored.id,
    {
      lastVerifiedAt: now.toISOString(),
      gitlab: {
        tokenId: made.id,
        userId: made.user_id ?? null,
        target: input.kind === 'personal' ? null : input.target,
        accessLevel: made.access_level ?? null,
        active: true,
        revoked: false,
        neverExpires: made.expires_at === null,
      },
    },
    event('verified', `Created through the GitLab API with "${using.name}".`, now),
  );
}
