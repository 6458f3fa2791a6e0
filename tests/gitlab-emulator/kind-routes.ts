// The other credential kinds as GitLab's API answers them (issue 22). Each route cites its source
// in README.md ("Other credential kinds"). Roles: deploy tokens, triggers, agent tokens and project
// hooks need Maintainer, a group's deploy tokens Maintainer and its hooks Owner, group runners Owner,
// instance runners and applications an administrator; below it GitLab's `authorize!` answers 403
// {"message":"403 Forbidden"}.
import type { EmCredential } from './credentials';
import { forbidden, msg, notFound, paginate, paramError, param, rotateReply, scopesParam, type Reply, type Route, type RouteContext } from './routes-common';
import type { EmTarget, EmulatorState } from './state';

const DEPLOY_SCOPES = ['read_repository', 'read_registry', 'write_registry', 'read_package_registry', 'write_package_registry', 'read_virtual_registry', 'write_virtual_registry'];
const seg = '([^/]+)';
const ANY = ['api'];

type Owner = 'project' | 'group';
const plural = (o: Owner) => (o === 'project' ? 'projects' : 'groups');

/** The project or group, when the user can see it (404 otherwise), and the user's level there. */
function source(ctx: RouteContext, owner: Owner): { target: EmTarget; level: number } | null {
  const target = ctx.state.findTarget(owner, ctx.params[0] ?? '');
  if (!target) return null;
  const admin = ctx.state.actsAsAdmin(ctx.token);
  if (!admin && !target.members.has(ctx.token.userId)) return null;
  return { target, level: admin ? 50 : (target.members.get(ctx.token.userId) ?? 0) };
}

const expired = (state: EmulatorState, c: EmCredential) => c.expiresAt !== null && Date.parse(c.expiresAt) <= state.now().getTime();

function deployView(state: EmulatorState, c: EmCredential, secret = false) {
  return { id: c.id, name: c.name, username: c.username, expires_at: c.expiresAt, scopes: c.scopes, revoked: c.revoked, expired: expired(state, c), ...(secret ? { token: c.secret } : {}) };
}

function deployRoutes(owner: Owner): Route[] {
  const base = `^/${plural(owner)}/${seg}/deploy_tokens`;
  const label = owner === 'project' ? 'Project' : 'Group';
  return [
    {
      method: 'GET', pattern: new RegExp(`${base}$`), since: '12.9', scopes: ['api', 'read_api'],
      handle(ctx) {
        const s = source(ctx, owner);
        if (!s) return notFound(label);
        if (s.level < 40) return forbidden();
        const active = ctx.query.get('active') === 'true';
        const list = ctx.state.creds.of('deploy', owner, s.target.id).filter((c) => !active || (!c.revoked && !expired(ctx.state, c)));
        // lib/api/deploy_tokens.rb: `present paginate(...)`.
        return paginate(list.map((c) => deployView(ctx.state, c)), ctx);
      },
    },
    {
      method: 'POST', pattern: new RegExp(`${base}$`), since: '12.9', scopes: ANY,
      handle(ctx) {
        const s = source(ctx, owner);
        if (!s) return notFound(label);
        if (s.level < 40) return forbidden();
        const name = param(ctx, 'name');
        if (typeof name !== 'string' || !name) return paramError('name is missing');
        const scopes = scopesParam(ctx);
        if (!scopes?.length) return paramError('scopes is missing');
        if (scopes.some((x) => !DEPLOY_SCOPES.includes(x))) return paramError('scopes does not have a valid value');
        const rawExpiry = param(ctx, 'expires_at');
        const expiresAt = typeof rawExpiry === 'string' && rawExpiry ? new Date(rawExpiry.length === 10 ? `${rawExpiry}T00:00:00Z` : rawExpiry).toISOString() : null;
        const id = ctx.state.id();
        const chosen = param(ctx, 'username');
        const c: EmCredential = {
          id, kind: 'deploy', owner, targetId: s.target.id, name, username: typeof chosen === 'string' && chosen ? chosen : `gitlab+deploy-token-${id}`, scopes,
          expiresAt, revoked: false, secret: ctx.state.creds.newSecret('deploy'), createdAt: ctx.state.now().toISOString(), createdBy: ctx.token.userId,
          agentId: null, tags: [], paused: false, clientId: null,
        };
        ctx.state.creds.credentials.set(id, c);
        return { status: 201, json: deployView(ctx.state, c, true) };
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`${base}/${seg}$`), since: '12.9', scopes: ANY,
      handle(ctx) {
        const s = source(ctx, owner);
        if (!s) return notFound(label);
        if (s.level < 40) return forbidden();
        const c = ctx.state.creds.credentials.get(Number(ctx.params[1]));
        if (!c || c.kind !== 'deploy' || c.targetId !== s.target.id) return notFound('Deploy token');
        // DeployTokens::DestroyService: the token is deleted, not kept as revoked.
        ctx.state.creds.credentials.delete(c.id);
        return { status: 204 };
      },
    },
  ];
}

