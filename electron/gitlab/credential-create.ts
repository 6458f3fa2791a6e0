// Create → store in one step for the other credential kinds (issue 22), with least-privilege
// defaults: a deploy token reads the registry (or the repository) and expires in a year, a runner
// is a project's and untagged jobs stay off unless tags are given, a service account's token reads
// the API, an OAuth application asks for read_user. GitLab shows each secret once: it is stored in
// the same step, and if storing fails the new credential is revoked on GitLab again. A webhook's
// secret is made here and set on the hook (credential-swap.ts newWebhookSecret).
import type { EntryOverview, KindFacts, NewEntry } from '../vault/types';
import { KIND_WORDS, type TokenKind } from '../vault/types';
import type { GitLabClient } from './client';
import {
  createAgentToken, createApplication, createDeployToken, createRunner, createServiceAccount, createServiceAccountToken, createTrigger, readHook, revokeServiceAccountToken, setHookToken,
  type CredentialOwner,
} from './credential-api';
import { event, liveNamed, revokeOnGitLab } from './credential-ops';
import { newWebhookSecret } from './credential-swap';
import { GitLabError, isGitLabError } from './errors';
import { learnVersion } from './version';
import type { VaultForGitLab } from './vault-ops';

/** What each use of a deploy token needs, no more (doc/user/project/deploy_tokens: scopes). */
export const DEPLOY_USES: Record<string, string[]> = {
  'registry-pull': ['read_registry'],
  clone: ['read_repository'],
  'package-pull': ['read_package_registry'],
  'registry-push': ['read_registry', 'write_registry'],
};

export interface CreateCredentialInput {
  usingId: string;
  kind: Exclude<TokenKind, 'personal' | 'project' | 'group' | 'feed' | 'incoming-email' | 'other'>;
  name: string;
  owner: CredentialOwner;
  scopes?: string[];
  expiresAt?: string | null;
  description?: string;
  usedIn?: string[];
  /** Deploy token username (GitLab makes gitlab+deploy-token-N otherwise). */
  username?: string;
  tags?: string[];
  paused?: boolean;
  agentId?: number;
  hookId?: number;
  redirectUri?: string;
  rotateEveryDays?: number;
}

interface Made {
  gitlabId: number;
  secret: string;
  scopes: string[];
  expiresAt: string | null;
  username: string | null;
  userId: number | null;
  facts: KindFacts;
}

const needsTarget = (o: CredentialOwner, kind: string): { kind: 'project' | 'group'; target: string } => {
  if (o.kind === 'instance') throw new GitLabError('invalid_request', `A ${kind} belongs to a project or group: give --project or --group.`);
  return o;
};

async function makeOnGitLab(client: GitLabClient, secret: string, input: CreateCredentialInput): Promise<Made> {
  const o = input.owner;
  switch (input.kind) {
    case 'deploy': {
      const t = needsTarget(o, 'deploy token');
      const made = await createDeployToken(client, secret, t, { name: input.name, scopes: input.scopes ?? DEPLOY_USES['registry-pull']!, expiresAt: input.expiresAt ?? null, ...(input.username ? { username: input.username } : {}) });
      return { gitlabId: made.id, secret: made.token ?? '', scopes: made.scopes, expiresAt: made.expires_at?.slice(0, 10) ?? null, username: made.username, userId: null, facts: { owner: t.kind } };
    }
    case 'trigger': {
      const t = needsTarget(o, 'pipeline trigger token');
      if (t.kind !== 'project') throw new GitLabError('invalid_request', 'A pipeline trigger token belongs to a project: give --project.');
      const made = await createTrigger(client, secret, t.target, input.description || input.name, input.expiresAt);
      // The expiry stored is GitLab's answer: an instance without trigger expiry answers none.
      return { gitlabId: made.id, secret: made.token, scopes: [], expiresAt: made.expires_at?.slice(0, 10) ?? null, username: null, userId: null, facts: { owner: 'project' } };
    }
    case 'runner': {
      const made = await createRunner(client, secret, o, { description: input.description || input.name, tags: input.tags ?? [], ...(input.paused ? { paused: true } : {}) });
      return { gitlabId: made.id ?? 0, secret: made.token, scopes: [], expiresAt: made.token_expires_at?.slice(0, 10) ?? null, username: null, userId: null, facts: { owner: o.kind, tags: input.tags ?? [], paused: !!input.paused } };
    }
    case 'agent': {
      const t = needsTarget(o, 'cluster agent token');
      if (input.agentId === undefined) throw new GitLabError('invalid_request', 'Say which cluster agent the token is for: --agent ID.');
      const made = await createAgentToken(client, secret, t.target, input.agentId, input.name);
      return { gitlabId: made.id, secret: made.token ?? '', scopes: [], expiresAt: null, username: null, userId: null, facts: { owner: 'project', agentId: input.agentId } };
    }
    case 'service-account': {
      const t = needsTarget(o, 'service account');
      if (t.kind !== 'group') throw new GitLabError('invalid_request', 'A service account belongs to a top-level group: give --group.');
      if (!input.expiresAt) throw new GitLabError('invalid_request', "Say when the service account's token expires: --expires or --duration.");
      const account = await createServiceAccount(client, secret, t.target, { name: input.name, ...(input.username ? { username: input.username } : {}) });
      const made = await createServiceAccountToken(client, secret, t.target, account.id, { name: input.name, scopes: input.scopes ?? ['read_api'], expiresAt: input.expiresAt });
      return { gitlabId: made.id, secret: made.token, scopes: made.scopes, expiresAt: made.expires_at, username: account.username, userId: account.id, facts: { owner: 'group' } };
    }
    case 'oauth-app': {
      if (!input.redirectUri) throw new GitLabError('invalid_request', "Give the application's redirect URI: --redirect-uri URL.");
      const made = await createApplication(client, secret, { name: input.name, redirectUri: input.redirectUri, scopes: input.scopes ?? ['read_user'] });
      return { gitlabId: made.id, secret: made.secret ?? '', scopes: input.scopes ?? ['read_user'], expiresAt: null, username: null, userId: null, facts: { owner: 'instance', clientId: made.application_id } };
    }
    case 'webhook':
      throw new Error('webhook secrets are made by storeWebhookSecret');
  }
}

