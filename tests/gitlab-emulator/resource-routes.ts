// Project and group access tokens as lib/api/resource_access_tokens.rb and
// lib/api/resource_access_tokens/self_rotation.rb answer them: who may read (401 otherwise),
// create (400 "User does not have permission…"), rotate (401 for non-admins, 404 for admins),
// revoke (400 from the revoke service), and a bot's own self-rotation (405 for a person's token).
import { NOT_FOR_BOTS, versionAtLeast, type EmToken, type EmTarget } from './state';
import { paginate, filterTokens, validateNew, rotateReply, msg, param, paramError, type Reply, type Route, type RouteContext } from './routes-common';

const unauthorized = () => msg(401, '401 Unauthorized');

export function resourceRoutes(kind: 'project' | 'group'): Route[] {
  const base = kind === 'project' ? 'projects' : 'groups';
  const label = kind === 'project' ? 'Project' : 'Group';
  // Maintainer may manage a project's tokens, Owner a group's (policies: *_resource_access_tokens).
  const minLevel = kind === 'project' ? 40 : 50;
  const isAdmin = (ctx: RouteContext) => ctx.state.actsAsAdmin(ctx.token);
  /** find_source: a project or group the user cannot see is a 404, whatever its tokens. */
  const source = (ctx: RouteContext): EmTarget | null => {
    const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
    if (!target) return null;
    return isAdmin(ctx) || target.members.has(ctx.token.userId) ? target : null;
  };
  const mayManage = (ctx: RouteContext, target: EmTarget) => isAdmin(ctx) || (target.members.get(ctx.token.userId) ?? 0) >= minLevel;
  const ofTarget = (ctx: RouteContext, target: EmTarget) => [...ctx.state.tokens.values()].filter((t) => t.kind === kind && t.targetId === target.id);
  const find = (ctx: RouteContext, target: EmTarget, id: string | undefined): EmToken | undefined =>
    /^\d+$/.test(id ?? '') ? ofTarget(ctx, target).find((t) => t.id === Number(id)) : undefined;
  const view = (ctx: RouteContext, t: EmToken, secret = false) => ctx.state.view(t, { resource: true, secret });
  const seg = '([^/]+)';
  const notFound = () => msg(404, `404 ${label} Not Found`);
  return [
    {
      method: 'GET', pattern: new RegExp(`^/${base}/${seg}/access_tokens$`), since: kind === 'project' ? '13.9' : '14.7', scopes: ['api', 'read_api'],
      handle(ctx) {
        const target = source(ctx);
        if (!target) return notFound();
        if (!mayManage(ctx, target)) return unauthorized();
        // Since 17.2 the list holds inactive (revoked, expired) tokens too; before, only active ones.
        const all = ofTarget(ctx, target);
        const list = versionAtLeast(ctx.state.settings.version, '17.2') ? all : all.filter((t) => ctx.state.isActive(t));
        return paginate(filterTokens(ctx, list).map((t) => view(ctx, t)), ctx);
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens/self/rotate$`), since: '17.9', scopes: ['api', 'self_rotate'],
      handle(ctx) {
        // self_rotation.rb: only a project/group bot's own token may rotate itself this way.
        if (!ctx.state.users.get(ctx.token.userId)?.bot) return msg(405, '405 Method Not Allowed');
        const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
        const token = target ? find(ctx, target, String(ctx.token.id)) : undefined;
        return token ? rotateReply(ctx, token, (t) => view(ctx, t, true)) : unauthorized();
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens$`), since: kind === 'project' ? '13.10' : '14.7', scopes: ['api'],
      handle(ctx) {
        const target = source(ctx);
        if (!target) return notFound();
        // The create service refuses with 400, not 403, when the user may not (bots never may). On
        // GitLab.com: a project in a personal namespace always may (app/policies/project_policy.rb
        // `resource_access_token_creation_allowed?`); a project in a group needs the licensed feature,
        // a paid plan, trials included (ee/app/policies/ee/project_policy.rb `licensed_feature_available?`);
        // a group a paid, non-trial plan (ee/app/policies/ee/group_policy.rb `feature_available_non_trial?`).
        const top = target.path.split('/')[0]!;
        const planOk = ctx.state.paidNamespaces.has(top) || (kind === 'project' && ctx.state.trialNamespaces.has(top));
        const unpaid = ctx.state.settings.gitlabCom && !(kind === 'project' && ctx.state.isPersonalNamespace(top)) && !planOk;
        if (ctx.state.users.get(ctx.token.userId)?.bot || !mayManage(ctx, target) || unpaid)
          return msg(400, `400 Bad request - User does not have permission to create ${kind} access token`);
        const v = validateNew(ctx, (s) => !NOT_FOR_BOTS.includes(s));
        if ('error' in v) return v.error;
        const level = Number(param(ctx, 'access_level') ?? 40);
        if (![10, 15, 20, 25, 30, 40, 50].includes(level)) return paramError('access_level does not have a valid value');
        const mine = isAdmin(ctx) ? 50 : (target.members.get(ctx.token.userId) ?? 0);
        if (level > mine) return msg(400, "400 Bad request - Access level of the token can't be greater the access level of the user who created the token");
        const bot = ctx.state.botFor(kind, target, level);
        const t = ctx.state.issue({ kind, userId: bot.id, targetId: target.id, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description, accessLevel: level });
        return { status: 201, json: view(ctx, t, true) };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/${base}/${seg}/access_tokens/${seg}$`), since: '14.10', scopes: ['api', 'read_api'],
      handle(ctx) {
        const target = source(ctx);
        if (!target) return notFound();
        if (!mayManage(ctx, target)) return unauthorized();
        const t = find(ctx, target, ctx.params[1]);
        return t ? { status: 200, json: view(ctx, t) } : msg(404, `404 ${kind} Access Token Not Found`);
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`^/${base}/${seg}/access_tokens/${seg}$`), since: '13.9', scopes: ['api'],
      handle(ctx): Reply {
        const target = source(ctx);
        if (!target) return notFound();
        const t = find(ctx, target, ctx.params[1]);
        if (!t) return msg(404, `404 ${kind} Access Token Not Found`);
        const me = ctx.state.users.get(ctx.token.userId);
        if (!mayManage(ctx, target)) return msg(400, `400 Bad request - ${me?.name ?? 'User'} cannot delete ${ctx.state.users.get(t.userId)?.name ?? 'bot'}`);
        t.revoked = true;
        return { status: 204 };
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens/${seg}/rotate$`), since: '16.0', scopes: ['api'],
      handle(ctx) {
        // Before 17.9 ".../self/rotate" lands here: "self" is no token id, so non-admins get 401.
        const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
        const token = target && mayManage(ctx, target) ? find(ctx, target, ctx.params[1]) : undefined;
        if (!token) return isAdmin(ctx) ? msg(404, '404 Not found') : unauthorized();
        return rotateReply(ctx, token, (t) => view(ctx, t, true));
      },
    },
  ];
}
