// Rotation for the credentials that are not access tokens (issue 22).
// - Runner tokens and OAuth application secrets have a reset call: GitLab swaps the secret in one
//   step, like an access token's rotation (a pending record first, the new secret stored with its
//   clearing). A runner resets with its own token (POST /runners/reset_authentication_token), so no
//   person's token is needed.
// - A webhook secret is made here (32 random bytes) and set with PUT …/hooks/:id; the PUT is
//   idempotent, so an answer lost is mended by sending the same secret again.
// - Deploy tokens, trigger tokens and agent tokens have no rotate call: a swap. The new one is made,
//   stored at once (the record naming the old id stays), the CI/CD variables named in "where used"
//   are set to it, and only then is the old one revoked. Any step that fails leaves the record and a
//   sentence saying what GitLab and the vault hold and how to finish (`rotate --finish`); two live
//   tokens are never forgotten.
import { randomBytes } from 'node:crypto';
import type { EntryOverview } from '../vault/types';
import { startFollowUp } from '../vault/types';
import { KIND_WORDS } from '../vault/types';
import type { GitLabClient } from './client';
import { createAgentToken, createDeployToken, createTrigger, readHook, renewApplicationSecret, resetRunnerToken, setHookToken, type CredentialOwner } from './credential-api';
import { credentialOwner, event, gitlabIdOf, lostSwap, managerOf, revokeOnGitLab, settleLostSwap } from './credential-ops';
import { GitLabError, isGitLabError, type GitLabErrorCode } from './errors';
import { parseVariablePlace, planVariables, updateVariables, type VariablePlace } from './variables';
import { learnVersion } from './version';
import type { VaultForGitLab } from './vault-ops';

export interface SwapResult {
  entry: EntryOverview;
  message: string;
  warnings: string[];
}

const SWAP_KINDS = new Set(['deploy', 'trigger', 'agent']);
const CERTAINLY_NOT_APPLIED = new Set<GitLabErrorCode>(['expired', 'revoked', 'unrecognised', 'insufficient_scope', 'forbidden', 'not_permitted', 'not_found', 'invalid_request', 'unknown_host', 'refused', 'tls', 'proxy', 'rate_limited', 'too_new', 'bad_instance', 'login_redirect', 'wrong_token_kind']);
const notApplied = (e: unknown) => isGitLabError(e) && (CERTAINLY_NOT_APPLIED.has(e.code) || (e.code === 'timeout' && !e.details.maybeApplied));
const reason = (e: unknown) => (isGitLabError(e) ? e.message.replace(/\.$/, '') : 'an unexpected error');

/** A webhook secret: 32 random bytes, base64url (GitLab sends it back verbatim in X-Gitlab-Token). */
export const newWebhookSecret = (): string => randomBytes(32).toString('base64url');

export async function rotateCredential(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { usingId?: string | null; now?: Date; expiresAt?: string | null } = {}): Promise<SwapResult> {
  const entry = vault.get(id);
  if (entry.revoked) throw new GitLabError('revoked', `"${entry.name}" is revoked; make a new one instead.`);
  if (SWAP_KINDS.has(entry.kind)) return entry.pendingRotation && entry.pendingRotation.oldTokenId !== entry.gitlab.tokenId ? finishSwap(vault, client, id, opts) : swap(vault, client, id, opts);
  if (entry.kind === 'runner' || entry.kind === 'oauth-app') return reset(vault, client, id, opts);
  if (entry.kind === 'webhook') return rotateWebhook(vault, client, id, opts);
  throw new GitLabError('wrong_token_kind', `GitLab's API cannot rotate a ${KIND_WORDS[entry.kind]}: reset it in GitLab's user interface, then store the new one here.`);
}

