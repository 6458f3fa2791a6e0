// GitLab's token API as the emulator answers it: personal, project and group access tokens
// (with their `self` variants), /user and /version. Bodies copy GitLab's shapes: `{"message"}`,
// `{"error"}` for parameter checks, validation maps. Each route says which GitLab version
// brought it, so an emulator told it is an older GitLab answers 404 as that GitLab would.
import {
  ADMIN_ONLY_SCOPES,
  NOT_FOR_BOTS,
  PAT_SCOPES,
  type EmToken,
  type EmulatorState,
  type EmTarget,
} from './state';

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  state: EmulatorState;
  token: EmToken;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Absolute URL of this request without query, for pagination links. */
  selfUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  since: string;
  /** Any of these scopes admits the token; empty = any scope. */
  scopes: string[];
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

const msg = (status: number, message: unknown): Reply => ({ status, json: { message } });
const paramError = (error: string): Reply => ({ status: 400, json: { error } });
const notFound = (what = '') => msg(404, `404 ${what ? `${what} ` : ''}Not Found`);
const forbidden = () => msg(403, '403 Forbidden');

function param(ctx: RouteContext, key: string): unknown {
  return ctx.body[key] ?? ctx.query.get(key) ?? undefined;
}

function scopesParam(ctx: RouteContext): string[] | undefined {
  const fromBody = ctx.body['scopes'] ?? ctx.body['scopes[]'];
  if (Array.isArray(fromBody)) return fromBody.map(String);
  if (typeof fromBody === 'string') return [fromBody];
  const fromQuery = [...ctx.query.getAll('scopes[]'), ...ctx.query.getAll('scopes')];
  return fromQuery.length ? fromQuery : undefined;
}

/** Offset pagination with GitLab's headers; totals are left out above 10,000 rows. */
export function paginate<T>(items: T[], ctx: RouteContext): Reply {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 20) || 20));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `${ctx.selfUrl}?${q.toString()}`;
  };
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': page < pages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  const links = [`<${link(1)}>; rel="first"`];
  if (page < pages) links.unshift(`<${link(page + 1)}>; rel="next"`);
  if (page > 1) links.unshift(`<${link(page - 1)}>; rel="prev"`);
  if (items.length <= 10_000) {
    headers['x-total'] = String(items.length);
    headers['x-total-pages'] = String(pages);
    links.push(`<${link(pages)}>; rel="last"`);
  }
  headers['link'] = links.join(', ');
  return { status: 200, json: slice, headers };
}

function filterTokens(ctx: RouteContext, tokens: EmToken[]): EmToken[] {
  const state = ctx.query.get('state');
  const revoked = ctx.query.get('revoked');
  const search = ctx.query.get('search')?.toLowerCase();
  return tokens
    .filter((t) => (state ? (state === 'active') === ctx.state.isActive(t) : true))
    .filter((t) => (revoked ? String(t.revoked) === revoked : true))
    .filter((t) => (search ? t.name.toLowerCase().includes(search) : true))
    .sort((a, b) => a.id - b.id);
}

function validateNew(ctx: RouteContext, kind: 'personal' | 'project' | 'group', allowAdminScopes: boolean) {
  const name = param(ctx, 'name');
  if (typeof name !== 'string' || !name) return { error: paramError('name is missing') };
  const scopes = scopesParam(ctx);
  if (!scopes || scopes.length === 0) return { error: paramError('scopes is missing') };
  const allowed = PAT_SCOPES.filter((s) => (kind === 'personal' ? allowAdminScopes || !ADMIN_ONLY_SCOPES.includes(s) : !NOT_FOR_BOTS.includes(s)));
  if (scopes.some((s) => !allowed.includes(s))) return { error: paramError('scopes does not have a valid value') };
  const description = param(ctx, 'description');
  if (description !== undefined && (typeof description !== 'string' || description.length > 255))
    return { error: paramError('description is too long (maximum is 255 characters)') };
  const rawExpiry = param(ctx, 'expires_at');
  const expiresAt = rawExpiry === undefined || rawExpiry === null || rawExpiry === '' ? ctx.state.defaultCreateExpiry() : String(rawExpiry);
  const problem = ctx.state.expiryProblem(expiresAt);
  if (problem) return { error: msg(400, { expires_at: [problem] }) };
  return { name, scopes, expiresAt, description: typeof description === 'string' ? description : '' };
}

