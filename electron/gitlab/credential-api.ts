// GitLab's calls for the credentials that are not access tokens (issue 22): deploy tokens, pipeline
// trigger tokens, runners, cluster agent tokens, group service accounts, OAuth applications and
// webhooks. One function per call, each with the release that brought it (refused unsent on an older
// instance, the version named) and the role it needs (a bare 403 becomes a sentence naming it).
// The secrets these return appear only in create/reset answers, as GitLab sends them.
import { z } from 'zod';
import type { GitLabClient } from './client';
import { GitLabError, isGitLabError } from './errors';
import { tokenWithSecretSchema, type GitLabTokenWithSecret } from './schemas';

export type CredentialOwner = { kind: 'project' | 'group'; target: string } | { kind: 'instance' };

/** The release of each call (doc/api/*.md "Introduced in"; kind-routes.ts in the emulator). */
export const KIND_SINCE = {
  deployTokens: '12.9',
  triggers: '9.0',
  userRunners: '15.10',
  runnerReset: '14.3',
  agentTokens: '15.0',
  serviceAccounts: '16.1',
  /** By id with the group Owner's token (lib/api/group_service_accounts.rb): rotate in the 17.5 docs, revoke GitLab MR 184287 (17.11). */
  serviceAccountTokenRotate: '17.5',
  serviceAccountTokenRevoke: '17.11',
  applications: '10.5',
  renewSecret: '16.11',
} as const;

const enc = encodeURIComponent;
const base = (o: { kind: 'project' | 'group'; target: string }) => `/${o.kind === 'project' ? 'projects' : 'groups'}/${enc(o.target)}`;
const where = (o: CredentialOwner) => (o.kind === 'instance' ? 'this instance' : `${o.kind} ${o.target}`);

/** A bare 403 from GitLab's `authorize!` means the role is too low: say which role the call needs. */
export async function withRole<T>(call: Promise<T>, what: string, role: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (isGitLabError(err) && err.code === 'forbidden' && err.details.status === 403 && !/\(/.test(err.message))
      throw new GitLabError('not_permitted', `GitLab refused ${what}: that needs ${role}, and this token's user does not have it.`, { ...err.details });
    throw err;
  }
}

// ---- deploy tokens (doc/api/deploy_tokens.md) ----
export const deployTokenSchema = z.object({
  id: z.number().int(), name: z.string(), username: z.string(), expires_at: z.string().nullable(), scopes: z.array(z.string()),
  revoked: z.boolean().optional(), expired: z.boolean().optional(), token: z.string().optional(),
});
export type DeployToken = z.infer<typeof deployTokenSchema>;

export function createDeployToken(client: GitLabClient, secret: string, owner: { kind: 'project' | 'group'; target: string }, input: { name: string; scopes: string[]; expiresAt: string | null; username?: string }) {
  const what = `creating a deploy token in ${where(owner)}`;
  return withRole(
    client.request(secret, {
      method: 'POST', path: `${base(owner)}/deploy_tokens`, since: KIND_SINCE.deployTokens, what, schema: deployTokenSchema,
      body: { name: input.name, scopes: input.scopes, ...(input.expiresAt ? { expires_at: input.expiresAt } : {}), ...(input.username ? { username: input.username } : {}) },
    }).then((a) => a.data),
    what, `the Maintainer role in ${where(owner)}`,
  );
}

export function listDeployTokens(client: GitLabClient, secret: string, owner: { kind: 'project' | 'group'; target: string }) {
  const what = `listing the deploy tokens of ${where(owner)}`;
  return withRole(client.paginate(secret, { path: `${base(owner)}/deploy_tokens`, since: KIND_SINCE.deployTokens, what, schema: z.array(deployTokenSchema) }), what, `the Maintainer role in ${where(owner)}`);
}

export function revokeDeployToken(client: GitLabClient, secret: string, owner: { kind: 'project' | 'group'; target: string }, id: number) {
  const what = `revoking deploy token ${id} of ${where(owner)}`;
  return withRole(client.request(secret, { method: 'DELETE', path: `${base(owner)}/deploy_tokens/${id}`, since: KIND_SINCE.deployTokens, what }).then(() => undefined), what, `the Maintainer role in ${where(owner)}`);
}

