// Scopes in plain words, and the least-privilege recommendation for each purpose. Facts from
// ../shared/gitlab-api.md: write_repository is Git-over-HTTP only; project/group tokens cannot
// have read_user, sudo or admin_mode.
export type Risk = 'low' | 'write' | 'high';

export interface ScopeInfo {
  scope: string;
  plain: string;
  risk: Risk;
  adminOnly?: boolean;
  notForBots?: boolean;
}

export const SCOPES: ScopeInfo[] = [
  { scope: 'read_repository', plain: 'Clone and pull repositories over HTTPS (Git only).', risk: 'low' },
  { scope: 'read_registry', plain: 'Pull container images from the registry.', risk: 'low' },
  { scope: 'read_api', plain: 'Read everything the API shows you: projects, groups, issues, pipelines. Cannot change anything.', risk: 'low' },
  { scope: 'read_user', plain: 'Read your profile (username, email) through the API.', risk: 'low', notForBots: true },
  { scope: 'read_virtual_registry', plain: 'Pull packages through the virtual registry.', risk: 'low' },
  { scope: 'self_rotate', plain: 'Lets the token rotate itself, nothing else. Handy so it can be renewed later.', risk: 'low' },
  { scope: 'write_repository', plain: 'Push code over HTTPS (Git only, not the API). Can overwrite branches it may push to.', risk: 'write' },
  { scope: 'write_registry', plain: 'Push and overwrite container images.', risk: 'write' },
  { scope: 'write_virtual_registry', plain: 'Push packages through the virtual registry.', risk: 'write' },
  { scope: 'create_runner', plain: 'Register new CI runners.', risk: 'write' },
  { scope: 'manage_runner', plain: 'Change and remove CI runners.', risk: 'write' },
  { scope: 'k8s_proxy', plain: 'Call Kubernetes through the GitLab agent.', risk: 'write' },
  { scope: 'ai_features', plain: 'Use GitLab Duo features.', risk: 'low' },
  { scope: 'api', plain: 'Full read and write access to everything you can do: projects, groups, settings, other tokens.', risk: 'high' },
  { scope: 'sudo', plain: 'Act as any user on the instance (administrators only).', risk: 'high', adminOnly: true, notForBots: true },
  { scope: 'admin_mode', plain: 'Perform administrator actions (administrators only).', risk: 'high', adminOnly: true, notForBots: true },
  { scope: 'read_service_ping', plain: 'Read service ping data (administrators only).', risk: 'low', adminOnly: true },
];

const byScope = new Map(SCOPES.map((s) => [s.scope, s]));
export const scopeInfo = (scope: string): ScopeInfo => byScope.get(scope) ?? { scope, plain: 'A scope Token Vault does not know yet.', risk: 'write' };
export const describeScope = (scope: string) => scopeInfo(scope).plain;

export interface Purpose {
  id: string;
  label: string;
  scopes: string[];
  why: string;
}

export const PURPOSES: Purpose[] = [
  { id: 'ci-clone', label: 'Clone or pull code (CI, build scripts)', scopes: ['read_repository'], why: 'Cloning needs only read_repository; it cannot push or use the API.' },
  { id: 'pull-images', label: 'Pull container images', scopes: ['read_registry'], why: 'Pulling images needs only read_registry.' },
  { id: 'read-scripts', label: 'Read-only scripts and dashboards', scopes: ['read_api'], why: 'read_api sees what you see and changes nothing.' },
  { id: 'push-code', label: 'Push code (release bots, mirrors)', scopes: ['write_repository'], why: 'Pushing over Git needs write_repository (which includes reading); no API access.' },
  { id: 'push-images', label: 'Build and push container images', scopes: ['read_registry', 'write_registry'], why: 'Pushing images needs write_registry; pulling base images needs read_registry.' },
  { id: 'automation', label: 'Automation that changes things through the API', scopes: ['api'], why: 'Only api can change things through the API. It is powerful: keep the expiry short.' },
  { id: 'other', label: 'Something else (choose scopes yourself)', scopes: [], why: 'Pick the fewest scopes that do the job.' },
];

export const purposeById = (id: string | undefined) => PURPOSES.find((p) => p.id === id);

/** Sentences to show beside the chosen scopes; empty when the choice is least-privilege. */
export function scopeWarnings(scopes: readonly string[], kind: string): string[] {
  const out: string[] = [];
  for (const s of scopes) {
    const info = scopeInfo(s);
    if (info.risk === 'high') out.push(`${s}: ${info.plain} Prefer a narrower scope if one does the job.`);
    else if (info.risk === 'write') out.push(`${s} can change things. Make sure the job really needs to write.`);
    if (info.notForBots && (kind === 'project' || kind === 'group')) out.push(`${kind} access tokens cannot have ${s}; GitLab will refuse it.`);
  }
  if (scopes.includes('api') && scopes.some((s) => s === 'read_api' || s === 'read_repository')) {
    out.push('api already includes reading; the read scopes add nothing.');
  }
  return out;
}

export const EXPIRY_PRESETS = [30, 60, 90, 180, 365] as const;
/** GitLab's default maximum lifetime; admins may set lower. */
export const INSTANCE_MAX_DAYS = 365;
