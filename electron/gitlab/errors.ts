// Every GitLab failure becomes one plain sentence plus a code the UI and the CLI can act on.
// Messages name dates, scopes, hosts, fingerprints and versions — never a token.

// Text a GitLab server wrote (error messages, names, paths) reaches a terminal and the app: a hostile
// server could otherwise set the window title, clear the screen (ESC, and the one-byte C1 CSI
// U+009B), or reorder what is shown with bidi overrides. Each such character becomes a space.
// C0 and DEL, C1 (U+0080–U+009F), and the bidi/format marks U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control and bidi/format character a space, at most `max` characters. */
export const cleanServerText = (text: string, max = 2048): string => text.replace(CONTROLS, ' ').slice(0, max);

export type GitLabErrorCode =
  | 'expired'
  | 'revoked'
  | 'unrecognised'
  | 'wrong_token_kind'
  | 'insufficient_scope'
  | 'granular_permission'
  | 'legacy_rotation_disabled'
  | 'forbidden'
  | 'not_permitted'
  | 'account_blocked'
  | 'not_found'
  | 'invalid_request'
  | 'store_failed'
  | 'unknown_host'
  | 'refused'
  | 'timeout'
  | 'connection_lost'
  | 'tls'
  | 'proxy'
  | 'rate_limited'
  | 'server_error'
  | 'too_new'
  | 'html_instead_of_json'
  | 'login_redirect'
  | 'unexpected_response'
  | 'bad_instance'
  | 'rotation_pending'
  | 'rotation_unconfirmed';

export interface GitLabErrorDetails {
  status?: number;
  /** Expired: the date the token stopped working (YYYY-MM-DD), when known. */
  expiresAt?: string;
  /** Missing scope: the scopes any one of which would do. */
  scopes?: string[];
  /** A fine-grained token's missing permissions, in GitLab's words ("User: Read"). */
  permissions?: string[];
  /** TLS: SHA-256 fingerprint of the certificate the server showed. */
  fingerprint?: string;
  /** Rate limited: when to try again (ISO instant). */
  retryAt?: string;
  /** Too new: the GitLab version the endpoint needs. */
  needsVersion?: string;
  /** The request may have changed something on GitLab before the answer was lost. */
  maybeApplied?: boolean;
  /** Too new: GitLab accepted the token even though it could not answer the question asked. */
  tokenWorks?: boolean;
  /** The GitLab version the instance reported, when known. */
  version?: string;
  /** Expiry beyond the instance's maximum lifetime: the latest date it allows (YYYY-MM-DD). */
  maxExpiresAt?: string;
  /** Rotation unconfirmed: where to create a replacement by hand. */
  recoveryUrl?: string;
  /**
   * The sentence asks the person to check the instance address (unknown host, refused, not a
   * GitLab, another instance's token): the UI offers to change it, without reading the sentence.
   */
  checkAddress?: true;
}

export class GitLabError extends Error {
  override readonly name = 'GitLabError';
  constructor(
    readonly code: GitLabErrorCode,
    message: string,
    readonly details: GitLabErrorDetails = {},
  ) {
    super(message);
  }

  /** What the UI offers to do about it (ipc.ts carries it across, so no screen reads the sentence). */
  get fix(): 'instance-address' | undefined {
    return this.details.checkAddress ? 'instance-address' : undefined;
  }
}

export const isGitLabError = (e: unknown): e is GitLabError => e instanceof GitLabError;

/** What the caller knows that GitLab's answer does not say (it never repeats the expiry date). */
export interface DiagnosisContext {
  host: string;
  /** e.g. "POST /personal_access_tokens/self/rotate" — named in "too new" sentences. */
  what: string;
  since?: string;
  expiresAt?: string | null;
  viaProxy?: string | null;
  /** The HTTP method: a write is never advised a read-only scope. */
  method?: string;
  /** What a 405 means for this request (self-rotation: "not a project or group bot token"). */
  notAllowedMeans?: string;
}