function rotateReply(ctx: RouteContext, old: EmToken): Reply {
  if (old.revoked) return msg(400, '400 Bad request - Token already revoked');
  const raw = param(ctx, 'expires_at');
  const expiresAt = raw === undefined || raw === null || raw === '' ? ctx.state.defaultRotateExpiry() : String(raw);
  const problem = ctx.state.expiryProblem(expiresAt);
  if (problem) return msg(400, { expires_at: [problem] });
  const fresh = ctx.state.rotate(old, expiresAt);
  return { status: 200, json: ctx.state.view(fresh, true) };
}

const mayManage = (ctx: RouteContext, t: EmToken) => {
  const me = ctx.state.users.get(ctx.token.userId);
  return t.kind === 'personal' && (t.userId === ctx.token.userId || !!me?.admin);
};

function targetRoutes(kind: 'project' | 'group'): Route[] {
  const base = kind === 'project' ? 'projects' : 'groups';
  const minLevel = kind === 'project' ? 40 : 50;
  const guard = (ctx: RouteContext): { target: EmTarget } | { error: Reply } => {
    const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
    if (!target) return { error: notFound(kind === 'project' ? 'Project' : 'Group') };
    const level = target.members.get(ctx.token.userId) ?? 0;
    if (ctx.state.users.get(ctx.token.userId)?.admin) return { target };
    if (level === 0) return { error: notFound(kind === 'project' ? 'Project' : 'Group') };
    if (level < minLevel) return { error: forbidden() };
    return { target };
  };
  const ofTarget = (ctx: RouteContext, target: EmTarget) =>
    [...ctx.state.tokens.values()].filter((t) => t.kind === kind && t.targetId === target.id);
  const one = (ctx: RouteContext, target: EmTarget) =>
    ofTarget(ctx, target).find((t) => String(t.id) === ctx.params[1]);
  const seg = '([^/]+)';
  return [
    {
      method: 'GET', pattern: new RegExp(`^/${base}/${seg}/access_tokens$`), since: kind === 'project' ? '13.9' : '14.7', scopes: ['api', 'read_api'],
      handle(ctx) {
        const g = guard(ctx);
        if ('error' in g) return g.error;
        const list = ctx.query.get('state') ? ofTarget(ctx, g.target) : ofTarget(ctx, g.target).filter((t) => ctx.state.isActive(t));
        return paginate(filterTokens(ctx, list).map((t) => ctx.state.view(t)), ctx);
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens/self/rotate$`), since: '17.9', scopes: ['api', 'self_rotate'],
      handle(ctx) {
        const target = ctx.state.findTarget(kind, ctx.params[0] ?? '');
        if (!target || ctx.token.kind !== kind || ctx.token.targetId !== target.id) return forbidden();
        return rotateReply(ctx, ctx.token);
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens$`), since: kind === 'project' ? '13.10' : '14.7', scopes: ['api'],
      handle(ctx) {
        const g = guard(ctx);
        if ('error' in g) return g.error;
        // A bot cannot mint tokens: creating needs a person's own token.
        if (ctx.token.kind !== 'personal' || ctx.state.users.get(ctx.token.userId)?.bot) return forbidden();
        const v = validateNew(ctx, kind, false);
        if ('error' in v) return v.error!;
        const level = Number(param(ctx, 'access_level') ?? 40);
        if (![10, 15, 20, 25, 30, 40, 50].includes(level)) return paramError('access_level does not have a valid value');
        const mine = ctx.state.users.get(ctx.token.userId)?.admin ? 50 : (g.target.members.get(ctx.token.userId) ?? 0);
        if (level > mine)
          return msg(400, "400 Bad request - Access level of the token can't be greater the access level of the user who created the token");
        const bot = ctx.state.botFor(kind, g.target, level);
        const t = ctx.state.issue({ kind, userId: bot.id, targetId: g.target.id, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description, accessLevel: level });
        return { status: 201, json: ctx.state.view(t, true) };
      },
    },
    {
      method: 'GET', pattern: new RegExp(`^/${base}/${seg}/access_tokens/(\\d+)$`), since: '14.10', scopes: ['api', 'read_api'],
      handle(ctx) {
        const g = guard(ctx);
        if ('error' in g) return g.error;
        const t = one(ctx, g.target);
        return t ? { status: 200, json: ctx.state.view(t) } : notFound();
      },
    },
    {
      method: 'DELETE', pattern: new RegExp(`^/${base}/${seg}/access_tokens/(\\d+)$`), since: '13.9', scopes: ['api'],
      handle(ctx) {
        const g = guard(ctx);
        if ('error' in g) return g.error;
        const t = one(ctx, g.target);
        if (!t) return notFound();
        t.revoked = true;
        return { status: 204 };
      },
    },
    {
      method: 'POST', pattern: new RegExp(`^/${base}/${seg}/access_tokens/(\\d+)/rotate$`), since: '16.0', scopes: ['api'],
      handle(ctx) {
        const g = guard(ctx);
        if ('error' in g) return g.error;
        const t = one(ctx, g.target);
        return t ? rotateReply(ctx, t) : notFound();
      },
    },
  ];
}