// ---- pipeline trigger tokens (doc/api/pipeline_triggers.md) ----
export const triggerSchema = z.object({ id: z.number().int(), description: z.string().nullable(), token: z.string(), created_at: z.string().nullable().optional(), expires_at: z.string().nullable().optional() });
export type Trigger = z.infer<typeof triggerSchema>;

/** expiresAt: GitLab MR 146912's optional expiry; a GitLab without it drops the parameter and answers none. */
export function createTrigger(client: GitLabClient, secret: string, project: string, description: string, expiresAt?: string | null) {
  const what = `creating a pipeline trigger token in project ${project}`;
  return withRole(
    client.request(secret, { method: 'POST', path: `/projects/${enc(project)}/triggers`, since: KIND_SINCE.triggers, what, schema: triggerSchema, body: { description, ...(expiresAt ? { expires_at: expiresAt } : {}) } }).then((a) => a.data),
    what, `the Maintainer role in project ${project}`,
  );
}

export function listTriggers(client: GitLabClient, secret: string, project: string) {
  const what = `listing the pipeline trigger tokens of project ${project}`;
  return withRole(client.paginate(secret, { path: `/projects/${enc(project)}/triggers`, since: KIND_SINCE.triggers, what, schema: z.array(triggerSchema) }), what, `the Maintainer role in project ${project}`);
}

export function revokeTrigger(client: GitLabClient, secret: string, project: string, id: number) {
  const what = `revoking pipeline trigger token ${id} of project ${project}`;
  return withRole(client.request(secret, { method: 'DELETE', path: `/projects/${enc(project)}/triggers/${id}`, since: KIND_SINCE.triggers, what }).then(() => undefined), what, `the Maintainer role in project ${project}`);
}

// ---- runners (doc/api/users.md "Create a runner", doc/api/runners.md) ----
export const runnerTokenSchema = z.object({ id: z.number().int().optional(), token: z.string(), token_expires_at: z.string().nullable().optional() });
export const runnerSchema = z.object({ id: z.number().int(), description: z.string().nullable().optional(), paused: z.boolean().optional(), runner_type: z.string().optional(), tag_list: z.array(z.string()).optional() });

const runnerRole = (o: CredentialOwner) => (o.kind === 'instance' ? 'an administrator' : o.kind === 'group' ? `the Owner role in group ${o.target}` : `the Maintainer role in project ${o.target}`);

export function createRunner(client: GitLabClient, secret: string, owner: CredentialOwner, input: { description: string; tags: string[]; paused?: boolean }) {
  const what = `creating a runner for ${where(owner)}`;
  const target = owner.kind === 'project' ? { project_id: owner.target } : owner.kind === 'group' ? { group_id: owner.target } : {};
  return withRole(
    client.request(secret, {
      method: 'POST', path: '/user/runners', since: KIND_SINCE.userRunners, what, schema: runnerTokenSchema,
      body: { runner_type: `${owner.kind}_type`, ...target, description: input.description, tag_list: input.tags.join(','), ...(input.paused ? { paused: true } : {}) },
    }).then((a) => a.data),
    what, runnerRole(owner),
  );
}

/** POST /runners/verify with the runner's own token: true when GitLab knows it, false on 403 (reset or deleted). */
export async function verifyRunnerToken(client: GitLabClient, runnerToken: string): Promise<{ id: number | null; expiresAt: string | null } | null> {
  try {
    const a = await client.request(null, { method: 'POST', path: '/runners/verify', what: 'verifying the runner authentication token', schema: runnerTokenSchema.partial(), body: { token: runnerToken } });
    return { id: a.data.id ?? null, expiresAt: a.data.token_expires_at ?? null };
  } catch (err) {
    if (isGitLabError(err) && err.code === 'forbidden') return null;
    throw err;
  }
}