// ---- runner and OAuth application: GitLab's own reset ----
async function reset(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { usingId?: string | null; now?: Date }): Promise<SwapResult> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  const word = KIND_WORDS[entry.kind];
  // A runner resets with its own token; with --using (or when the own token was lost) by id.
  const byToken = entry.kind === 'runner' && !opts.usingId && !entry.pendingRotation;
  const manager = byToken ? null : managerOf(vault, entry, opts.usingId);
  if (manager) await learnVersion(client, manager.secret);
  vault.update(id, { pendingRotation: { state: 'pending', startedAt: now.toISOString(), oldTokenId: entry.gitlab.tokenId, requestedExpiresAt: null, gitlabVersion: client.version } }, event('rotation-started', `Resetting the ${word} on GitLab.`, now));
  let secret: string;
  let expiresAt: string | null = entry.expiresAt;
  try {
    if (entry.kind === 'runner') {
      const answer = manager ? await resetRunnerToken(client, { managerSecret: manager.secret, id: gitlabIdOf(entry), owner: credentialOwner(entry) }) : await resetRunnerToken(client, { runnerToken: vault.readSecret(id) });
      secret = answer.token;
      expiresAt = answer.token_expires_at ? answer.token_expires_at.slice(0, 10) : null;
    } else {
      secret = (await renewApplicationSecret(client, manager!.secret, gitlabIdOf(entry))).secret ?? '';
    }
    // GitLab answered, so it reset: an answer without the new secret is an answer lost.
    if (!secret) throw new GitLabError('unexpected_response', `GitLab's answer to resetting "${entry.name}" did not hold the new ${word}`);
  } catch (err) {
    if (notApplied(err)) {
      vault.update(id, { pendingRotation: null }, event('edited', `Reset refused, nothing changed: ${reason(err)}.`, now));
      throw err;
    }
    vault.update(id, { pendingRotation: { state: 'unconfirmed', startedAt: now.toISOString(), oldTokenId: entry.gitlab.tokenId, requestedExpiresAt: null } }, event('rotation-unconfirmed', `The answer to the reset was lost: ${reason(err)}.`, now));
    const mend = entry.kind === 'runner' ? `reset it again by id with a stored token of a person who manages the runner (rotate --using NAME): GitLab then makes a fresh one, and the runner host needs it` : 'renew it again (rotate): GitLab makes a fresh secret and the application needs it';
    throw new GitLabError('rotation_unconfirmed', `GitLab may have reset "${entry.name}" but its answer was lost, so the vault still holds the old ${word}, which may no longer work; ${mend}.`, { maybeApplied: true });
  }
  let stored: EntryOverview;
  try {
    stored = vault.replaceSecret(id, secret, { pendingRotation: null, expiresAt, lastVerifiedAt: now.toISOString(), revoked: false, gitlab: { active: true, revoked: false } }, event('rotated', `Reset on GitLab${manager ? ` with "${manager.name}"` : ' with its own token'}.`, now));
  } catch (failed) {
    // GitLab reset it, but what it sent cannot be stored (a secret of another kind, one stored already): as good as lost.
    const why = failed instanceof Error ? failed.message.replace(/\.$/, '') : 'a vault error';
    vault.update(id, { pendingRotation: { state: 'unconfirmed', startedAt: now.toISOString(), oldTokenId: entry.gitlab.tokenId, requestedExpiresAt: null } }, event('rotation-unconfirmed', `GitLab reset it, but the new ${word} it sent could not be stored: ${why}.`, now));
    throw new GitLabError('rotation_unconfirmed', `GitLab reset "${entry.name}", but the new ${word} it sent could not be stored (${why}), so nobody holds it and the old one no longer works; rotate again to reset it once more.`, { maybeApplied: true });
  }
  const follow = startFollowUp(stored.usedIn, now);
  const entryAfter = follow ? vault.update(id, { followUp: follow }) : stored;
  return { entry: entryAfter, message: `Reset "${entry.name}" on GitLab and stored the new ${word}; the old one no longer works${entry.kind === 'runner' ? ' — put the new one in the runner\'s config.toml' : ' — give the application its new secret'}.`, warnings: [] };
}

// ---- webhook: a secret made here, set with PUT ----
async function rotateWebhook(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { usingId?: string | null; now?: Date }): Promise<SwapResult> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  const manager = managerOf(vault, entry, opts.usingId);
  const owner = credentialOwner(entry) as { kind: 'project' | 'group'; target: string };
  const hookId = gitlabIdOf(entry);
  // An unconfirmed earlier PUT: its secret is already stored, and sending it again is safe.
  const resend = entry.pendingRotation?.state === 'unconfirmed';
  const secret = resend ? vault.readSecret(id) : newWebhookSecret();
  const hook = await readHook(client, manager.secret, owner, hookId);
  if (!resend) vault.update(id, { pendingRotation: { state: 'pending', startedAt: now.toISOString(), oldTokenId: hookId, requestedExpiresAt: null } }, event('rotation-started', 'Setting a new secret token on the webhook.', now));
  try {
    await setHookToken(client, manager.secret, owner, hookId, hook.url, secret);
  } catch (err) {
    if (notApplied(err) && !resend) {
      vault.update(id, { pendingRotation: null }, event('edited', `GitLab refused the new secret token, nothing changed: ${reason(err)}.`, now));
      throw err;
    }
    // The PUT may have landed: keep the secret that was sent, so repeating it settles the matter.
    if (!resend) vault.replaceSecret(id, secret, { pendingRotation: { state: 'unconfirmed', startedAt: now.toISOString(), oldTokenId: hookId, requestedExpiresAt: null } }, event('rotation-unconfirmed', `The answer to setting the secret token was lost: ${reason(err)}.`, now));
    throw new GitLabError('rotation_unconfirmed', `GitLab may or may not have taken the new secret token of "${entry.name}" (${reason(err)}); the vault holds the one sent, and sending it again is safe: rotate again.`, { maybeApplied: true });
  }
  const done = { pendingRotation: null, lastVerifiedAt: now.toISOString(), facts: { hookUrl: hook.url }, gitlab: { active: true, revoked: false } };
  const stored = resend
    ? vault.update(id, done, event('rotated', `Sent the stored secret token to GitLab again; webhook ${hookId} has it.`, now))
    : vault.replaceSecret(id, secret, done, event('rotated', `New secret token set on webhook ${hookId} with "${manager.name}".`, now));
  const follow = startFollowUp(stored.usedIn, now);
  return { entry: follow ? vault.update(id, { followUp: follow }) : stored, message: `Set a new secret token on webhook ${hookId} (${hook.url}) and stored it; give it to the receiving end, which must now expect it.`, warnings: [] };
}

