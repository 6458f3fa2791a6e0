// What the emulator's routes share: the reply and route shapes, GitLab's error bodies, offset
// pagination, list filters, the checks on a new token's parameters, and rotation.
import { PAT_SCOPES, versionAtLeast, type EmToken, type EmulatorState } from './state';

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
  /** Any of these scopes admits the token; empty = any scope. May depend on the version. */
  scopes: string[] | ((version: string) => string[]);
  /** The permission a fine-grained token needs here, as GitLab names it ("User: Read"). */
  granular?: string;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

export const msg = (status: number, message: unknown): Reply => ({ status, json: { message } });
export const paramError = (error: string): Reply => ({ status: 400, json: { error } });
export const notFound = (what = '') => msg(404, `404 ${what ? `${what} ` : ''}Not Found`);
export const forbidden = () => msg(403, '403 Forbidden');
export const unauthorized = () => msg(401, '401 Unauthorized');
export const since = (ctx: RouteContext, version: string) => versionAtLeast(ctx.state.settings.version, version);
/** personal_access_tokens.rb, resource_access_tokens.rb: "Only admins should be informed if the token doesn't exist". */
export const hiddenUnlessAdmin = (ctx: RouteContext) => (ctx.state.actsAsAdmin(ctx.token) ? msg(404, '404 Not found') : unauthorized());

export function param(ctx: RouteContext, key: string): unknown {
  return ctx.body[key] ?? ctx.query.get(key) ?? undefined;
}

export function scopesParam(ctx: RouteContext): string[] | undefined {
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

export function filterTokens(ctx: RouteContext, tokens: EmToken[]): EmToken[] {
  const state = ctx.query.get('state');
  const revoked = ctx.query.get('revoked');
  const search = ctx.query.get('search')?.toLowerCase();
  return tokens
    .filter((t) => (state ? (state === 'active') === ctx.state.isActive(t) : true))
    .filter((t) => (revoked ? String(t.revoked) === revoked : true))
    .filter((t) => (search ? t.name.toLowerCase().includes(search) : true))
    .sort((a, b) => a.id - b.id);
}

export type NewTokenParams = { name: string; scopes: string[]; expiresAt: string | null; description: string };

/**
 * How a route refuses an expiry past the lifetime limit. The validation is the model's
 * (`expires_at_before_instance_max_expiry_date`); each API wraps its message differently:
 * project/group create and every rotate 400 "400 Bad request - Expiration date must be before D"
 * (resource_access_tokens.rb, personal_access_tokens_helpers.rb `rotate_token` → `bad_request!`);
 * the admin's `POST /users/:id/personal_access_tokens` 422 "Expiration date must be before D"
 * (users.rb `render_api_error!(…, :unprocessable_entity)`); a person's own create
 * (`POST /user/personal_access_tokens`) the create service's message, the model's errors joined
 * into one sentence (`full_messages.to_sentence`: "… and Expiration date must be before D"), as a 400.
 */
export type ExpiryRefusal = 'bad_request' | 'unprocessable';

export function expiryRefusal(problem: string, how: ExpiryRefusal): Reply {
  const sentence = `Expiration date ${problem}`;
  if (how === 'unprocessable') return msg(422, sentence);
  return msg(400, `400 Bad request - ${sentence}`);
}

export function validateNew(ctx: RouteContext, allowed: (scope: string) => boolean, how: ExpiryRefusal = 'bad_request'): NewTokenParams | { error: Reply } {
  const name = param(ctx, 'name');
  if (typeof name !== 'string' || !name) return { error: paramError('name is missing') };
  const scopes = scopesParam(ctx);
  if (!scopes || scopes.length === 0) return { error: paramError('scopes is missing') };
  if (scopes.some((s) => !PAT_SCOPES.includes(s) || !allowed(s))) return { error: paramError('scopes does not have a valid value') };
  // description arrived in 17.7; an older GitLab ignores the parameter.
  const description = versionAtLeast(ctx.state.settings.version, '17.7') ? param(ctx, 'description') : undefined;
  if (description !== undefined && (typeof description !== 'string' || description.length > 255))
    return { error: paramError('description is too long (maximum is 255 characters)') };
  const rawExpiry = param(ctx, 'expires_at');
  const expiresAt = rawExpiry === undefined || rawExpiry === null || rawExpiry === '' ? ctx.state.defaultCreateExpiry() : String(rawExpiry);
  const problem = ctx.state.expiryProblem(expiresAt);
  if (problem?.startsWith('must be before')) return { error: expiryRefusal(problem, how) };
  if (problem) return { error: msg(400, { expires_at: [problem] }) };
  return { name, scopes, expiresAt, description: typeof description === 'string' ? description : '' };
}

export function rotateReply(ctx: RouteContext, old: EmToken, present: (t: EmToken) => unknown = (t) => ctx.state.view(t, { secret: true })): Reply {
  if (old.revoked) return msg(400, '400 Bad request - Token already revoked');
  // rotate_service.rb granular_tokens_enforced?: a person's legacy token no longer rotates (bots' tokens do).
  const s = ctx.state.settings;
  if (s.granularTokens && s.granularTokensEnforced && !old.granular && !ctx.state.users.get(old.userId)?.bot)
    return msg(400, '400 Bad request - Rotation of legacy personal access tokens is disabled. Use a fine-grained token instead.');
  // expires_at on rotate arrived in 16.6; before it the new token always got the one-week default.
  const raw = since(ctx, '16.6') ? param(ctx, 'expires_at') : undefined;
  const expiresAt = raw === undefined || raw === null || raw === '' ? ctx.state.defaultRotateExpiry() : String(raw);
  const problem = ctx.state.expiryProblem(expiresAt);
  // Grape's Date coercion refuses a non-date before the service runs: a parameter error.
  if (problem === 'is invalid') return paramError('expires_at is invalid');
  if (problem?.startsWith('must be before')) return expiryRefusal(problem, 'bad_request');
  if (problem) return msg(400, { expires_at: [problem] });
  const fresh = ctx.state.rotate(old, expiresAt);
  return { status: 200, json: present(fresh) };
}

