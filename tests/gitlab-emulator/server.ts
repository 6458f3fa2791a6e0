// A GitLab emulator on 127.0.0.1: real HTTP (or HTTPS with the fixture certificate), GitLab's
// authentication errors, rate limit and pagination, plus fault switches that real GitLab only
// shows on a bad day. Tests, the audit benchmark and the UI's preview all start it with start().
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { runnerTokenRoute } from './kind-routes';
import { ROUTES, type Reply } from './routes';
import { variableKey, type EmVariable } from './variable-routes';
import { EmulatorState, deniedReason, versionAtLeast, type EmToken, type EmulatorSettings, type TokenKind } from './state';

export interface Faults {
  /** Answer the next N requests after a delay of `slowMs`. 0 = every request. */
  slowMs: number;
  /** Rotate, then close the connection without answering, for the next N rotations. */
  dropAfterRotate: number;
  /** Rotate, then answer 502 as a gateway that timed out would, for the next N rotations. */
  badGatewayAfterRotate: number;
  /** Close the connection without answering, for the next N requests. */
  dropConnection: number;
  /** Answer the next N requests with this 5xx status. */
  serverErrors: { status: number; count: number };
  /** Answer the next N requests with 429 and this Retry-After. */
  rateLimited: { count: number; retryAfterSeconds: number };
  /** Answer the next N requests with a proxy's HTML page (status 200). */
  htmlPage: number;
  /** Redirect the next N requests to the sign-in page. */
  loginRedirect: number;
  /** Answer the next N requests with 200 and JSON that is not what the endpoint returns. */
  unexpectedJson: number;
  /** Answer nothing until this settles: a test orders two clients' steps without guessing times. */
  held: Promise<void> | null;
  /** Answer the next `count` requests of this method whose API path matches with a 500, doing nothing: a step failing half-way through a swap. */
  failPath: { method: string; path: RegExp; count: number } | null;
  /** Do the next `count` requests of this method whose API path matches, then close the connection without answering: an answer lost after GitLab acted. */
  dropAfterPath: { method: string; path: RegExp; count: number } | null;
  /**
   * Answer the next `count` authenticated requests of this method whose API path matches with what `reply` makes of
   * the page asked: a hostile or broken GitLab (wrong types, endless pages, ids repeated).
   */
  answerPath: { method: string; path: RegExp; count: number; reply(page: number): { status: number; json: unknown; headers?: Record<string, string> } } | null;
}

const noFaults = (): Faults => ({
  failPath: null,
  dropAfterPath: null,
  answerPath: null,
  slowMs: 0,
  dropAfterRotate: 0,
  badGatewayAfterRotate: 0,
  dropConnection: 0,
  serverErrors: { status: 502, count: 0 },
  rateLimited: { count: 0, retryAfterSeconds: 1 },
  htmlPage: 0,
  loginRedirect: 0,
  held: null,
  unexpectedJson: 0,
});

export interface IssueTokenInput {
  username: string;
  scopes: string[];
  /** YYYY-MM-DD; default: a year from today. `null`: never expires. */
  expiresAt?: string | null;
  kind?: TokenKind;
  /** Project or group path for project/group tokens (created when missing). */
  target?: string;
  accessLevel?: number;
  name?: string;
  description?: string;
  admin?: boolean;
  createdAt?: string;
  lastUsedAt?: string | null;
  revoked?: boolean;
  /** An impersonation token (personal only): listed to admins, shown by /users/:id/impersonation_tokens. */
  impersonation?: boolean;
  /** A fine-grained personal token (scopes become ["granular"]) holding these permissions ("User: Read"…). */
  granular?: string[];
  /** An OAuth access token of the user (64 hex characters, no prefix). */
  oauth?: boolean;
}

export interface StartOptions {
  port?: number;
  host?: string;
  settings?: Partial<EmulatorSettings>;
  /** GitLab's relative URL root ("/gitlab"): the API is then under /gitlab/api/v4 and `url` ends in it. */
  relativeUrlRoot?: string;
  /** Serve HTTPS with this key and certificate (see testCertificate()). */
  tls?: { key: string; cert: string };
}

