// GitLab's token API as the emulator answers it: personal access tokens (lib/api/personal_access_tokens.rb
// and its self_information/self_revocation/self_rotation parts), /user, /users and /version
// (lib/api/metadata.rb). Each route says which GitLab version brought it; on an older version
// the request falls through to the next route that matches, as Grape's routing does, so
// ".../self" lands on ":id" and answers what that route answers.
import { KIND_ROUTES } from './kind-routes';
import { resourceRoutes } from './resource-routes';
import { variableRoutes } from './variable-routes';
import { filterTokens, forbidden, hiddenUnlessAdmin, msg, notFound, paginate, paramError, rotateReply, scopesParam, unauthorized, validateNew, type Reply, type Route, type RouteContext } from './routes-common';
import { ADMIN_ONLY_SCOPES, versionAtLeast, type EmToken } from './state';

export type { Reply, Route, RouteContext } from './routes-common';
export { paginate } from './routes-common';

/** The token with this id when its user may see/manage it: the owner, or an admin. */
function managed(ctx: RouteContext, id: string | undefined): EmToken | undefined {
  const t = /^\d+$/.test(id ?? '') ? ctx.state.tokens.get(Number(id)) : undefined;
  const admin = ctx.state.actsAsAdmin(ctx.token);
  return t && t.kind === 'personal' && (t.userId === ctx.token.userId || admin) ? t : undefined;
}

const API_READ = ['api', 'read_api'];