function triggerView(ctx: RouteContext, c: EmCredential, full: boolean) {
  // pipeline_triggers.md: the token in full for its owner, its first four characters for anyone else.
  // lib/api/entities/trigger.rb exposes expires_at (null for a trigger made without one).
  return { id: c.id, description: c.name, created_at: c.createdAt, last_used: null, expires_at: c.expiresAt, token: full || c.createdBy === ctx.token.userId ? c.secret : c.secret.slice(0, 4), updated_at: c.createdAt, owner: { id: c.createdBy } };
}

const triggerRoutes: Route[] = [
  {
    method: 'GET', pattern: new RegExp(`^/projects/${seg}/triggers$`), since: '9.0', scopes: ['api', 'read_api'],
    handle(ctx) {
      const s = source(ctx, 'project');
      if (!s) return notFound('Project');
      if (s.level < 40) return forbidden();
      // lib/api/ci/triggers.rb: `present paginate(triggers)`.
      return paginate(ctx.state.creds.of('trigger', 'project', s.target.id).map((c) => triggerView(ctx, c, false)), ctx);
    },
  },
  {
    method: 'POST', pattern: new RegExp(`^/projects/${seg}/triggers$`), since: '9.0', scopes: ANY,
    handle(ctx) {
      const s = source(ctx, 'project');
      if (!s) return notFound('Project');
      if (s.level < 40) return forbidden();
      const description = param(ctx, 'description');
      if (typeof description !== 'string' || !description) return paramError('description is missing');
      // lib/api/ci/triggers.rb: `optional :expires_at, type: DateTime` (GitLab MR 146912), handed to
      // Ci::PipelineTriggers::CreateService; Grape refuses what is not a date-time before the service runs.
      const rawExpiry = param(ctx, 'expires_at');
      const expiry = rawExpiry === undefined || rawExpiry === null || rawExpiry === '' ? null : new Date(String(rawExpiry));
      if (expiry && Number.isNaN(expiry.getTime())) return paramError('expires_at is invalid');
      const id = ctx.state.id();
      const c: EmCredential = {
        id, kind: 'trigger', owner: 'project', targetId: s.target.id, name: description, username: null, scopes: [], expiresAt: expiry ? expiry.toISOString() : null, revoked: false,
        secret: ctx.state.creds.newSecret('trigger'), createdAt: ctx.state.now().toISOString(), createdBy: ctx.token.userId, agentId: null, tags: [], paused: false, clientId: null,
      };
      ctx.state.creds.credentials.set(id, c);
      return { status: 201, json: triggerView(ctx, c, true) };
    },
  },
  {
    method: 'DELETE', pattern: new RegExp(`^/projects/${seg}/triggers/${seg}$`), since: '9.0', scopes: ANY,
    handle(ctx) {
      const s = source(ctx, 'project');
      if (!s) return notFound('Project');
      if (s.level < 40) return forbidden();
      const c = ctx.state.creds.credentials.get(Number(ctx.params[1]));
      if (!c || c.kind !== 'trigger' || c.targetId !== s.target.id) return notFound('Trigger');
      ctx.state.creds.credentials.delete(c.id);
      return { status: 204 };
    },
  },
];

