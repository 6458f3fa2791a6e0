// Verify and revoke for the credentials that are not access tokens (issue 22). They cannot speak
// to the REST API themselves (a runner token only to its own routes), so GitLab is asked with the
// stored token that manages them: the one that made them (facts.managedBy) or --using. What GitLab
// can tell: a deploy token, trigger or agent token is found in its list by id (a trigger made by
// the same user is shown whole, so its secret is compared too); a runner token is checked by
// POST /runners/verify with the token itself; an application or hook is read by id (their secrets
// never come back). Service account tokens are personal access tokens: vault-ops.ts handles them.
import { timingSafeEqual } from 'node:crypto';
import type { EntryOverview, HistoryEvent } from '../vault/types';
import { KIND_WORDS, normaliseInstance } from '../vault/types';
import type { GitLabClient } from './client';
import {
  deleteApplication, deleteRunner, listAgentTokens, listApplications, listDeployTokens, listTriggers, readHook, revokeAgentToken, revokeDeployToken,
  revokeTrigger, setHookToken, verifyRunnerToken, type CredentialOwner,
} from './credential-api';
import { GitLabError, isGitLabError } from './errors';
import type { TokenFinding, VaultForGitLab } from './vault-ops';

/** Kinds handled here; service accounts' tokens are personal access tokens and go through vault-ops.ts. */
export const CREDENTIAL_KINDS: ReadonlySet<string> = new Set(['deploy', 'trigger', 'runner', 'agent', 'oauth-app', 'webhook', 'feed', 'incoming-email']);
export const isCredentialKind = (kind: string): boolean => CREDENTIAL_KINDS.has(kind);

export const event = (action: HistoryEvent['action'], note: string, now: Date): HistoryEvent => ({ at: now.toISOString(), action, note });

/** Whose it is on GitLab, from the stored facts. */
export function credentialOwner(entry: EntryOverview): CredentialOwner {
  const owner = entry.facts?.owner ?? (entry.kind === 'oauth-app' ? 'instance' : 'project');
  if (owner === 'instance') return { kind: 'instance' };
  if (!entry.gitlab.target) throw new GitLabError('invalid_request', `"${entry.name}" does not say which ${owner} it belongs to on GitLab; edit it or create it again through Token Vault.`);
  return { kind: owner, target: entry.gitlab.target };
}

export function gitlabIdOf(entry: EntryOverview): number {
  if (entry.gitlab.tokenId === null) throw new GitLabError('invalid_request', `GitLab's id for "${entry.name}" is not known; it was not made through Token Vault, so it cannot be found on GitLab by id.`);
  return entry.gitlab.tokenId;
}

/** The role a manager needs for this kind, in words. */
export function managerRole(entry: EntryOverview): string {
  const o = entry.facts?.owner ?? 'project';
  if (entry.kind === 'oauth-app' || o === 'instance') return 'an administrator';
  if ((entry.kind === 'runner' || entry.kind === 'webhook') && o === 'group') return `an Owner of group ${entry.gitlab.target ?? ''}`.trim();
  return `a Maintainer of ${o} ${entry.gitlab.target ?? ''}`.trim();
}

/** The stored token that asks GitLab about this credential: --using, else the one that made it. */
export function managerOf(vault: VaultForGitLab, entry: EntryOverview, usingId: string | null | undefined): { id: string; name: string; secret: string } {
  const id = usingId ?? entry.facts?.managedBy ?? null;
  let manager: EntryOverview | null = null;
  try {
    manager = id ? vault.get(id) : null;
  } catch {
    manager = null;
  }
  if (!manager)
    throw new GitLabError('invalid_request', `GitLab is asked about a ${KIND_WORDS[entry.kind]} with a person's token, and "${entry.name}" names none that is stored; give a stored token of ${managerRole(entry)} with --using.`);
  // The manager's secret goes to this credential's address: never to one it is not for (an
  // address edited on the credential alone would otherwise carry the manager's token there).
  if (!manager.instance || !entry.instance || normaliseInstance(manager.instance) !== normaliseInstance(entry.instance))
    throw new GitLabError('invalid_request', `"${manager.name}" is for ${manager.instance ?? 'no GitLab address'}, and "${entry.name}" is at ${entry.instance ?? 'no address'}; a token is sent only to its own GitLab, so give a stored token for ${entry.instance ?? 'its address'} with --using.`);
  return { id: manager.id, name: manager.name, secret: vault.readSecret(manager.id) };
}