// ---- deploy, trigger, agent tokens: make new, update variables, revoke old ----
const variablePlaces = (entry: EntryOverview): VariablePlace[] => entry.usedIn.map(parseVariablePlace).filter((p): p is VariablePlace => p !== null);

async function makeNew(client: GitLabClient, secret: string, entry: EntryOverview, owner: CredentialOwner, expiresAt: string | null): Promise<{ id: number; token: string; expiresAt: string | null; username: string | null }> {
  if (entry.kind === 'deploy') {
    const o = owner as { kind: 'project' | 'group'; target: string };
    // The same username keeps pull secrets (username + token) working when only the token changes.
    const username = entry.gitlab.username && !/^gitlab\+deploy-token-\d+$/.test(entry.gitlab.username) ? entry.gitlab.username : undefined;
    const made = await createDeployToken(client, secret, o, { name: entry.name, scopes: entry.scopes, expiresAt, ...(username ? { username } : {}) });
    return { id: made.id, token: made.token ?? '', expiresAt: made.expires_at ? made.expires_at.slice(0, 10) : null, username: made.username };
  }
  if (entry.kind === 'trigger') {
    const made = await createTrigger(client, secret, (owner as { target: string }).target, entry.description || entry.name);
    return { id: made.id, token: made.token, expiresAt: null, username: null };
  }
  const made = await createAgentToken(client, secret, (owner as { target: string }).target, entry.facts?.agentId ?? -1, entry.name);
  return { id: made.id, token: made.token ?? '', expiresAt: null, username: null };
}

async function swap(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { usingId?: string | null; now?: Date; expiresAt?: string | null }): Promise<SwapResult> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  const word = KIND_WORDS[entry.kind];
  const manager = managerOf(vault, entry, opts.usingId);
  const owner = credentialOwner(entry);
  const oldId = gitlabIdOf(entry);
  // A new one made when an answer was lost, which nobody holds, goes before another is made.
  if (lostSwap(entry)) await settleLostSwap(vault, client, id, manager, now);
  // Every variable is read first: a variable that cannot be updated stops the swap before anything is made.
  const places = variablePlaces(entry);
  const plan = places.length ? await planVariables(client, manager.secret, places) : null;
  if (plan?.problems.length) throw new GitLabError('invalid_request', `Nothing was changed: ${plan.problems.map((p) => p.message.replace(/\.$/, '')).join('; ')}.`);
  const expiresAt = opts.expiresAt ?? (entry.expiresAt ? sameLifetime(entry, now) : null);
  vault.update(id, { pendingRotation: { state: 'pending', startedAt: now.toISOString(), oldTokenId: oldId, requestedExpiresAt: expiresAt } }, event('rotation-started', `Making a new ${word} beside ${oldId}.`, now));
  let made: Awaited<ReturnType<typeof makeNew>>;
  try {
    made = await makeNew(client, manager.secret, entry, owner, expiresAt);
  } catch (err) {
    if (notApplied(err)) {
      vault.update(id, { pendingRotation: null }, event('edited', `GitLab refused a new ${word}, nothing changed: ${reason(err)}.`, now));
      throw err;
    }
    vault.update(id, { pendingRotation: { state: 'unconfirmed', startedAt: now.toISOString(), oldTokenId: oldId, requestedExpiresAt: expiresAt } }, event('rotation-unconfirmed', `The answer to making a new ${word} was lost: ${reason(err)}.`, now));
    throw new GitLabError('rotation_unconfirmed', `GitLab may have made a new ${word} for "${entry.name}" but its answer was lost (${reason(err)}). The vault still holds the old one (id ${oldId}), which still works; verify or rotate it again to find that new one in the ${word}s of ${'target' in owner ? `${owner.kind} ${owner.target}` : 'the instance'} and revoke it.`, { maybeApplied: true });
  }
  try {
    vault.replaceSecret(id, made.token, { expiresAt: made.expiresAt, lastVerifiedAt: now.toISOString(), gitlab: { tokenId: made.id, active: true, revoked: false, ...(made.username ? { username: made.username } : {}) } }, event('rotated', `New ${word} ${made.id} made with "${manager.name}" and stored; ${oldId} is still live until the places are updated.`, now));
  } catch (err) {
    // The new one is revoked rather than left live with nobody holding it.
    const undone = await revokeOnGitLab(client, manager.secret, entry, made.id, owner).then(() => true, () => false);
    vault.update(id, { pendingRotation: null }, event('edited', `Storing the new ${word} failed; ${undone ? 'it was revoked on GitLab' : `revoking it (id ${made.id}) failed too`}.`, now));
    throw new GitLabError('invalid_request', `The new ${word} (id ${made.id}) could not be stored (${err instanceof Error ? err.message : 'vault error'}); ${undone ? 'it was revoked on GitLab, and' : `it is still live on GitLab — revoke id ${made.id} there —, and`} the vault still holds the old one (id ${oldId}), which still works.`);
  }
  return finishSwap(vault, client, id, { ...opts, now, plannedFirst: true });
}