function runnerView(ctx: RouteContext, c: EmCredential) {
  const path = c.targetId === null ? null : (c.owner === 'group' ? ctx.state.groups : ctx.state.projects).get(c.targetId)?.path ?? null;
  return { id: c.id, description: c.name, paused: c.paused, active: !c.paused, runner_type: `${c.owner}_type`, is_shared: c.owner === 'instance', tag_list: c.tags, ...(c.owner === 'instance' ? {} : { [c.owner === 'group' ? 'groups' : 'projects']: [{ id: c.targetId, path_with_namespace: path }] }) };
}

/** May this user manage the runner (create_runner / admin_runner): admin for instance runners, Owner of a group, Maintainer of a project. */
function mayManageRunner(ctx: RouteContext, owner: EmCredential['owner'], targetId: number | null): boolean {
  if (ctx.state.actsAsAdmin(ctx.token)) return true;
  if (owner === 'instance' || targetId === null) return false;
  const target = (owner === 'group' ? ctx.state.groups : ctx.state.projects).get(targetId);
  return (target?.members.get(ctx.token.userId) ?? 0) >= (owner === 'group' ? 50 : 40);
}

/**
 * A runner token's expiry as GitLab computes it whenever the token is set (app/models/ci/runner.rb:
 * `add_authentication_token_field :token, expires_at: :compute_token_expiration`): now plus the administrator's
 * interval for the runner's type, none when blank. A group's or project's own shorter interval
 * (`effective_runner_token_expiration_interval`) is not modelled.
 */
function runnerExpiry(state: EmulatorState, owner: EmCredential['owner']): string | null {
  const seconds = state.settings.runnerTokenExpiration[owner];
  return seconds ? new Date(state.now().getTime() + seconds * 1000).toISOString() : null;
}

const runnerTokenReply = (c: EmCredential, status: number): Reply => ({ status, json: { id: c.id, token: c.secret, token_expires_at: c.expiresAt } });

const runnerRoutes: Route[] = [
  {
    method: 'POST', pattern: /^\/user\/runners$/, since: '15.10', scopes: ['api', 'create_runner'],
    handle(ctx) {
      const type = param(ctx, 'runner_type');
      if (type !== 'instance_type' && type !== 'group_type' && type !== 'project_type') return paramError('runner_type does not have a valid value');
      const owner = type.replace('_type', '') as EmCredential['owner'];
      let targetId: number | null = null;
      if (owner !== 'instance') {
        const ref = param(ctx, owner === 'group' ? 'group_id' : 'project_id');
        if (ref === undefined) return paramError(`${owner}_id is missing`);
        const target = ctx.state.findTarget(owner, String(ref));
        if (!target) return forbidden();
        targetId = target.id;
      }
      if (!mayManageRunner(ctx, owner, targetId)) return forbidden();
      const tags = param(ctx, 'tag_list');
      const id = ctx.state.id();
      const c: EmCredential = {
        id, kind: 'runner', owner, targetId, name: String(param(ctx, 'description') ?? ''), username: null, scopes: [], expiresAt: runnerExpiry(ctx.state, owner), revoked: false,
        secret: ctx.state.creds.newSecret('runner'), createdAt: ctx.state.now().toISOString(), createdBy: ctx.token.userId, agentId: null,
        tags: Array.isArray(tags) ? tags.map(String) : typeof tags === 'string' && tags ? tags.split(',').map((t) => t.trim()) : [], paused: param(ctx, 'paused') === true || param(ctx, 'paused') === 'true', clientId: null,
      };
      ctx.state.creds.credentials.set(id, c);
      return runnerTokenReply(c, 201);
    },
  },
  {
    method: 'GET', pattern: new RegExp(`^/runners/${seg}$`), since: '8.5', scopes: ['api', 'read_api', 'manage_runner'],
    handle(ctx) {
      const c = ctx.state.creds.credentials.get(Number(ctx.params[0]));
      if (!c || c.kind !== 'runner') return notFound('Runner');
      return mayManageRunner(ctx, c.owner, c.targetId) ? { status: 200, json: runnerView(ctx, c) } : forbidden();
    },
  },
  {
    method: 'DELETE', pattern: new RegExp(`^/runners/${seg}$`), since: '8.5', scopes: ['api', 'manage_runner'],
    handle(ctx) {
      const c = ctx.state.creds.credentials.get(Number(ctx.params[0]));
      if (!c || c.kind !== 'runner') return notFound('Runner');
      if (!mayManageRunner(ctx, c.owner, c.targetId)) return forbidden();
      ctx.state.creds.credentials.delete(c.id);
      return { status: 204 };
    },
  },
  {
    method: 'POST', pattern: new RegExp(`^/runners/${seg}/reset_authentication_token$`), since: '14.3', scopes: ['api', 'manage_runner'],
    handle(ctx) {
      const c = ctx.state.creds.credentials.get(Number(ctx.params[0]));
      if (!c || c.kind !== 'runner') return notFound('Runner');
      if (!mayManageRunner(ctx, c.owner, c.targetId)) return forbidden();
      c.secret = ctx.state.creds.newSecret('runner');
      c.expiresAt = runnerExpiry(ctx.state, c.owner);
      return { status: 201, json: { token: c.secret, token_expires_at: c.expiresAt } };
    },
  },
];