export function readRunner(client: GitLabClient, secret: string, id: number, owner: CredentialOwner) {
  const what = `reading runner ${id}`;
  return withRole(client.request(secret, { path: `/runners/${id}`, what, schema: runnerSchema }).then((a) => a.data), what, runnerRole(owner));
}

/** A new authentication token for the runner: by id with a manager's token, else with its own current token. */
export function resetRunnerToken(client: GitLabClient, how: { managerSecret: string; id: number; owner: CredentialOwner } | { runnerToken: string }) {
  const what = 'resetting the runner authentication token';
  if ('runnerToken' in how)
    return client.request(null, { method: 'POST', path: '/runners/reset_authentication_token', since: KIND_SINCE.runnerReset, what, schema: runnerTokenSchema, body: { token: how.runnerToken } }).then((a) => a.data);
  return withRole(
    client.request(how.managerSecret, { method: 'POST', path: `/runners/${how.id}/reset_authentication_token`, since: KIND_SINCE.runnerReset, what, schema: runnerTokenSchema }).then((a) => a.data),
    what, runnerRole(how.owner),
  );
}

export function deleteRunner(client: GitLabClient, secret: string, id: number, owner: CredentialOwner) {
  const what = `deleting runner ${id}`;
  return withRole(client.request(secret, { method: 'DELETE', path: `/runners/${id}`, what }).then(() => undefined), what, runnerRole(owner));
}

// ---- cluster agent tokens (doc/api/cluster_agents.md) ----
export const agentTokenSchema = z.object({ id: z.number().int(), name: z.string(), agent_id: z.number().int(), status: z.string().optional(), created_at: z.string().nullable().optional(), token: z.string().optional() });
export type AgentToken = z.infer<typeof agentTokenSchema>;

const agentBase = (project: string, agentId: number) => `/projects/${enc(project)}/cluster_agents/${agentId}/tokens`;

export function createAgentToken(client: GitLabClient, secret: string, project: string, agentId: number, name: string) {
  const what = `creating a token for agent ${agentId} of project ${project}`;
  return withRole(client.request(secret, { method: 'POST', path: agentBase(project, agentId), since: KIND_SINCE.agentTokens, what, schema: agentTokenSchema, body: { name } }).then((a) => a.data), what, `the Maintainer role in project ${project}`);
}

export function listAgentTokens(client: GitLabClient, secret: string, project: string, agentId: number) {
  const what = `listing the tokens of agent ${agentId} of project ${project}`;
  return withRole(client.paginate(secret, { path: agentBase(project, agentId), since: KIND_SINCE.agentTokens, what, schema: z.array(agentTokenSchema) }), what, `the Maintainer role in project ${project}`);
}

export function revokeAgentToken(client: GitLabClient, secret: string, project: string, agentId: number, id: number) {
  const what = `revoking token ${id} of agent ${agentId}`;
  return withRole(client.request(secret, { method: 'DELETE', path: `${agentBase(project, agentId)}/${id}`, since: KIND_SINCE.agentTokens, what }).then(() => undefined), what, `the Maintainer role in project ${project}`);
}

// ---- group service accounts (doc/api/group_service_accounts.md) ----
export const serviceAccountSchema = z.object({ id: z.number().int(), username: z.string(), name: z.string().optional() });

export function createServiceAccount(client: GitLabClient, secret: string, group: string, input: { name: string; username?: string }) {
  const what = `creating a service account in group ${group}`;
  return withRole(
    client.request(secret, { method: 'POST', path: `/groups/${enc(group)}/service_accounts`, since: KIND_SINCE.serviceAccounts, what, schema: serviceAccountSchema, body: { name: input.name, ...(input.username ? { username: input.username } : {}) } }).then((a) => a.data),
    what, `the Owner role in the top-level group ${group} (or an administrator)`,
  );
}