const finding = (ok: boolean, code: string | null, message: string, entry: EntryOverview, active: boolean | null): TokenFinding => ({
  ok, code, message: message.slice(0, 500), name: entry.name, scopes: entry.scopes, expiresAt: entry.expiresAt, username: entry.gitlab.username, active,
});

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Kinds GitLab's API cannot check at all: explained, nothing sent. */
const UNCHECKABLE: Record<string, string> = {
  feed: "GitLab's API cannot check a feed token; it works while your RSS and calendar feeds load, and you reset it on your Access tokens page.",
  'incoming-email': "GitLab's API cannot check an incoming email token; you reset it from a project's issue list (Email a new issue).",
};

/** What GitLab says about the credential; the entry is marked revoked when GitLab no longer has it. */
export async function verifyCredential(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { now?: Date; usingId?: string | null } = {}): Promise<{ entry: EntryOverview; finding: TokenFinding; recoveryUrl: string | null }> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  if (UNCHECKABLE[entry.kind]) return { entry, finding: finding(false, 'wrong_token_kind', UNCHECKABLE[entry.kind]!, entry, null), recoveryUrl: null };
  const gone = (why: string) => {
    const updated = vault.update(id, { revoked: true, lastVerifiedAt: now.toISOString(), gitlab: { active: false, revoked: true } }, event('verified', why, now));
    return { entry: updated, finding: finding(false, 'revoked', why, updated, false), recoveryUrl: null };
  };
  const alive = (why: string, patch: Parameters<VaultForGitLab['update']>[1] = {}) => {
    const updated = vault.update(id, { ...patch, lastVerifiedAt: now.toISOString(), gitlab: { active: true, revoked: false, ...(patch.gitlab ?? {}) } }, event('verified', why, now));
    return { entry: updated, finding: finding(true, null, why, updated, true), recoveryUrl: null };
  };
  const word = KIND_WORDS[entry.kind];
  if (entry.kind === 'runner') {
    const answer = await verifyRunnerToken(client, vault.readSecret(id));
    if (!answer) return gone(`GitLab no longer accepts this ${word}: it was reset or the runner was deleted.`);
    return alive(`GitLab accepts this ${word} (runner ${answer.id ?? '?'}).`, { ...(answer.id !== null ? { gitlab: { tokenId: answer.id } } : {}), ...(answer.expiresAt ? { expiresAt: answer.expiresAt.slice(0, 10) } : {}) });
  }
  const manager = managerOf(vault, entry, opts.usingId);
  if (lostSwap(entry)) await settleLostSwap(vault, client, id, manager, now);
  const gitlabId = gitlabIdOf(entry);
  const owner = credentialOwner(entry);
  const asked = `asked with "${manager.name}"`;
  switch (entry.kind) {
    case 'deploy': {
      const o = owner as { kind: 'project' | 'group'; target: string };
      const found = (await listDeployTokens(client, manager.secret, o)).find((t) => t.id === gitlabId);
      if (!found || found.revoked) return gone(`GitLab has no live deploy token ${gitlabId} in ${o.kind} ${o.target} any more (${asked}): it was revoked or deleted.`);
      if (found.expired) return { entry, finding: finding(false, 'expired', `Deploy token ${gitlabId} expired on ${found.expires_at?.slice(0, 10) ?? 'an earlier date'}.`, entry, false), recoveryUrl: null };
      return alive(`GitLab lists deploy token ${gitlabId} (${found.username}) in ${o.kind} ${o.target} as active (${asked}); GitLab cannot check a deploy token's secret.`, { gitlab: { username: found.username } });
    }
    case 'trigger': {
      const o = owner as { kind: 'project'; target: string };
      const found = (await listTriggers(client, manager.secret, o.target)).find((t) => t.id === gitlabId);
      if (!found) return gone(`GitLab has no pipeline trigger token ${gitlabId} in project ${o.target} any more (${asked}): it was deleted.`);
      // GitLab shows a trigger whole only to the user who made it; four characters to anyone else.
      if (found.token.length > 4) {
        if (!sameSecret(found.token, vault.readSecret(id))) return { entry, finding: finding(false, 'unrecognised', `Pipeline trigger ${gitlabId} of project ${o.target} exists, but its token is not the one stored here: it was changed on GitLab.`, entry, true), recoveryUrl: null };
        return alive(`GitLab has pipeline trigger token ${gitlabId} in project ${o.target}, and it is the one stored here (${asked}).`);
      }
      return alive(`GitLab has pipeline trigger token ${gitlabId} in project ${o.target} (${asked}); another user made it, so GitLab shows only its first four characters.`);
    }
    case 'agent': {
      const o = owner as { kind: 'project'; target: string };
      const agentId = entry.facts?.agentId;
      if (agentId === undefined) throw new GitLabError('invalid_request', `"${entry.name}" does not say which cluster agent it belongs to.`);
      const found = (await listAgentTokens(client, manager.secret, o.target, agentId)).find((t) => t.id === gitlabId);
      if (!found) return gone(`Agent ${agentId} of project ${o.target} has no active token ${gitlabId} any more (${asked}): it was revoked.`);
      return alive(`GitLab lists token ${gitlabId} of agent ${agentId} as active (${asked}); GitLab cannot check an agent token's secret.`);
    }
    case 'oauth-app': {
      const found = (await listApplications(client, manager.secret)).find((a) => a.id === gitlabId);
      if (!found) return gone(`GitLab has no OAuth application ${gitlabId} any more (${asked}): it was deleted.`);
      return alive(`GitLab has OAuth application ${gitlabId} (${found.application_name}) (${asked}); GitLab never shows an application's secret again, so it cannot be compared.`, { facts: { clientId: found.application_id } });
    }
    case 'webhook': {
      const o = owner as { kind: 'project' | 'group'; target: string };
      try {
        const hook = await readHook(client, manager.secret, o, gitlabId);
        return alive(`GitLab has webhook ${gitlabId} of ${o.kind} ${o.target} (${hook.url}) (${asked}); GitLab never shows a hook's secret token, so it cannot be compared.`, { facts: { hookUrl: hook.url } });
      } catch (err) {
        if (isGitLabError(err) && err.code === 'not_found') return gone(`GitLab has no webhook ${gitlabId} in ${o.kind} ${o.target} any more (${asked}).`);
        throw err;
      }
    }
    default:
      throw new GitLabError('wrong_token_kind', `Token Vault cannot ask GitLab about a ${word}.`);
  }
}