/**
 * The runner's own routes (lib/api/ci/runner.rb): authenticated by the runner token in the body,
 * not by a user's token — `authenticate_runner!` answers 403 to a token it does not know.
 */
export function runnerTokenRoute(state: EmulatorState, method: string, path: string, body: Record<string, unknown>): Reply | null {
  if (method !== 'POST' || (path !== '/runners/verify' && path !== '/runners/reset_authentication_token')) return null;
  const c = typeof body['token'] === 'string' ? state.creds.bySecret('runner', body['token']) : undefined;
  if (!c || (c.expiresAt !== null && Date.parse(c.expiresAt) <= state.now().getTime())) return forbidden();
  if (path === '/runners/verify') return runnerTokenReply(c, 200);
  c.secret = state.creds.newSecret('runner');
  c.expiresAt = runnerExpiry(state, c.owner);
  return { status: 201, json: { token: c.secret, token_expires_at: c.expiresAt } };
}

function agentTokenView(c: EmCredential, secret = false) {
  return { id: c.id, name: c.name, description: null, agent_id: c.agentId, status: c.revoked ? 'revoked' : 'active', created_at: c.createdAt, created_by_user_id: c.createdBy, last_used_at: null, ...(secret ? { token: c.secret } : {}) };
}

const agentRoutes: Route[] = (() => {
  const base = `^/projects/${seg}/cluster_agents/${seg}/tokens`;
  const agentOf = (ctx: RouteContext): { s: { target: EmTarget; level: number }; agentId: number } | Reply => {
    const s = source(ctx, 'project');
    if (!s) return notFound('Project');
    const agent = ctx.state.creds.agents.get(Number(ctx.params[1]));
    if (!agent || agent.projectId !== s.target.id) return notFound('Agent');
    if (s.level < 40) return forbidden();
    return { s, agentId: agent.id };
  };
  const active = (ctx: RouteContext, agentId: number) => [...ctx.state.creds.credentials.values()].filter((c) => c.kind === 'agent' && c.agentId === agentId && !c.revoked);
  return [
    {
      method: 'GET', pattern: new RegExp(`${base}$`), since: '15.0', scopes: ['api', 'read_api'],
      handle(ctx) {
        const a = agentOf(ctx);
        if ('status' in a) return a;
        // Clusters::AgentTokensFinder lists the agent's active tokens.
        return paginate(active(ctx, a.agentId).map((c) => agentTokenView(c)), ctx);
      },
    },
    {
      method: 'POST', pattern: new RegExp(`${base}$`), since: '15.0', scopes: ANY,
      handle(ctx) {
        const a = agentOf(ctx);
        if ('status' in a) return a;
        const name = param(ctx, 'name');
        if (typeof name !== 'string' || !name) return paramError('name is missing');
        // app/services/clusters/agent_tokens/create_service.rb ACTIVE_TOKENS_LIMIT = 2 (16.1+).
        if (active(ctx, a.agentId).length >= 2) return msg(400, '400 Bad request - An agent can have only two active tokens at a time');
        const id = ctx.state.id();
        const c: EmCredential = {
          id, kind: 'agent', owner: 'project', targetId: a.s.target.id, name, username: null, scopes: [], expiresAt: null, revoked: false,
          secret: ctx.state.creds.newSecret('agent'), createdAt: ctx.state.now().toISOString(), createdBy: ctx.token.userId, agentId: a.agentId, tags: [], paused: false, clientId: null,
        };
        ctx.state.creds.credentials.set(id, c);
        return { status: 201, json: agentTokenView(c, true) };
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`${base}/${seg}$`), since: '15.0', scopes: ANY,
      handle(ctx) {
        const a = agentOf(ctx);
        if ('status' in a) return a;
        const c = ctx.state.creds.credentials.get(Number(ctx.params[2]));
        if (!c || c.kind !== 'agent' || c.agentId !== a.agentId || c.revoked) return notFound('Agent token');
        c.revoked = true;
        return { status: 204 };
      },
    },
  ];
})();

