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
  createAgentToken, createApplication, createDeployToken, createRunner, createServiceAccount, createServiceAccountToken, createTrigger, readHook, setHookToken,
  type CredentialOwner,
} from './credential-api';
import { event, revokeOnGitLab } from './credential-ops';
import { newWebhookSecret } from './credential-swap';
import { GitLabError } from './errors';
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
      const made = await createTrigger(client, secret, t.target, input.description || input.name);
      return { gitlabId: made.id, secret: made.token, scopes: [], expiresAt: null, username: null, userId: null, facts: { owner: 'project' } };
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
    case 'webhook': {
      const t = needsTarget(o, 'webhook');
      if (input.hookId === undefined) throw new GitLabError('invalid_request', 'Say which webhook gets the secret token: --hook ID.');
      const hook = await readHook(client, secret, t, input.hookId);
      const token = newWebhookSecret();
      await setHookToken(client, secret, t, input.hookId, hook.url, token);
      return { gitlabId: input.hookId, secret: token, scopes: [], expiresAt: null, username: null, userId: null, facts: { owner: t.kind, hookUrl: hook.url } };
    }
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
  const made = await makeOnGitLab(client, secret, input);
  const facts: KindFacts = { ...made.facts, managedBy: using.id, ...(input.rotateEveryDays ? { rotateEveryDays: input.rotateEveryDays } : {}) };
  const target = input.owner.kind === 'instance' ? null : input.owner.target;
  const entryInput: NewEntry = { name: input.name, kind: input.kind, instance: client.instance, scopes: made.scopes, expiresAt: made.expiresAt, description: input.description ?? '', usedIn: input.usedIn ?? [], facts };
  let stored: EntryOverview;
  try {
    stored = vault.add(entryInput, made.secret, 'created');
  } catch (err) {
    // A credential nobody holds is revoked again (a webhook keeps the secret it was given: clear it by hand).
    if (input.kind !== 'webhook' && input.kind !== 'service-account') {
      const probe = { ...vault.get(input.usingId), kind: input.kind, facts, gitlab: { ...using.gitlab, target } } as EntryOverview;
      await revokeOnGitLab(client, secret, probe, made.gitlabId, input.owner).catch(() => undefined);
    }
    throw err;
  }
  return vault.update(
    stored.id,
    { lastVerifiedAt: now.toISOString(), gitlab: { tokenId: made.gitlabId, userId: made.userId, username: made.username, target, active: true, revoked: false } },
    event('verified', `Created on GitLab through the API with "${using.name}": a ${KIND_WORDS[input.kind]}, GitLab id ${made.gitlabId}.`, now),
  );
}