const bodyField = (body: unknown, key: string): unknown =>
  body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;

/** GitLab's 4xx bodies: `{message: "…"}`, `{message: {field: ["problem"]}}`, `{error: "…"}`. */
export function gitlabMessage(body: unknown): string | null {
  const raw = rawMessage(body);
  return raw === null ? null : cleanServerText(raw);
}

function rawMessage(body: unknown): string | null {
  const message = bodyField(body, 'message');
  if (typeof message === 'string') return message;
  if (message && typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .map(([field, problems]) => `${field} ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`)
      .join('; ');
  }
  const error = bodyField(body, 'error');
  return typeof error === 'string' ? error : null;
}

/** user_access_denied_reason.rb: the account, not the token, is what GitLab refuses. */
const ACCOUNT_PROBLEM = /Terms of Service|blocked|deactivated|password expired|pending approval|not confirmed|internal users/i;

const tidy = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** A non-2xx JSON answer → the sentence a person can act on. */
export function diagnoseStatus(status: number, body: unknown, ctx: DiagnosisContext): GitLabError {
  const error = bodyField(body, 'error');
  const description = cleanServerText(String(bodyField(body, 'error_description') ?? ''));
  const text = gitlabMessage(body) ?? '';
  if (status === 401) {
    if (error === 'invalid_token' && /expired/i.test(description)) {
      return ctx.expiresAt
        ? new GitLabError('expired', `The token expired on ${ctx.expiresAt} (at 00:00 UTC); GitLab no longer accepts it.`, { status, expiresAt: ctx.expiresAt })
        : new GitLabError('expired', 'The token has expired; GitLab no longer accepts it.', { status });
    }
    if (error === 'invalid_token' && /revoked/i.test(description))
      return new GitLabError('revoked', `The token was revoked on ${ctx.host}; it no longer works.`, { status });
    return new GitLabError('unrecognised', `${ctx.host} does not recognise this token; check that it belongs to this instance and was pasted whole.`, { status, checkAddress: true });
  }
  if (status === 403 && error === 'insufficient_scope') {
    // api_guard.rb names every scope registered for the route, read_api included whatever the
    // method; read_* scopes admit GET only, so a write is advised only the others (api).
    const registered = String(bodyField(body, 'scope') ?? '').split(/\s+/).filter(Boolean);
    const writes = ctx.method !== undefined && ctx.method !== 'GET';
    const usable = writes ? registered.filter((s) => !s.startsWith('read_')) : registered;
    const scopes = writes && !usable.length ? ['api'] : usable;
    const list = scopes.length > 1 ? `${scopes.slice(0, -1).join(', ')} or ${scopes.at(-1)}` : (scopes[0] ?? 'a broader scope');
    return new GitLabError('insufficient_scope', `This token lacks the scope needed for ${ctx.what}: it needs ${list}.`, { status, scopes });
  }
  // api_guard.rb: GranularPermissionsError → 403 insufficient_granular_scope, "…with the following user permissions: [User: Read]."
  if (status === 403 && error === 'insufficient_granular_scope') {
    const permissions = (/\[([^\]]+)\]/.exec(description)?.[1] ?? '').split(/,\s*/).filter(Boolean);
    // personal_access_tokens.rb: each token route declares its permission; say what it lets the token do.
    const tokenAct = permissions.length === 1 ? /^(read|rotate|revoke)_personal_access_token$/.exec(permissions[0]!)?.[1] : undefined;
    if (tokenAct)
      return new GitLabError(
        'granular_permission',
        `GitLab refused ${ctx.what}: this fine-grained token was not granted ${permissions[0]} (to ${tokenAct} personal access tokens), so nothing changed; add that permission to the token on GitLab's access token page${tokenAct === 'read' ? '' : `, or ${tokenAct} it there`}.`,
        { status, permissions },
      );
    const named = permissions.length ? `the permission ${permissions.join(', ')}` : 'a permission GitLab did not name';
    return new GitLabError(
      'granular_permission',
      `GitLab refused ${ctx.what}: it needs a fine-grained token holding ${named}; add it to this token's permissions on GitLab, or — if this is a classic token — its group requires fine-grained tokens, so make one there.`,
      { status, permissions },
    );
  }
  if (status === 403) {
    // api_guard.rb / user_access_denied_reason.rb: "403 Forbidden - <why this user may not use the API>".
    // GitLab's reason, first sentence only: the rest tells the user to open a browser, which ours says too.
    const reason = /^403 Forbidden - (.+)$/s.exec(text)?.[1]?.trim().split(/(?<=\.)\s+(?=[A-Z])/)[0];
    if (reason && ACCOUNT_PROBLEM.test(reason))
      return new GitLabError('account_blocked', tidy(`${ctx.host} refuses API requests from this token's user until this is resolved in the browser: ${reason}`), { status });
    return new GitLabError('forbidden', tidy(`GitLab refused ${ctx.what}: this token's user is not allowed to do that${reason ? ` (${reason})` : ''}`), { status });
  }
  // resource_access_tokens.rb: a refused create is a 400 from the create service, not a 403.
  if (status === 400 && /does not have permission/i.test(text))
    return new GitLabError(
      'not_permitted',
      tidy(
        `GitLab refused ${ctx.what} (${text.replace(/^400 Bad request - /, '')}): that needs the Maintainer role in the project or Owner in the group, asked with a person's own token`,
      ),
      { status },
    );
  // self_information.rb: GitLab knows the token, but it is an OAuth or job token, not an access token.
  if (status === 400 && /requires token type to be a personal access token/i.test(text))
    return new GitLabError(
      'wrong_token_kind',
      `${ctx.host} accepts this token, but it is not a personal, project or group access token (an OAuth or CI/CD job token, perhaps), so GitLab will not describe it; Token Vault verifies and rotates access tokens only.`,
      { status },
    );
  // rotate_service.rb granular_tokens_enforced?: the administrator requires fine-grained tokens.
  if (status === 400 && /Rotation of legacy personal access tokens is disabled/i.test(text))
    return new GitLabError(
      'legacy_rotation_disabled',
      `${ctx.host} no longer rotates classic personal access tokens because its administrator requires fine-grained ones; make a fine-grained token on GitLab's access token page and store it here (this one keeps working until it expires or is revoked).`,
      { status },
    );
  // personal_access_token.rb expires_at_before_instance_max_expiry_date: the model's "Expiration date must
  // be before D" (D itself allowed), as 400 "400 Bad request - …" (project/group create, rotate), 422 from
  // the admin's user-token API, or inside a joined sentence ("… and Expiration date must be before D").
  const latest = status === 400 || status === 422 ? /(?:Expiration date|expires_at) must be before (\d{4}-\d{2}-\d{2})/i.exec(text)?.[1] : undefined;
  if (latest)
    return new GitLabError('invalid_request', `GitLab refused ${ctx.what}: ${ctx.host} lets tokens live until ${latest} at most (its maximum token lifetime); pick that date or earlier.`, { status, maxExpiresAt: latest });
  // self_rotation.rb: not_allowed! when the token is not of the kind the endpoint rotates.
  if (status === 405)
    return new GitLabError('wrong_token_kind', tidy(`GitLab refused ${ctx.what} (405): ${ctx.notAllowedMeans ?? 'this kind of token cannot do that'}`), { status });
  // An unknown route answers {"error":"404 Not Found"}; a missing object {"message":"404 … Not Found"}.
  if (status === 404 && error === '404 Not Found' && ctx.since) {
    return new GitLabError('too_new', `${ctx.host} does not offer ${ctx.what}; it needs GitLab ${ctx.since} or later.`, { status, needsVersion: ctx.since });
  }
  if (status === 404) return new GitLabError('not_found', `GitLab could not find what ${ctx.what} refers to (${text || '404 Not Found'}).`, { status });
  if (status === 429) return rateLimited(null, ctx.host);
  if (status >= 500) return new GitLabError('server_error', `${ctx.host} had an internal problem (HTTP ${status}); try again later.`, { status });
  return new GitLabError('invalid_request', tidy(`GitLab refused ${ctx.what}: ${text || `HTTP ${status}`}`), { status });
}