export const ROUTES: Route[] = [
  {
    method: 'GET', pattern: /^\/version$/, since: '8.13', scopes: ['api', 'read_api'],
    handle: (ctx) => ({ status: 200, json: { version: ctx.state.settings.version, revision: 'emulator', kas: { enabled: false } } }),
  },
  {
    method: 'GET', pattern: /^\/user$/, since: '1.0', scopes: ['api', 'read_api', 'read_user'],
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
    method: 'GET', pattern: /^\/personal_access_tokens\/self$/, since: '15.5', scopes: [],
    handle: (ctx) => ({ status: 200, json: ctx.state.view(ctx.token) }),
  },
  {
    method: 'DELETE', pattern: /^\/personal_access_tokens\/self$/, since: '15.5', scopes: ['api', 'self_rotate'],
    handle(ctx) {
      ctx.token.revoked = true;
      return { status: 204 };
    },
  },
  {
    method: 'POST', pattern: /^\/personal_access_tokens\/self\/rotate$/, since: '16.10', scopes: ['api', 'self_rotate'],
    handle: (ctx) => rotateReply(ctx, ctx.token),
  },
  {
    method: 'GET', pattern: /^\/personal_access_tokens$/, since: '13.3', scopes: ['api', 'read_api'],
    handle(ctx) {
      const me = ctx.state.users.get(ctx.token.userId);
      const asked = ctx.query.get('user_id');
      const all = [...ctx.state.tokens.values()].filter((t) => t.kind === 'personal');
      const visible = me?.admin
        ? all.filter((t) => (asked ? String(t.userId) === asked : true))
        : all.filter((t) => t.userId === ctx.token.userId);
      return paginate(filterTokens(ctx, visible).map((t) => ctx.state.view(t)), ctx);
    },
  },
  {
    method: 'GET', pattern: /^\/personal_access_tokens\/(\d+)$/, since: '15.1', scopes: ['api', 'read_api'],
    handle(ctx) {
      const t = ctx.state.tokens.get(Number(ctx.params[0]));
      return t && mayManage(ctx, t) ? { status: 200, json: ctx.state.view(t) } : notFound();
    },
  },
  {
    method: 'POST', pattern: /^\/personal_access_tokens\/(\d+)\/rotate$/, since: '16.0', scopes: ['api'],
    handle(ctx) {
      const t = ctx.state.tokens.get(Number(ctx.params[0]));
      return t && mayManage(ctx, t) ? rotateReply(ctx, t) : notFound();
    },
  },
  {
    method: 'DELETE', pattern: /^\/personal_access_tokens\/(\d+)$/, since: '13.3', scopes: ['api'],
    handle(ctx) {
      const t = ctx.state.tokens.get(Number(ctx.params[0]));
      if (!t || !mayManage(ctx, t)) return notFound();
      t.revoked = true;
      return { status: 204 };
    },
  },
  {
    method: 'POST', pattern: /^\/user\/personal_access_tokens$/, since: '16.5', scopes: ['api'],
    handle(ctx) {
      const scopes = scopesParam(ctx) ?? [];
      if (scopes.some((s) => s !== 'k8s_proxy' && s !== 'self_rotate')) return paramError('scopes does not have a valid value');
      const v = validateNew(ctx, 'personal', false);
      if ('error' in v) return v.error!;
      const t = ctx.state.issue({ kind: 'personal', userId: ctx.token.userId, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description });
      return { status: 201, json: ctx.state.view(t, true) };
    },
  },
  {
    method: 'POST', pattern: /^\/users\/(\d+)\/personal_access_tokens$/, since: '13.6', scopes: ['api'],
    handle(ctx) {
      if (!ctx.state.users.get(ctx.token.userId)?.admin) return forbidden();
      const owner = ctx.state.users.get(Number(ctx.params[0]));
      if (!owner) return notFound('User');
      const v = validateNew(ctx, 'personal', owner.admin);
      if ('error' in v) return v.error!;
      const t = ctx.state.issue({ kind: 'personal', userId: owner.id, name: v.name, scopes: v.scopes, expiresAt: v.expiresAt, description: v.description });
      return { status: 201, json: ctx.state.view(t, true) };
    },
  },
  ...targetRoutes('project'),
  ...targetRoutes('group'),
];