export interface Emulator {
  url: string;
  state: EmulatorState;
  faults: Faults;
  /** peakInWindow: most requests one token made within one rate-limit window. */
  stats: { requests: number; rateLimited: number; peakInWindow: number; byPath: Map<string, number> };
  issueToken(input: IssueTokenInput): { id: number; secret: string; userId: number };
  addUser(username: string, opts?: { admin?: boolean }): { id: number };
  addProject(path: string, members?: Record<string, number>): { id: number };
  addGroup(path: string, members?: Record<string, number>): { id: number };
  /** A CI/CD variable of a project or group (created with the target when missing). */
  addVariable(
    kind: 'project' | 'group',
    path: string,
    key: string,
    value: string,
    flags?: { masked?: boolean; protected?: boolean; hidden?: boolean; raw?: boolean; description?: string; environmentScope?: string },
  ): EmVariable;
  /** A Kubernetes agent of a project (its tokens are made through the API). */
  addAgent(projectPath: string, name: string): { id: number };
  /** A webhook of a project or group, with its current secret token (null: none). */
  addHook(owner: 'project' | 'group', path: string, url: string, token?: string | null): { id: number };
  /** Moves the emulator's clock; null goes back to real time. */
  setNow(at: Date | null): void;
  resetFaults(): void;
  stop(): Promise<void>;
}

export function testCertificate(): { key: string; cert: string } {
  const dir = new URL('./fixtures/', import.meta.url);
  return { key: readFileSync(new URL('localhost-key.pem', dir), 'utf8'), cert: readFileSync(new URL('localhost-cert.pem', dir), 'utf8') };
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  const form = new URLSearchParams(raw);
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) out[key.replace(/\[\]$/, '')] = key.endsWith('[]') ? form.getAll(key) : form.get(key);
  return out;
}

type Answer = Reply & { html?: string; text?: string };

const html = (status: number, title: string): Answer => ({
  status,
  html: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
});