export const ROUTES: Route[] = [
  {
    // metadata.rb: /version also admits read_user (GET) since it mirrors /metadata (15.5).
    method: 'GET', pattern: /^\/version$/, since: '8.13', scopes: (v) => (versionAtLeast(v, '15.5') ? [...API_READ, 'read_user'] : API_READ),
    handle: (ctx) => ({ status: 200, json: { version: ctx.state.settings.version, revision: 'emulator', kas: { enabled: false } } }),
  },
  {
    method: 'GET', pattern: /^\/user$/, since: '1.0', scopes: ['api', 'read_api', 'read_user'], granular: 'User: Read',
    handle(ctx) {
      const u = ctx.state.users.get(ctx.token.userId);
      if (!u) return notFound('User');
      return { status: 200, json: { id: u.id, username: u.username, name: u.name, state: 'active', bot: u.bot, is_admin: u.admin, web_url: `https://gitlab.example/${u.username}` } };
    },
  },
  {
    method: 'GET', pattern: /^\/users$/, since: '1.0', scopes: ['api', 'read_api', 'read_user'],
    handle(ctx) {
      const name = ctx.query.get('username');
      const users = [...ctx.state.users.values()].filter((u) => !name || u.username === name);
      return paginate(users.map((u) => ({ id: u.id, username: u.username, name: u.name, state: 'active', bot: u.bot })), ctx);
    },
  },
  {
    // self_information.rb: any scope; the entity has last_used_ips but no access_level.
    method: 'GET', pattern: /^\/personal_access_tokens\/self$/, since: '15.5', scopes: [], granular: 'Personal Access Token: Read',
    // self_information.rb: another kind of token (OAuth, job token) is a bad request, not a 401.
    handle: (ctx) =>
      ctx.token.oauth
        ? msg(400, '400 Bad request - This endpoint requires token type to be a personal access token')
        : { status: 200, json: ctx.state.view(ctx.token, { ips: true }) },
  },
  {
    // self_revocation.rb: 15.0, and any scope since 15.4 (api only before).
    method: 'DELETE', pattern: /^\/personal_access_tokens\/self$/, since: '15.0', scopes: (v) => (versionAtLeast(v, '15.4') ? [] : ['api']),
    handle(ctx) {
      ctx.token.revoked = true;
      return { status: 204 };
    },
  },
  {
    // self_rotation.rb: api or self_rotate; before 16.10 this path is ":id/rotate" with id "self".
    method: 'POST', pattern: /^\/personal_access_tokens\/self\/rotate$/, since: '16.10', scopes: ['api', 'self_rotate'], granular: 'rotate_personal_access_token',
    handle: (ctx) => rotateReply(ctx, ctx.token),
  },
  {
    method: 'GET', pattern: /^\/personal_access_tokens$/, since: '13.3', scopes: API_READ, granular: 'read_personal_access_token',
    handle(ctx) {
      const asked = ctx.query.get('user_id');
      const admin = ctx.state.actsAsAdmin(ctx.token);
      // restrict_non_admins! (personal_access_tokens_helpers.rb): naming another user is 401 unless
      // :read_user_personal_access_tokens allows it (user_policy.rb: the user themself, or an admin
      // in Admin Mode). finder_params: an admin naming no such user gets 404.
      if (asked && !admin && asked !== String(ctx.token.userId)) return unauthorized();
      if (asked && admin && !ctx.state.users.get(Number(asked))) return msg(404, '404 Not found');
      const all = [...ctx.state.tokens.values()].filter((t) => t.kind === 'personal');
      // finder_params: admins get every token of the user, impersonation tokens included (and
      // the entity does not say which they are); others get their own without impersonation.
      const visible = admin
        ? all.filter((t) => (asked ? String(t.userId) === asked : true))
        : all.filter((t) => t.userId === ctx.token.userId && !t.impersonation);
      return paginate(filterTokens(ctx, visible).map((t) => ctx.state.view(t)), ctx);
    },
  },
  {
    // Another user's token, or "self" before 15.5: 401 for non-admins, 404 for admins.
    method: 'GET', pattern: /^\/personal_access_tokens\/([^/]+)$/, since: '15.1', scopes: API_READ, granular: 'read_personal_access_token',
    handle(ctx) {
      const t = managed(ctx, ctx.params[0]);
      return t ? { status: 200, json: ctx.state.view(t, { ips: true }) } : hiddenUnlessAdmin(ctx);
    },
  },
  {
    method: 'POST', pattern: /^\/personal_access_tokens\/([^/]+)\/rotate$/, since: '16.0', scopes: ['api'], granular: 'rotate_personal_access_token',
    handle(ctx) {
      const t = managed(ctx, ctx.params[0]);
      return t ? rotateReply(ctx, t) : hiddenUnlessAdmin(ctx);
    },
  },
  {
    // find_token: 404 for an unknown id; the revoke service refuses another user's token (400).
    method: 'DELETE', pattern: /^\/personal_access_tokens\/([^/]+)$/, since: '13.3', scopes: ['api'], granular: 'revoke_personal_access_token',
    handle(ctx) {
      const t = /^\d+$/.test(ctx.params[0] ?? '') ? ctx.state.tokens.get(Number(ctx.params[0])) : undefined;
      if (!t || t.kind !== 'personal') return msg(404, '404 Not found');
      if (!managed(ctx, ctx.params[0])) return msg(400, '400 Bad request');
      t.revoked = true;
      return { status: 204 };
    },
  },
  {
    // users.rb: impersonation tokens, admins only (authenticated_as_admin! → 403 "403 Forbidden");
    // state=all by default; the ImpersonationToken entity adds `impersonation`.
    method: 'GET', pattern: /^\/users\/(\d+)\/impersonation_tokens$/, since: '9.0', scopes: API_READ,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      if (!ctx.state.users.get(Number(ctx.params[0]))) return notFound('User');
      const mine = [...ctx.state.tokens.values()].filter((t) => t.impersonation && t.userId === Number(ctx.params[0]));
      return paginate(filterTokens(ctx, mine).map((t) => ({ ...ctx.state.view(t), impersonation: true })), ctx);
    },
  },
  {
    method: 'POST', pattern: /^\/user\/personal_access_tokens$/, since: '16.5', scopes: ['api'],
    handle(ctx) {
      const scopes = scopesParam(ctx) ?? [];
      if (scopes.some((s) => s !== 'k8s_proxy' && s !== 'self_rotate')) return paramError('scopes does not have a valid value');
      const v = validateNew(ctx, (s) => !ADMIN_ONLY_SCOPES.includes(s));
      if ('error' in v) return v.error;
      const t = ctx.state.issue({ kind: 'personal', userId: ctx.token.userId, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description });
      return { status: 201, json: ctx.state.view(t, { secret: true }) };
    },
  },
  {
    method: 'POST', pattern: /^\/users\/(\d+)\/personal_access_tokens$/, since: '13.6', scopes: ['api'],
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const owner = ctx.state.users.get(Number(ctx.params[0]));
      if (!owner) return notFound('User');
      const v = validateNew(ctx, (s) => owner.admin || !ADMIN_ONLY_SCOPES.includes(s), 'unprocessable');
      if ('error' in v) return v.error;
      const t = ctx.state.issue({ kind: 'personal', userId: owner.id, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description });
      return { status: 201, json: ctx.state.view(t, { secret: true }) };
    },
  },
  {
    // settings.rb: `before { authenticated_as_admin! }` (403 otherwise). max_personal_access_token_lifetime
    // is an EE (Ultimate) attribute, null when blank; require_personal_access_token_expiry exists from 17.3.
    method: 'GET', pattern: /^\/application\/settings$/, since: '8.13', scopes: API_READ,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const s = ctx.state.settings;
      return {
        status: 200,
        json: {
          default_projects_limit: 100000,
          signup_enabled: true,
          personal_access_token_prefix: s.tokenPrefix,
          ...(versionAtLeast(s.version, '17.3') ? { require_personal_access_token_expiry: s.requireExpiry } : {}),
          ...(s.edition === 'ee' ? { max_personal_access_token_lifetime: s.maxLifetimeDays } : {}),
        },
      };
    },
  },
  {
    // features.rb: admins only; lists the flags an administrator has set.
    method: 'GET', pattern: /^\/features$/, since: '9.3', scopes: API_READ,
    handle(ctx) {
      if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
      const set = ctx.state.settings.bufferedLimit ? [{ name: 'buffered_token_expiration_limit', state: 'on', gates: [{ key: 'boolean', value: true }] }] : [];
      return { status: 200, json: set };
    },
  },
  {
    // projects.rb: a project the user can see, with its namespace (kind "user" for a personal one).
    method: 'GET', pattern: /^\/projects\/([^/]+)$/, since: '1.0', scopes: API_READ,
    handle(ctx) {
      const p = ctx.state.findTarget('project', ctx.params[0] ?? '');
      if (!p || !(p.members.has(ctx.token.userId) || ctx.state.actsAsAdmin(ctx.token))) return notFound('Project');
      const top = p.path.split('/')[0]!;
      return { status: 200, json: { id: p.id, path_with_namespace: p.path, namespace: { full_path: top, kind: ctx.state.isPersonalNamespace(top) ? 'user' : 'group' } } };
    },
  },
  {
    // groups.rb `get ":id"`: a group the user is a member of (or any, for an administrator), with its parent.
    method: 'GET', pattern: /^\/groups\/([^/]+)$/, since: '1.0', scopes: API_READ,
    handle(ctx) {
      const g = ctx.state.findTarget('group', ctx.params[0] ?? '');
      if (!g || !(g.members.has(ctx.token.userId) || ctx.state.actsAsAdmin(ctx.token))) return notFound('Group');
      const parent = g.path.includes('/') ? ctx.state.findTarget('group', g.path.slice(0, g.path.lastIndexOf('/'))) : undefined;
      return { status: 200, json: { id: g.id, full_path: g.path, path: g.path.split('/').at(-1), parent_id: g.path.includes('/') ? (parent?.id ?? 0) : null } };
    },
  },
  ...adminTokenRoutes(),
  ...resourceRoutes('project'),
  ...resourceRoutes('group'),
  ...variableRoutes('project'),
  ...variableRoutes('group'),
  ...KIND_ROUTES,
];