export function createServiceAccountToken(client: GitLabClient, secret: string, group: string, userId: number, input: { name: string; scopes: string[]; expiresAt: string }): Promise<GitLabTokenWithSecret> {
  const what = `creating a token for service account ${userId} of group ${group}`;
  return withRole(
    client.request(secret, { method: 'POST', path: `/groups/${enc(group)}/service_accounts/${userId}/personal_access_tokens`, since: KIND_SINCE.serviceAccounts, what, schema: tokenWithSecretSchema, body: { name: input.name, scopes: input.scopes, expires_at: input.expiresAt } }).then((a) => a.data),
    what, `the Owner role in the top-level group ${group} (or an administrator)`,
  );
}

/** Revokes a service account's token by id as the group's Owner (the token's own revoke needs the token). */
export function revokeServiceAccountToken(client: GitLabClient, secret: string, group: string, userId: number, tokenId: number) {
  const what = `revoking token ${tokenId} of service account ${userId} of group ${group}`;
  return withRole(
    client.request(secret, { method: 'DELETE', path: `/groups/${enc(group)}/service_accounts/${userId}/personal_access_tokens/${tokenId}`, since: KIND_SINCE.serviceAccountTokenRevoke, what }).then(() => undefined),
    what, `the Owner role in the top-level group ${group} (or an administrator)`,
  );
}

// ---- OAuth applications (doc/api/applications.md) ----
export const applicationSchema = z.object({ id: z.number().int(), application_id: z.string(), application_name: z.string(), secret: z.string().optional() });

export function createApplication(client: GitLabClient, secret: string, input: { name: string; redirectUri: string; scopes: string[] }) {
  const what = 'creating an OAuth application';
  return withRole(
    client.request(secret, { method: 'POST', path: '/applications', since: KIND_SINCE.applications, what, schema: applicationSchema, body: { name: input.name, redirect_uri: input.redirectUri, scopes: input.scopes.join(' ') } }).then((a) => a.data),
    what, 'an administrator',
  );
}

export function renewApplicationSecret(client: GitLabClient, secret: string, id: number) {
  const what = `renewing the secret of OAuth application ${id}`;
  return withRole(client.request(secret, { method: 'POST', path: `/applications/${id}/renew-secret`, since: KIND_SINCE.renewSecret, what, schema: applicationSchema }).then((a) => a.data), what, 'an administrator');
}

export function listApplications(client: GitLabClient, secret: string) {
  return withRole(client.paginate(secret, { path: '/applications', since: KIND_SINCE.applications, what: 'listing the OAuth applications', schema: z.array(applicationSchema) }), 'listing the OAuth applications', 'an administrator');
}

export function deleteApplication(client: GitLabClient, secret: string, id: number) {
  const what = `deleting OAuth application ${id}`;
  return withRole(client.request(secret, { method: 'DELETE', path: `/applications/${id}`, since: KIND_SINCE.applications, what }).then(() => undefined), what, 'an administrator');
}

// ---- webhooks (doc/api/project_webhooks.md, group_webhooks.md) ----
export const hookSchema = z.object({ id: z.number().int(), url: z.string() });

const hookRole = (o: { kind: 'project' | 'group'; target: string }) => (o.kind === 'project' ? `the Maintainer role in project ${o.target}` : `the Owner role in group ${o.target}`);

export function readHook(client: GitLabClient, secret: string, owner: { kind: 'project' | 'group'; target: string }, id: number) {
  const what = `reading webhook ${id} of ${where(owner)}`;
  return withRole(client.request(secret, { path: `${base(owner)}/hooks/${id}`, what, schema: hookSchema }).then((a) => a.data), what, hookRole(owner));
}

/** Sets the hook's secret token; the URL is sent as read (older GitLab requires it on every edit). */
export function setHookToken(client: GitLabClient, secret: string, owner: { kind: 'project' | 'group'; target: string }, id: number, url: string, token: string) {
  const what = `setting the secret token of webhook ${id} of ${where(owner)}`;
  return withRole(client.request(secret, { method: 'PUT', path: `${base(owner)}/hooks/${id}`, what, schema: hookSchema, body: { url, token } }).then((a) => a.data), what, hookRole(owner));
}
