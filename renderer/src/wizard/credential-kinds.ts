// What the wizard asks for each credential GitLab's API can create besides access tokens (issue 22):
// who it may belong to, and the least-privilege choices offered first. Mirrors the main side's
// gitlab/credential-create.ts (DEPLOY_USES, the defaults) and the roles credential-api.ts names.
import type { ArgsOf, DraftFields } from '../../../electron/api';

export type CredentialKind = ArgsOf<'gitlabCreateCredential'>['kind'];
export type Owner = NonNullable<DraftFields['owner']>;

export const isCredentialKind = (k: DraftFields['kind']): k is CredentialKind => k !== undefined && k in CREDENTIALS;

export const CREDENTIALS: Record<CredentialKind, { label: string; hint: string; owners: Owner[] }> = {
  deploy: { label: 'Deploy token', hint: 'Pulls images or clones without a person: a username and token (Maintainer).', owners: ['project', 'group'] },
  trigger: { label: 'Pipeline trigger token', hint: 'Starts a project’s pipelines from elsewhere; may be given an expiry (Maintainer).', owners: ['project'] },
  runner: { label: 'Runner authentication token', hint: 'Registers a runner host (project Maintainer, group Owner, or an administrator).', owners: ['project', 'group', 'instance'] },
  agent: { label: 'Cluster agent token', hint: 'Connects a Kubernetes agent already registered in a project (Maintainer).', owners: ['project'] },
  'service-account': { label: 'Service account token', hint: 'A new service account of a top-level group and its token (Owner).', owners: ['group'] },
  'oauth-app': { label: 'OAuth application secret', hint: 'A new instance-wide OAuth application (administrator).', owners: ['instance'] },
  webhook: { label: 'Webhook secret token', hint: 'Made here and set on an existing webhook (Maintainer; group hooks: Owner).', owners: ['project', 'group'] },
};

export const OWNER_WORDS: Record<Owner, string> = { project: 'A project', group: 'A group', instance: 'The whole instance' };

/** A deploy token's uses, each with the scopes it needs and no more (gitlab/credential-create.ts DEPLOY_USES). */
export const DEPLOY_USES: Array<{ id: string; label: string; scopes: string[] }> = [
  { id: 'registry-pull', label: 'Pull container images (read_registry)', scopes: ['read_registry'] },
  { id: 'clone', label: 'Clone the repository (read_repository)', scopes: ['read_repository'] },
  { id: 'package-pull', label: 'Install packages (read_package_registry)', scopes: ['read_package_registry'] },
  { id: 'registry-push', label: 'Push container images (read_registry, write_registry)', scopes: ['read_registry', 'write_registry'] },
];

/** A service account token's scopes, narrowest first; read_api is the default. */
export const SERVICE_ACCOUNT_SCOPES = ['read_api', 'read_repository', 'read_registry', 'write_repository', 'api'];
export const OAUTH_SCOPES = ['read_user', 'openid', 'profile', 'email', 'read_api', 'api'];

/** The kinds that must be given an expiry here (GitLab requires one for a service account's token; a deploy token is kept short). */
export const NEEDS_EXPIRY: ReadonlySet<CredentialKind> = new Set(['deploy', 'service-account']);

/**
 * Kinds that may be given an expiry but need none: a pipeline trigger token (`expires_at`, GitLab MR 146912 for
 * issue 417111; lib/api/ci/triggers.rb, lib/api/entities/trigger.rb). GitLab's docs pin no release for it, so it is
 * offered on every instance; one without it ignores the date, and the stored token says what GitLab answered.
 */
export const OPTIONAL_EXPIRY: ReadonlySet<CredentialKind> = new Set(['trigger']);

/** The kinds whose expiry, when given, is sent to GitLab. */
export const takesExpiry = (kind: CredentialKind): boolean => NEEDS_EXPIRY.has(kind) || OPTIONAL_EXPIRY.has(kind);

/** The owner a kind starts with: the first it may have, or the one chosen if still allowed. */
export const ownerFor = (kind: CredentialKind, chosen: Owner | undefined): Owner => {
  const owners = CREDENTIALS[kind].owners;
  return chosen && owners.includes(chosen) ? chosen : owners[0]!;
};

/** What the Details step still needs before Create, in words; empty when ready. */
export function detailsMissing(f: DraftFields): string[] {
  if (!isCredentialKind(f.kind)) return [];
  const missing: string[] = [];
  if ((f.kind === 'deploy' || f.kind === 'service-account' || f.kind === 'oauth-app') && !f.scopes?.length) missing.push('a scope');
  if (NEEDS_EXPIRY.has(f.kind) && !f.expiresAt) missing.push('an expiry date');
  if (f.kind === 'agent' && !f.agentId) missing.push('the agent’s id');
  if (f.kind === 'webhook' && !f.hookId) missing.push('the webhook’s id');
  if (f.kind === 'oauth-app' && !/^https?:\/\/\S+$/.test(f.redirectUri ?? '')) missing.push('a redirect URI (https://…)');
  return missing;
}