function applicationView(c: EmCredential, secret = false) {
  return { id: c.id, application_id: c.clientId, application_name: c.name, callback_url: 'https://app.example.com/callback', confidential: true, ...(secret ? { secret: c.secret } : {}) };
}

const applicationRoutes: Route[] = [
  {
    method: 'POST', pattern: /^\/applications$/, since: '10.5', scopes: ANY,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const name = param(ctx, 'name');
      if (typeof name !== 'string' || !name) return paramError('name is missing');
      if (!param(ctx, 'redirect_uri')) return paramError('redirect_uri is missing');
      const id = ctx.state.id();
      const c: EmCredential = {
        id, kind: 'application', owner: 'instance', targetId: null, name, username: null, scopes: String(param(ctx, 'scopes') ?? '').split(/\s+/).filter(Boolean), expiresAt: null, revoked: false,
        secret: ctx.state.creds.newSecret('application'), createdAt: ctx.state.now().toISOString(), createdBy: ctx.token.userId, agentId: null, tags: [], paused: false,
        clientId: ctx.state.creds.newSecret('application').slice(6, 38),
      };
      ctx.state.creds.credentials.set(id, c);
      // applications.md: "Returns 200 if the request succeeds."
      return { status: 200, json: applicationView(c, true) };
    },
  },
  {
    method: 'GET', pattern: /^\/applications$/, since: '10.5', scopes: ANY,
    handle: (ctx) => (ctx.state.actsAsAdmin(ctx.token) ? { status: 200, json: ctx.state.creds.of('application', 'instance', null).map((c) => applicationView(c)) } : forbidden()),
  },
  {
    method: 'DELETE', pattern: new RegExp(`^/applications/${seg}$`), since: '10.5', scopes: ANY,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const c = ctx.state.creds.credentials.get(Number(ctx.params[0]));
      if (!c || c.kind !== 'application') return notFound('Application');
      ctx.state.creds.credentials.delete(c.id);
      return { status: 204 };
    },
  },
  {
    method: 'POST', pattern: new RegExp(`^/applications/${seg}/renew-secret$`), since: '16.11', scopes: ANY,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const c = ctx.state.creds.credentials.get(Number(ctx.params[0]));
      if (!c || c.kind !== 'application') return notFound('Application');
      c.secret = ctx.state.creds.newSecret('application');
      return { status: 200, json: applicationView(c, true) };
    },
  },
];