/** Makes the credential on GitLab with a stored person's token and stores it in the same step. */
export async function createCredentialAndStore(vault: VaultForGitLab, client: GitLabClient, input: CreateCredentialInput, opts: { now?: Date } = {}): Promise<EntryOverview> {
  const now = opts.now ?? new Date();
  const using = vault.get(input.usingId);
  let taken: EntryOverview | null = null;
  try {
    taken = vault.find(input.name);
  } catch {
    taken = null;
  }
  if (taken) throw new GitLabError('invalid_request', `The vault already has a token called "${input.name}"; pick another name before GitLab makes it.`);
  const secret = vault.readSecret(input.usingId);
  // The version first: a kind newer than the instance is refused unsent, the version named.
  await learnVersion(client, secret);
  if (input.kind === 'webhook') return storeWebhookSecret(vault, client, secret, input, now);
  const facts: KindFacts = { managedBy: using.id, ...(input.rotateEveryDays ? { rotateEveryDays: input.rotateEveryDays } : {}) };
  const target = input.owner.kind === 'instance' ? null : input.owner.target;
  const probe = (kind: CreateCredentialInput['kind'], more: KindFacts) => ({ ...using, kind, facts: { ...facts, ...more }, gitlab: { ...using.gitlab, target } }) as EntryOverview;
  // The namesakes already there are not ours: after an answer lost, only a new one is.
  const findable = FINDABLE.has(input.kind) && input.owner.kind !== 'instance';
  const named = input.kind === 'trigger' ? input.description || input.name : input.name;
  // A list refused (a role too low) leaves the create to say GitLab's own refusal.
  const before = findable ? await liveNamed(client, secret, input.kind, input.owner, input.agentId, named).then((ids) => new Set(ids), () => null) : null;
  let made: Made;
  try {
    made = await makeOnGitLab(client, secret, input);
  } catch (err) {
    if (!before || !isGitLabError(err) || !maybeMade(err)) throw err;
    throw await revokeLostCreate(client, secret, input, probe(input.kind, input.agentId !== undefined ? { agentId: input.agentId } : {}), named, before, err);
  }
  Object.assign(facts, made.facts);
  const entryInput: NewEntry = { name: input.name, kind: input.kind, instance: client.instance, scopes: made.scopes, expiresAt: made.expiresAt, description: input.description ?? '', usedIn: input.usedIn ?? [], facts };
  let stored: EntryOverview;
  try {
    stored = vault.add(entryInput, made.secret, 'created');
  } catch (err) {
    // A credential nobody holds is revoked again. Built from what was read before: the store may have
    // failed because the vault locked meanwhile, and then nothing more can be read from it.
    if (input.kind !== 'service-account') {
      const revoked = await revokeOnGitLab(client, secret, probe(input.kind, {}), made.gitlabId, input.owner).then(() => true, () => false);
      throw new GitLabError('store_failed', `Storing the new ${KIND_WORDS[input.kind]} failed (${errorSentence(err)}); ${revoked ? `it was revoked on GitLab again (id ${made.gitlabId}), so nothing is left live: create it again.` : `revoking it on GitLab failed too: ${KIND_WORDS[input.kind]} id ${made.gitlabId} is live and unrecorded, revoke it in GitLab.`}`);
    }
    // A service account's token: revoked by id as the group's Owner (GitLab 17.11+); the account itself stays, holding no live token.
    const group = (input.owner as { target: string }).target;
    const revoked = await revokeServiceAccountToken(client, secret, group, made.userId ?? -1, made.gitlabId).then(() => true, () => false);
    throw new GitLabError('store_failed', `Storing the new token of service account ${made.username ?? made.userId} failed (${errorSentence(err)}); ${revoked ? `its token (id ${made.gitlabId}) was revoked on GitLab again, so nothing is left live: create it again.` : `revoking it on GitLab failed too: token id ${made.gitlabId} is live and unrecorded, revoke it in the group's service accounts.`}`);
  }
  return vault.update(
    stored.id,
    { lastVerifiedAt: now.toISOString(), gitlab: { tokenId: made.gitlabId, userId: made.userId, username: made.username, target, active: true, revoked: false, neverExpires: made.expiresAt === null } },
    event('verified', `Created on GitLab through the API with "${using.name}": a ${KIND_WORDS[input.kind]}, GitLab id ${made.gitlabId}.`, now),
  );
}

/**
 * A webhook's secret is ours, not GitLab's: it is stored first and only then set on the hook, so a
 * failure at any point loses nothing. GitLab refusing the edit outright (4xx: role, no such hook)
 * takes the unused entry out again; an answer that never came (network, 5xx) keeps it, said in its
 * history, since the hook may hold it now.
 */
async function storeWebhookSecret(vault: VaultForGitLab, client: GitLabClient, secret: string, input: CreateCredentialInput, now: Date): Promise<EntryOverview> {
  const t = needsTarget(input.owner, 'webhook');
  if (input.hookId === undefined) throw new GitLabError('invalid_request', 'Say which webhook gets the secret token: --hook ID.');
  const hook = await readHook(client, secret, t, input.hookId);
  const token = newWebhookSecret();
  const facts: KindFacts = { owner: t.kind, hookUrl: hook.url, managedBy: input.usingId, ...(input.rotateEveryDays ? { rotateEveryDays: input.rotateEveryDays } : {}) };
  const stored = vault.add({ name: input.name, kind: 'webhook', instance: client.instance, scopes: [], expiresAt: null, description: input.description ?? '', usedIn: input.usedIn ?? [], facts }, token, 'created');
  try {
    await setHookToken(client, secret, t, input.hookId, hook.url, token);
  } catch (err) {
    const status = isGitLabError(err) ? err.details.status : undefined;
    if (status !== undefined && status >= 400 && status < 500 && vault.remove) vault.remove(stored.id);
    else vault.update(stored.id, { gitlab: { tokenId: input.hookId, target: t.target } }, event('edited', `Stored before setting it on webhook ${input.hookId}; GitLab did not confirm the change, so the hook may hold this secret or its earlier one. Rotate it to set it again.`, now));
    throw err;
  }
  return vault.update(
    stored.id,
    { lastVerifiedAt: now.toISOString(), gitlab: { tokenId: input.hookId, userId: null, username: null, target: t.target, active: true, revoked: false, neverExpires: true } },
    event('verified', `Made here and set on webhook ${input.hookId} (${hook.url}) through the API.`, now),
  );
}

/** Kinds whose list GitLab gives by name to the one who makes them: a create whose answer was lost is found there. */
const FINDABLE = new Set(['deploy', 'trigger', 'agent']);
const NOT_MADE = new Set(['expired', 'revoked', 'unrecognised', 'insufficient_scope', 'forbidden', 'not_permitted', 'not_found', 'invalid_request', 'unknown_host', 'refused', 'tls', 'proxy', 'rate_limited', 'too_new', 'bad_instance', 'login_redirect', 'wrong_token_kind', 'account_blocked', 'granular_permission']);
/** A failure after which GitLab may have made it: the answer lost, not a refusal. */
const maybeMade = (err: unknown) => isGitLabError(err) && !NOT_MADE.has(err.code) && !(err.code === 'timeout' && !err.details.maybeApplied);

/**
 * GitLab may have made the credential and lost the answer, and then nobody holds its secret: a new
 * live namesake (not among those listed before) is revoked again, and the sentence says what happened.
 */
async function revokeLostCreate(client: GitLabClient, secret: string, input: CreateCredentialInput, probe: EntryOverview, named: string, before: Set<number>, err: GitLabError): Promise<GitLabError> {
  const word = KIND_WORDS[input.kind];
  const said = (message: string) => new GitLabError(err.code, message, { ...err.details, maybeApplied: true });
  const lost = `GitLab's answer to creating ${word} "${input.name}" was lost (${errorSentence(err)})`;
  let fresh: number[];
  try {
    fresh = (await liveNamed(client, secret, input.kind, input.owner, input.agentId, named)).filter((id) => !before.has(id));
  } catch (listing) {
    return said(`${lost}, and it could not be checked whether GitLab made it (${errorSentence(listing)}): look for a new "${named}" on GitLab and revoke it, since nobody holds its secret.`);
  }
  if (fresh.length === 0) return said(`${lost}; GitLab lists no new one, so it was not made: create it again.`);
  const revoked: number[] = [];
  for (const id of fresh) if (await revokeOnGitLab(client, secret, probe, id, input.owner).then(() => true, () => false)) revoked.push(id);
  const left = fresh.filter((id) => !revoked.includes(id));
  return said(`${lost}; GitLab had made it (id ${fresh.join(', ')}) and nobody holds its secret, so ${left.length ? `revoking it failed: revoke id ${left.join(', ')} on GitLab` : 'it was revoked again'}; create it again.`);
}

/** The store's own sentence, never a secret: the vault's errors are written for people. */
const errorSentence = (err: unknown): string => (err instanceof Error ? err.message.replace(/\.$/, '') : 'unknown error').slice(0, 200);