export function rateLimited(retryAfterSeconds: number | null, host: string): GitLabError {
  const seconds = retryAfterSeconds ?? 60;
  const at = new Date(Date.now() + seconds * 1000);
  const clock = at.toISOString().slice(11, 19);
  return new GitLabError('rate_limited', `${host} is rate-limiting requests; try again after ${clock} UTC (in ${seconds} s).`, {
    status: 429,
    retryAt: at.toISOString(),
  });
}

const NET_CODES_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ABORT_ERR']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

/** All `code`s along an error's cause chain (undici wraps, AggregateError lists). */
function codes(err: unknown, seen = new Set<unknown>()): string[] {
  if (!err || typeof err !== 'object' || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  const own = typeof e.code === 'string' ? [e.code] : [];
  return [...own, ...codes(e.cause, seen), ...(e.errors ?? []).flatMap((x) => codes(x, seen))];
}

/** A failure below HTTP (DNS, TCP, TLS, proxy, time-out) → one sentence. */
export function diagnoseNetwork(err: unknown, ctx: DiagnosisContext & { mutating: boolean; timeoutMs: number }): GitLabError {
  if (err instanceof GitLabError) return err;
  const all = codes(err);
  const message = err instanceof Error ? err.message : String(err);
  const has = (c: string) => all.includes(c);
  const proxyNote = ctx.viaProxy ? ` through the proxy ${ctx.viaProxy}` : '';
  if (ctx.viaProxy && (/Proxy response \((\d+)\)/.test(message) || has('UND_ERR_ABORTED') && /proxy/i.test(message))) {
    const st = /Proxy response \((\d+)\)/.exec(message)?.[1];
    return new GitLabError('proxy', `The proxy ${ctx.viaProxy} refused to connect to ${ctx.host}${st ? ` (HTTP ${st}${st === '407' ? ', it wants credentials' : ''})` : ''}; check HTTPS_PROXY and NO_PROXY.`);
  }
  if (ctx.viaProxy && (has('ECONNREFUSED') || has('ENOTFOUND') || has('EAI_AGAIN'))) {
    return new GitLabError('proxy', `Could not reach the proxy ${ctx.viaProxy}; check HTTPS_PROXY and NO_PROXY.`);
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN') || has('EAI_NONAME'))
    return new GitLabError('unknown_host', `The host ${ctx.host} could not be found; check the instance address and your network.`, { checkAddress: true });
  if (has('ECONNREFUSED'))
    return new GitLabError('refused', `${ctx.host} refused the connection${proxyNote}; is the instance address and port right, and is GitLab running?`, { checkAddress: true });
  const tls = all.find((c) => TLS_CODE.test(c));
  if (tls) return new GitLabError('tls', `The TLS certificate of ${ctx.host} is not trusted (${tls}).`);
  if (all.some((c) => NET_CODES_TIMEOUT.has(c)) || /timeout/i.test(message)) {
    const connecting = has('UND_ERR_CONNECT_TIMEOUT');
    return new GitLabError('timeout', `${ctx.host} did not ${connecting ? 'accept a connection' : 'answer'} within ${Math.round(ctx.timeoutMs / 1000)} s${proxyNote}.`, {
      maybeApplied: ctx.mutating && !connecting,
    });
  }
  if (has('ECONNRESET') || has('UND_ERR_SOCKET') || has('EPIPE') || /other side closed|socket/i.test(message)) {
    return new GitLabError('connection_lost', `The connection to ${ctx.host} was lost before GitLab answered${proxyNote}.`, { maybeApplied: ctx.mutating });
  }
  return new GitLabError('connection_lost', `Could not talk to ${ctx.host}${proxyNote} (${all[0] ?? 'network error'}).`, { maybeApplied: ctx.mutating });
}