function hookRoutes(owner: Owner): Route[] {
  const base = `^/${plural(owner)}/${seg}/hooks/${seg}$`;
  const minLevel = owner === 'project' ? 40 : 50;
  const find = (ctx: RouteContext) => {
    const s = source(ctx, owner);
    if (!s) return notFound(owner === 'project' ? 'Project' : 'Group');
    if (s.level < minLevel) return forbidden();
    const hook = ctx.state.creds.hooks.get(Number(ctx.params[1]));
    return hook && hook.owner === owner && hook.targetId === s.target.id ? hook : notFound('Hook');
  };
  // The hook entity never shows its secret token (lib/api/entities/hook.rb).
  const view = (h: { id: number; url: string }) => ({ id: h.id, url: h.url, push_events: true, enable_ssl_verification: true });
  return [
    {
      method: 'GET', pattern: new RegExp(base), since: owner === 'project' ? '8.0' : '13.0', scopes: ['api', 'read_api'],
      handle(ctx) {
        const h = find(ctx);
        return 'status' in h ? h : { status: 200, json: view(h) };
      },
    },
    {
      method: 'PUT', pattern: new RegExp(base), since: owner === 'project' ? '8.0' : '13.0', scopes: ANY,
      handle(ctx) {
        const h = find(ctx);
        if ('status' in h) return h;
        const url = param(ctx, 'url');
        if (typeof url === 'string' && url) h.url = url;
        const token = param(ctx, 'token');
        if (typeof token === 'string') h.token = token;
        return { status: 200, json: view(h) };
      },
    },
  ];
}