/**
 * The token information API (lib/api/admin/token.rb): `authenticated_as_admin!` (403 otherwise), the
 * token found by its plaintext whatever its kind (Authn::AgnosticTokenIdentifier): an unknown kind
 * is 422 "Token type not supported.", a known kind nobody holds 404 {"message":{"error":"Not found"}}.
 * POST (17.5) presents it; DELETE (17.7) revokes it.
 */
function adminTokenRoutes(): Route[] {
  const find = (ctx: RouteContext): EmToken | Reply => {
    if (!ctx.state.actsAsAdmin(ctx.token)) return forbidden();
    const plain = typeof ctx.body['token'] === 'string' ? (ctx.body['token'] as string) : '';
    const t = ctx.state.bySecret(plain);
    if (t) return t;
    return plain.startsWith(ctx.state.settings.tokenPrefix) ? msg(404, { error: 'Not found' }) : msg(422, 'Token type not supported.');
  };
  return [
    {
      method: 'POST', pattern: /^\/admin\/token$/, since: '17.5', scopes: ['api'],
      handle(ctx) {
        const t = find(ctx);
        return 'secret' in t ? { status: 200, json: ctx.state.view(t) } : t;
      },
    },
    {
      method: 'DELETE', pattern: /^\/admin\/token$/, since: '17.7', scopes: ['api'],
      handle(ctx) {
        const t = find(ctx);
        if (!('secret' in t)) return t;
        t.revoked = true;
        return { status: 204 };
      },
    },
  ];
}