/** Revokes the credential on GitLab (a runner is deleted, an application deleted, a hook's secret cleared). */
export async function revokeCredential(vault: VaultForGitLab, client: GitLabClient, id: string, opts: { now?: Date; usingId?: string | null } = {}): Promise<{ entry: EntryOverview; message: string }> {
  const now = opts.now ?? new Date();
  const entry = vault.get(id);
  if (UNCHECKABLE[entry.kind]) throw new GitLabError('wrong_token_kind', `GitLab's API cannot revoke a ${KIND_WORDS[entry.kind]}: reset it in GitLab's user interface, then store the new one here.`);
  const manager = managerOf(vault, entry, opts.usingId);
  const gitlabId = gitlabIdOf(entry);
  const owner = credentialOwner(entry);
  const mark = (note: string) => vault.update(id, { revoked: true, gitlab: { active: false, revoked: true } }, event('revoked', note, now));
  try {
    await revokeOnGitLab(client, manager.secret, entry, gitlabId, owner);
  } catch (err) {
    if (isGitLabError(err) && err.code === 'not_found') return { entry: mark('GitLab no longer had it.'), message: `"${entry.name}" was already gone from GitLab.` };
    throw err;
  }
  const what = entry.kind === 'runner' ? 'Deleted the runner of' : entry.kind === 'oauth-app' ? 'Deleted the OAuth application of' : entry.kind === 'webhook' ? 'Cleared the secret token of the webhook of' : 'Revoked';
  return { entry: mark(`${what} it on GitLab with "${manager.name}".`), message: `${what} "${entry.name}" on GitLab; it no longer works.` };
}