/** Group service accounts (ee/lib/api/group_service_accounts.rb): an Owner of the top-level group, or an administrator. */
const serviceAccountRoutes: Route[] = (() => {
  const owner = (ctx: RouteContext) => {
    const s = source(ctx, 'group');
    if (!s) return null;
    return s;
  };
  return [
    {
      method: 'POST', pattern: new RegExp(`^/groups/${seg}/service_accounts$`), since: '16.1', scopes: ANY,
      handle(ctx) {
        const s = owner(ctx);
        if (!s) return notFound('Group');
        if (s.level < 50 || s.target.path.includes('/')) return forbidden();
        const username = String(param(ctx, 'username') ?? `service_account_group_${s.target.id}_${ctx.state.id()}`);
        if ([...ctx.state.users.values()].some((u) => u.username === username)) return msg(400, '400 Bad request - Username has already been taken');
        const user = ctx.state.addUser(username, { name: String(param(ctx, 'name') ?? 'Service account user') });
        ctx.state.serviceAccounts.set(user.id, s.target.id);
        return { status: 201, json: { id: user.id, username: user.username, name: user.name } };
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/groups/${seg}/service_accounts/${seg}/personal_access_tokens$`), since: '16.1', scopes: ANY,
      handle(ctx) {
        const s = owner(ctx);
        if (!s) return notFound('Group');
        if (s.level < 50) return forbidden();
        const userId = Number(ctx.params[1]);
        if (ctx.state.serviceAccounts.get(userId) !== s.target.id) return notFound('User');
        const name = param(ctx, 'name');
        const scopes = scopesParam(ctx);
        if (typeof name !== 'string' || !name) return paramError('name is missing');
        if (!scopes?.length) return paramError('scopes is missing');
        const raw = param(ctx, 'expires_at');
        const t = ctx.state.issue({ kind: 'personal', userId, name, scopes, expiresAt: typeof raw === 'string' && raw ? raw : ctx.state.defaultCreateExpiry() });
        return { status: 201, json: ctx.state.view(t, { secret: true }) };
      },
    },
    // By id, with the group Owner's token (lib/api/group_service_accounts.rb `resource ":user_id/personal_access_tokens"`):
    // `validate_service_account_user` (404 "User" when the group did not provision it), then the token of that user or
    // 404. Rotate through PersonalAccessTokens::RotateService (200, the new token with its secret; a revoked one is 400);
    // revoke through `revoke_token` (204). Rotate is in the 17.5 docs' list; revoke arrived with GitLab MR 184287
    // (issue 513959), 17.11 as glab's `service-account token revoke` says.
    ...(['rotate', 'revoke'] as const).map((what): Route => ({
      method: what === 'rotate' ? 'POST' : 'DELETE',
      pattern: new RegExp(`^/groups/${seg}/service_accounts/${seg}/personal_access_tokens/${seg}${what === 'rotate' ? '/rotate' : ''}$`),
      since: what === 'rotate' ? '17.5' : '17.11', scopes: ANY,
      handle(ctx) {
        const s = owner(ctx);
        if (!s) return notFound('Group');
        if (s.level < 50) return forbidden();
        const userId = Number(ctx.params[1]);
        if (ctx.state.serviceAccounts.get(userId) !== s.target.id) return notFound('User');
        const token = ctx.state.tokens.get(Number(ctx.params[2]));
        if (!token || token.userId !== userId) return what === 'rotate' ? notFound() : notFound('Personal Access Token');
        if (what === 'rotate') return rotateReply(ctx, token);
        if (token.revoked) return msg(400, '400 Bad request');
        token.revoked = true;
        return { status: 204 };
      },
    })),
  ];
})();

/**
 * The lists an audit of one project or group reads (issue 22, item 4), each paginated as GitLab does
 * (`present paginate(...)`). Sources in README.md ("Lists for the audit").
 */
function ownerListRoutes(owner: Owner): Route[] {
  const label = owner === 'project' ? 'Project' : 'Group';
  const list = (path: string, since: string, minLevel: number, items: (ctx: RouteContext, t: EmTarget) => unknown[]): Route => ({
    method: 'GET', pattern: new RegExp(`^/${plural(owner)}/${seg}/${path}$`), since, scopes: ['api', 'read_api'],
    handle(ctx) {
      const s = source(ctx, owner);
      if (!s) return notFound(label);
      if (s.level < minLevel) return forbidden();
      return paginate(items(ctx, s.target), ctx);
    },
  });
  const hooks = (ctx: RouteContext, t: EmTarget) =>
    [...ctx.state.creds.hooks.values()].filter((h) => h.owner === owner && h.targetId === t.id).map((h) => ({ id: h.id, url: h.url, push_events: true, enable_ssl_verification: true }));
  // lib/api/ci/runners.rb `get ':id/runners'` (read_project_runners / read_group_runners), filtered by `type`:
  // the runners of that type owned by the project or group; instance runners only with instance_type.
  const runners = (ctx: RouteContext, t: EmTarget) => {
    const type = ctx.query.get('type');
    return [...ctx.state.creds.credentials.values()]
      .filter((c) => c.kind === 'runner' && ((c.owner === owner && c.targetId === t.id) || c.owner === 'instance'))
      .filter((c) => !type || `${c.owner}_type` === type)
      .sort((a, b) => a.id - b.id)
      .map((c) => runnerView(ctx, c));
  };
  const routes = [
    list('runners', '8.5', owner === 'project' ? 40 : 50, runners),
    // lib/api/project_hooks.rb (admin_project: Maintainer), ee/lib/api/group_hooks.rb (admin_group: Owner).
    list('hooks', owner === 'project' ? '8.0' : '13.0', owner === 'project' ? 40 : 50, hooks),
  ];
  if (owner === 'project')
    // lib/api/clusters/agents.rb (14.10): `authorize! :read_cluster_agent`, a Developer may list them.
    routes.push(list('cluster_agents', '14.10', 30, (ctx, t) => [...ctx.state.creds.agents.values()].filter((a) => a.projectId === t.id).map((a) => ({ id: a.id, name: a.name, config_project: { id: t.id, path_with_namespace: t.path }, created_at: null }))));
  else
    // ee/lib/api/group_service_accounts.rb `get` (17.1, doc/api/group_service_accounts.md): the Owner of the top-level group.
    routes.push(list('service_accounts', '17.1', 50, (ctx, t) => [...ctx.state.serviceAccounts.entries()].filter(([, g]) => g === t.id).map(([id]) => ctx.state.users.get(id)!).map((u) => ({ id: u.id, username: u.username, name: u.name }))));
  return routes;
}

export const KIND_ROUTES: Route[] = [
  ...ownerListRoutes('project'), ...ownerListRoutes('group'),
  ...deployRoutes('project'), ...deployRoutes('group'), ...triggerRoutes, ...runnerRoutes, ...agentRoutes, ...applicationRoutes,
  ...hookRoutes('project'), ...hookRoutes('group'), ...serviceAccountRoutes,
];