export async function start(options: StartOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options.settings);
  const faults = noFaults();
  const stats = { requests: 0, rateLimited: 0, peakInWindow: 0, byPath: new Map<string, number>() };
  const windows = new Map<string, { start: number; count: number }>();
  let baseUrl = '';
  const root = (options.relativeUrlRoot ?? '').replace(/\/+$/, '');

  // auth_finders.rb: an unknown token is a plain 401; a revoked one says so, and only when it is
  // presented to a rotate endpoint ("access_tokens/(\d+|self)/rotate") is its whole family revoked.
  const authenticate = (req: http.IncomingMessage, path: string): EmToken | Reply => {
    const header = req.headers['private-token'];
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const secret = (Array.isArray(header) ? header[0] : header) ?? bearer;
    if (!secret) return { status: 401, json: { message: '401 Unauthorized' } };
    const token = state.bySecret(secret);
    if (!token) return { status: 401, json: { message: '401 Unauthorized' } };
    if (state.isExpired(token))
      return { status: 401, json: { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' } };
    if (token.revoked) {
      if (/access_tokens\/(\d+|self)\/rotate$/.test(path) && versionAtLeast(state.settings.version, '16.3')) state.revokeFamily(token.familyId);
      return { status: 401, json: { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' } };
    }
    // api_guard.rb: a valid token of a user who may not use the API (terms, blocked…) is a 403 with the reason.
    const user = state.users.get(token.userId);
    if (user?.denied) return { status: 403, json: { message: `403 Forbidden - ${deniedReason(user)}` } };
    return token;
  };

  const rateHeaders = (key: string): { headers: Record<string, string>; over: boolean; retryAfter: number } => {
    const nowMs = Date.now();
    const limit = state.settings.rateLimitRequests;
    const windowMs = state.settings.rateLimitWindowSeconds * 1000;
    let w = windows.get(key);
    if (!w || nowMs - w.start >= windowMs) windows.set(key, (w = { start: nowMs, count: 0 }));
    w.count += 1;
    stats.peakInWindow = Math.max(stats.peakInWindow, w.count);
    const resetAt = Math.ceil((w.start + windowMs) / 1000);
    const retryAfter = Math.max(1, resetAt - Math.floor(nowMs / 1000));
    return {
      over: w.count > limit,
      retryAfter,
      headers: {
        'ratelimit-limit': String(limit),
        'ratelimit-observed': String(w.count),
        'ratelimit-remaining': String(Math.max(0, limit - w.count)),
        'ratelimit-reset': String(resetAt),
      },
    };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', baseUrl);
    stats.byPath.set(url.pathname, (stats.byPath.get(url.pathname) ?? 0) + 1);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (reply: Answer) => {
      const headers: Record<string, string> = { ...reply.headers };
      let body = '';
      if (reply.html !== undefined) {
        headers['content-type'] = 'text/html; charset=utf-8';
        body = reply.html;
      } else if (reply.text !== undefined) {
        headers['content-type'] = 'text/plain';
        body = reply.text;
      } else if (reply.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(reply.json);
      }
      res.writeHead(reply.status, headers).end(body);
    };
    if (faults.held) await faults.held;
    if (faults.slowMs > 0) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (faults.dropConnection > 0) {
      faults.dropConnection -= 1;
      req.socket.destroy();
      return;
    }
    if (faults.serverErrors.count > 0) {
      faults.serverErrors.count -= 1;
      const s = faults.serverErrors.status;
      return send(s === 500 ? { status: s, json: { message: '500 Internal Server Error' } } : html(s, `${s} Bad Gateway`));
    }
    if (faults.htmlPage > 0) {
      faults.htmlPage -= 1;
      return send(html(200, 'Corporate proxy: please sign in'));
    }
    if (faults.loginRedirect > 0) {
      faults.loginRedirect -= 1;
      return send({ status: 302, headers: { location: `${baseUrl}${root}/users/sign_in` }, html: '<html><body>You are being redirected.</body></html>' });
    }
    if (faults.rateLimited.count > 0) {
      faults.rateLimited.count -= 1;
      stats.rateLimited += 1;
      return send({ status: 429, headers: { 'retry-after': String(faults.rateLimited.retryAfterSeconds) }, text: 'Retry later\n' });
    }
    // Outside the relative URL root the web server has no GitLab: its own HTML 404.
    if (!url.pathname.startsWith(`${root}/api/v4/`)) return send(html(404, 'The page could not be found'));

    const path = url.pathname.slice(`${root}/api/v4`.length).replace(/\/+$/, '');
    const fail = faults.failPath;
    if (fail && fail.count > 0 && fail.method === req.method && fail.path.test(path)) {
      fail.count -= 1;
      return send({ status: 500, json: { message: '500 Internal Server Error' } });
    }
    // A runner's own routes take its token in the body, not a user's token (kind-routes.ts).
    if (path.startsWith('/runners/')) {
      let runnerBody: Record<string, unknown> = {};
      try {
        runnerBody = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      } catch {
        /* an unreadable body is an unknown token */
      }
      const runnerReply = runnerTokenRoute(state, req.method ?? 'GET', path, runnerBody);
      if (runnerReply) return send(runnerReply);
    }
    const auth = authenticate(req, path);
    if (!('secret' in auth)) return send(auth);
    // Rack::Attack's authenticated API throttle counts per user, not per token.
    const rate = rateHeaders(`user:${auth.userId}`);
    if (rate.over) {
      stats.rateLimited += 1;
      return send({ status: 429, headers: { ...rate.headers, 'retry-after': String(rate.retryAfter) }, text: 'Retry later\n' });
    }
    state.noteUse(auth, req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1');
    const forged = faults.answerPath;
    if (forged && forged.count > 0 && forged.method === req.method && forged.path.test(path)) {
      forged.count -= 1;
      const made = forged.reply(Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1));
      return send({ status: made.status, json: made.json, headers: { ...rate.headers, ...made.headers } });
    }
    let match: { route: (typeof ROUTES)[number]; params: string[] } | null = null;
    for (const route of ROUTES) {
      const m = route.method === req.method ? route.pattern.exec(path) : null;
      if (m && versionAtLeast(state.settings.version, route.since)) {
        match = { route, params: m.slice(1) };
        break;
      }
    }
    if (!match) return send({ status: 404, json: { error: '404 Not Found' }, headers: rate.headers });
    const { route, params } = match;
    const scopes = typeof route.scopes === 'function' ? route.scopes(state.settings.version) : route.scopes;
    // A fine-grained token is judged by its permissions, not scopes (api_guard.rb: GranularPermissionsError →
    // 403 insufficient_granular_scope, the missing permissions named). Routes without a `granular` label
    // admit it here: the token routes carry theirs (personal_access_tokens.rb `route_setting :authorization,
    // permissions: :read_personal_access_token | :rotate_personal_access_token | :revoke_personal_access_token`).
    if (auth.granular) {
      if (route.granular && !auth.permissions.includes(route.granular)) {
        return send({
          status: 403,
          headers: rate.headers,
          json: {
            error: 'insufficient_granular_scope',
            // The sentence names the route's permission as declared: "[User: Read]." on GitLab.com for /user,
            // the permission symbol for routes declaring one (`route_setting :authorization, permissions:`).
            error_description: `Access denied: This operation requires a fine-grained personal access token with the following user permissions: [${route.granular}]${route.granular.includes(':') ? '.' : ''}`,
          },
        });
      }
    } else if (scopes.length && !scopes.some((s) => auth.scopes.includes(s))) {
      // api_guard.rb: the refusal names every scope registered for the route, and the API registers
      // read_api for all of them (admitted for GET only), so a write's 403 lists read_api too.
      const registered = [...new Set([...scopes, ...(scopes.includes('api') ? ['read_api'] : [])])];
      return send({
        status: 403,
        headers: rate.headers,
        json: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: registered.join(' ') },
      });
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    } catch {
      return send({ status: 400, json: { error: 'The provided content-type is invalid or the body could not be parsed' } });
    }
    if (faults.unexpectedJson > 0) {
      faults.unexpectedJson -= 1;
      return send({ status: 200, json: { unexpected: true, hint: 'not a token' }, headers: rate.headers });
    }
    const reply = await route.handle({ state, token: auth, params, query: url.searchParams, body, selfUrl: `${baseUrl}${url.pathname}` });
    const rotated = req.method === 'POST' && path.endsWith('/rotate') && reply.status === 200;
    if (rotated && faults.dropAfterRotate > 0) {
      faults.dropAfterRotate -= 1;
      req.socket.destroy();
      return;
    }
    const dropAfter = faults.dropAfterPath;
    if (dropAfter && dropAfter.count > 0 && dropAfter.method === req.method && dropAfter.path.test(path)) {
      dropAfter.count -= 1;
      req.socket.destroy();
      return;
    }
    if (rotated && faults.badGatewayAfterRotate > 0) {
      faults.badGatewayAfterRotate -= 1;
      return send(html(502, '502 Bad Gateway'));
    }
    send({ ...reply, headers: { ...rate.headers, ...reply.headers } });
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '500 Internal Server Error', debug: String(err) }));
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `${options.tls ? 'https' : 'http'}://${host}:${port}`;

  const targetFor = (kind: 'project' | 'group', path: string) => state.addTarget(kind, path);
  return {
    url: `${baseUrl}${root}`,
    state,
    faults,
    stats,
    issueToken(input) {
      const kind = input.kind ?? 'personal';
      const expiresAt = input.expiresAt === undefined ? state.defaultCreateExpiry() : input.expiresAt;
      let userId: number;
      let targetId: number | null = null;
      const level = input.accessLevel ?? 40;
      if (kind === 'personal') {
        userId = state.addUser(input.username, { admin: !!input.admin }).id;
      } else {
        const target = targetFor(kind, input.target ?? `${input.username}/${kind}`);
        userId = state.botFor(kind, target, level).id;
        targetId = target.id;
      }
      const t = state.issue({
        kind, userId, targetId, name: input.name ?? `${input.username}-${kind}`, scopes: input.granular ? ['granular'] : input.scopes, expiresAt,
        description: input.description, accessLevel: level, createdAt: input.createdAt, lastUsedAt: input.lastUsedAt, revoked: input.revoked,
        impersonation: kind === 'personal' && !!input.impersonation,
        oauth: !!input.oauth,
        ...(input.granular ? { granular: true, permissions: input.granular } : {}),
      });
      return { id: t.id, secret: t.secret, userId };
    },
    addUser: (username, opts) => state.addUser(username, opts),
    addProject: (path, members) => state.addTarget('project', path, members),
    addGroup: (path, members) => state.addTarget('group', path, members),
    addAgent: (projectPath, name) => {
      const agent = { id: state.id(), projectId: state.addTarget('project', projectPath).id, name };
      state.creds.agents.set(agent.id, agent);
      return agent;
    },
    addHook: (owner, path, url, token = null) => {
      const hook = { id: state.id(), owner, targetId: state.addTarget(owner, path).id, url, token };
      state.creds.hooks.set(hook.id, hook);
      return hook;
    },
    addVariable(kind, path, key, value, flags = {}) {
      const target = state.addTarget(kind, path);
      const scope = flags.environmentScope ?? '*';
      const v: EmVariable = {
        key, value, masked: !!flags.masked || !!flags.hidden, protected: !!flags.protected, hidden: !!flags.hidden, raw: !!flags.raw,
        description: flags.description ?? null, variable_type: 'env_var', environment_scope: scope,
      };
      state.variables.set(variableKey(kind, target.id, key, scope), v);
      return v;
    },
    setNow(at) {
      state.now = at ? () => at : () => new Date();
    },
    resetFaults() {
      Object.assign(faults, noFaults());
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