/** The second half of a swap: the variables that still hold the old token, then the old one revoked. Run again by `rotate --finish`. */
export async function finishSwap(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { usingId?: string | null; now?: Date; plannedFirst?: boolean }): Promise<SwapResult> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  const word = KIND_WORDS[entry.kind];
  const oldId = entry.pendingRotation?.oldTokenId ?? null;
  if (oldId === null || oldId === entry.gitlab.tokenId) throw new GitLabError('invalid_request', `"${entry.name}" has no swap to finish.`);
  const manager = managerOf(vault, entry, opts.usingId);
  const owner = credentialOwner(entry);
  const both = `GitLab now has two live ${word}s for "${entry.name}": the new one (id ${entry.gitlab.tokenId}), stored in the vault, and the old one (id ${oldId})`;
  const finish = `run \`tokenvault gitlab rotate "${entry.name}" --finish\` (or Finish the swap on its page) to update what is left and revoke id ${oldId}; the vault keeps this until then`;
  const warnings: string[] = [];
  const places = variablePlaces(entry);
  if (places.length) {
    const plan = await planVariables(client, manager.secret, places);
    const reports = [...plan.problems, ...(await updateVariables(client, manager.secret, plan.targets, vault.readSecret(id)))];
    const failed = reports.filter((r) => !r.ok);
    if (failed.length) {
      const note = `${both}, still live because ${failed.length} of ${places.length} CI/CD variables could not be set to the new one (${failed.map((r) => r.place.label).join(', ')}: ${failed.map((r) => r.message.replace(/\.$/, '')).join('; ')}).`;
      vault.update(id, {}, event('edited', note.slice(0, 2000), now));
      throw new GitLabError('rotation_unconfirmed', `${note} To finish: fix that, then ${finish}.`, { maybeApplied: true });
    }
    warnings.push(`Updated ${places.length} CI/CD variable${places.length === 1 ? '' : 's'}: ${places.map((p) => p.label).join(', ')}.`);
  }
  try {
    await revokeOnGitLab(client, manager.secret, entry, oldId, owner);
  } catch (err) {
    if (!(isGitLabError(err) && err.code === 'not_found')) {
      const note = `${both}, still live because revoking it failed (${reason(err)}).`;
      vault.update(id, {}, event('edited', note.slice(0, 2000), now));
      throw new GitLabError('rotation_unconfirmed', `${note} To finish: ${finish}, or revoke id ${oldId} on GitLab yourself.`, { maybeApplied: true });
    }
  }
  const others = entry.usedIn.filter((p) => !parseVariablePlace(p));
  const follow = startFollowUp(others, now);
  const done = vault.update(id, { pendingRotation: null, followUp: follow }, event('rotated', `Old ${word} ${oldId} revoked with "${manager.name}"; the swap is complete.`, now));
  const rest = others.length ? ` Still to update by hand: ${others.join('; ')}.` : '';
  return { entry: done, message: `Replaced "${entry.name}": new ${word} ${done.gitlab.tokenId} stored${places.length ? ', its CI/CD variables updated' : ''}, old ${oldId} revoked.${rest}`, warnings };
}

/** The same lifetime from today as the old one had from its creation (deploy tokens), at least a day. */
function sameLifetime(entry: EntryOverview, now: Date): string {
  const made = Date.parse(entry.createdAt);
  const ends = Date.parse(`${entry.expiresAt}T00:00:00Z`);
  const days = Math.max(1, Math.round((ends - made) / 86_400_000));
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