/** A swap (deploy, trigger, agent token) whose answer to making the new one was lost: the old id is still the stored one. */
export const lostSwap = (entry: EntryOverview): boolean =>
  entry.pendingRotation?.state === 'unconfirmed' && entry.pendingRotation.oldTokenId === entry.gitlab.tokenId && ['deploy', 'trigger', 'agent'].includes(entry.kind);

/**
 * Settles a swap whose answer to making the new one was lost: GitLab may hold a new credential
 * nobody has the secret of. It is found in its list (named as the swap names it, made after the
 * stored one: GitLab's ids only grow) and revoked by id; none found means it was never made. The
 * record goes only then; several found are named and the record stays.
 */
export async function settleLostSwap(vault: VaultForGitLab, client: GitLabClient, id: string, manager: { name: string; secret: string }, now: Date): Promise<string> {
  const entry = vault.get(id);
  const oldId = gitlabIdOf(entry);
  const owner = credentialOwner(entry);
  const word = KIND_WORDS[entry.kind];
  const named = entry.kind === 'trigger' ? entry.description || entry.name : entry.name;
  const orphans = (await liveNamed(client, manager.secret, entry.kind, owner, entry.facts?.agentId, named)).filter((t) => t > oldId).map((t) => ({ id: t }));
  if (orphans.length > 1)
    throw new GitLabError('rotation_unconfirmed', `The answer to making a new ${word} for "${entry.name}" was lost, and GitLab now lists several live ones named so beside ${oldId} (ids ${orphans.map((t) => t.id).join(', ')}); none was revoked: revoke the ones nobody uses on GitLab, then rotate again.`, { maybeApplied: true });
  const orphan = orphans[0];
  if (orphan) await revokeOnGitLab(client, manager.secret, entry, orphan.id, owner);
  const note = orphan
    ? `The ${word} GitLab made when the answer was lost (id ${orphan.id}) was revoked with "${manager.name}": nobody held its secret.`
    : `GitLab lists no ${word} made when the answer was lost, so none was made.`;
  vault.update(id, { pendingRotation: null }, event('edited', note, now));
  return note;
}

/** The live deploy tokens, triggers or agent tokens of an owner that GitLab lists under this name (a trigger's is its description): their ids. */
export async function liveNamed(client: GitLabClient, secret: string, kind: string, owner: CredentialOwner, agentId: number | undefined, named: string): Promise<number[]> {
  const target = (owner as { target: string }).target;
  const listed: { id: number; name: string | null; live: boolean }[] =
    kind === 'deploy'
      ? (await listDeployTokens(client, secret, owner as { kind: 'project' | 'group'; target: string })).map((t) => ({ id: t.id, name: t.name, live: !t.revoked && !t.expired }))
      : kind === 'trigger'
        ? (await listTriggers(client, secret, target)).map((t) => ({ id: t.id, name: t.description, live: true }))
        : (await listAgentTokens(client, secret, target, agentId ?? -1)).map((t) => ({ id: t.id, name: t.name, live: t.status !== 'revoked' }));
  return listed.filter((t) => t.live && t.name === named).map((t) => t.id);
}

/** One DELETE (or, for a webhook, an empty secret token) by id. */
export async function revokeOnGitLab(client: GitLabClient, secret: string, entry: EntryOverview, gitlabId: number, owner: CredentialOwner): Promise<void> {
  switch (entry.kind) {
    case 'deploy':
      return revokeDeployToken(client, secret, owner as { kind: 'project' | 'group'; target: string }, gitlabId);
    case 'trigger':
      return revokeTrigger(client, secret, (owner as { target: string }).target, gitlabId);
    case 'agent':
      return revokeAgentToken(client, secret, (owner as { target: string }).target, entry.facts?.agentId ?? -1, gitlabId);
    case 'runner':
      return deleteRunner(client, secret, gitlabId, owner);
    case 'oauth-app':
      return deleteApplication(client, secret, gitlabId);
    case 'webhook': {
      const o = owner as { kind: 'project' | 'group'; target: string };
      const hook = await readHook(client, secret, o, gitlabId);
      await setHookToken(client, secret, o, gitlabId, hook.url, '');
      return;
    }
    default:
      throw new GitLabError('wrong_token_kind', `Token Vault cannot revoke a ${KIND_WORDS[entry.kind]} on GitLab.`);
  }
}
