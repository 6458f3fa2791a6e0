// A thin GitLab REST client on undici. Chosen over @gitbeaker/rest because gitbeaker consumes
// the body of a failed response (a 403's insufficient_scope and its `scope` are lost), lags
// behind GitLab's scope list and new parameters, and retries 429/502 ten times on its own —
// which must never happen to a rotation. Here each request is one explicit call: PRIVATE-TOKEN
// auth, time-outs, bounded retries (429 honouring Retry-After for any method; 502/503/504 and
// lost connections only for GETs), pagination to the end, and every failure diagnosed.
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { addressForMessage, instanceRoot, normaliseInstance } from '../vault/types';
import { GitLabError, diagnoseNetwork, diagnoseStatus, rateLimited } from './errors';
import { buildDispatcher, type TransportOptions } from './transport';
import { versionAtLeast } from './version';

export interface GitLabClientOptions extends TransportOptions {
  /** "gitlab.com", "https://example.com/gitlab", … — normalised; a relative URL root is kept. */
  instance: string;
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable answers. */
  retries?: number;
  /** Longest Retry-After the client waits out by itself; longer → rate_limited. */
  maxRetryWaitMs?: number;
  backoffMs?: number;
  /** The instance follows GitLab.com's rules (plans, fixed limits); default: its host is gitlab.com. */
  gitlabCom?: boolean;
  /** Called once per HTTP exchange (benchmarks count requests with it). */
  onResponse?: (info: { method: string; path: string; status: number }) => void;
}

export interface RequestSpec<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /api/v4, e.g. "/personal_access_tokens/self". */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: Record<string, unknown>;
  /** Validates a 2xx body; omitted for 204 answers. */
  schema?: z.ZodType<T>;
  /** What this call does, for sentences: "rotating the token". */
  what: string;
  /** GitLab version that introduced the endpoint; a 404 on it then means "too new". */
  since?: string;
  /** The token's known expiry, so "expired" can say when. */
  expiresAt?: string | null;
  /** What a 405 from this endpoint means. */
  notAllowedMeans?: string;
}

export interface Answer<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
}

const OTHER_TOKEN_KINDS: Record<string, string> = {
  'gldt-': 'a deploy token', 'glrt-': 'a runner token', 'glptt-': 'a pipeline trigger token', 'glft-': 'a feed token',
  'glcbt-': 'a CI/CD job token', 'glffct-': 'a feature flags client token', 'gloas-': 'an OAuth application secret', 'glagent-': 'a Kubernetes agent token',
  'glimt-': 'an incoming mail token', 'glsoat-': 'a SCIM token', 'glwt-': 'a workspace token',
};

/** Strips what pasting adds around a token and refuses tokens the REST API cannot use. */
export function prepareToken(raw: string): string {
  const token = raw.trim();
  if (!token || /[\s\u0000-\u001f\u007f]/.test(token))
    throw new GitLabError('unrecognised', 'The token is empty or has spaces or line breaks inside it; copy it again from GitLab.');
  const prefix = Object.keys(OTHER_TOKEN_KINDS).find((p) => token.startsWith(p));
  if (prefix)
    throw new GitLabError('wrong_token_kind', `This is ${OTHER_TOKEN_KINDS[prefix]} (${prefix}); GitLab's API needs a personal, project or group access token.`);
  return token;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry-After is seconds or an HTTP date. */
function retryAfterSeconds(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

const LOGIN_PATH = /\/users\/sign_in|\/-\/sign_in|\/login|\/saml|\/sso|\/oauth\/authorize/i;

export class GitLabClient {
  /** The instance's base URL: origin plus GitLab's relative URL root, if any. */
  readonly instance: string;
  /** Host and relative URL root, for sentences ("example.com/gitlab"). */
  readonly host: string;
  /** The relative URL root ("" or "/gitlab"): every API path goes below it. */
  readonly root: string;
  private readonly origin: string;
  /** The instance's GitLab version once learnt (version.ts learnVersion); calls needing newer ones are refused unsent. */
  version: string | null = null;
  readonly viaProxy: string | null;
  /** GitLab.com: fixed 365-day limit, expiry required, project/group tokens need a paid plan. */
  readonly isGitLabCom: boolean;
  private readonly dispatcher: Dispatcher;
  private readonly opts: Required<Pick<GitLabClientOptions, 'timeoutMs' | 'retries' | 'maxRetryWaitMs' | 'backoffMs'>>;
  private pauseUntil = 0;

  constructor(private readonly options: GitLabClientOptions) {
    const instance = normaliseInstance(options.instance);
    if (!instance) throw new GitLabError('bad_instance', `"${addressForMessage(options.instance)}" is not a GitLab address; write it like https://gitlab.example.com.`, { checkAddress: true });
    this.instance = instance;
    const origin = new URL(instance);
    this.origin = origin.origin;
    this.root = instanceRoot(instance);
    this.host = `${origin.host}${this.root}`;
    this.isGitLabCom = options.gitlabCom ?? origin.host === 'gitlab.com';
    const built = buildDispatcher(origin, options);
    this.dispatcher = built.dispatcher;
    this.viaProxy = built.viaProxy;
    this.opts = {
      timeoutMs: options.timeoutMs ?? 20_000,
      retries: options.retries ?? 3,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
      backoffMs: options.backoffMs ?? 300,
    };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** `rawToken` null: no user token is sent (a runner's own routes take the runner token in the body). */
  async request<T = undefined>(rawToken: string | null, spec: RequestSpec<T>): Promise<Answer<T>> {
    const token = rawToken === null ? null : prepareToken(rawToken);
    const method = spec.method ?? 'GET';
    if (spec.since && this.version && !versionAtLeast(this.version, spec.since)) {
      throw new GitLabError('too_new', `${this.host} runs GitLab ${this.version}; ${spec.what} needs GitLab ${spec.since} or later.`, {
        needsVersion: spec.since,
        version: this.version,
      });
    }
    const ctx = { host: this.host, what: spec.what, method, since: spec.since, expiresAt: spec.expiresAt, viaProxy: this.viaProxy, notAllowedMeans: spec.notAllowedMeans };
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const path = `${this.root}/api/v4${spec.path}${query.size ? `?${query}` : ''}`;
    for (let attempt = 0; ; attempt++) {
      const wait = this.pauseUntil - Date.now();
      if (wait > 0) await sleep(wait);
      let res: Dispatcher.ResponseData;
      try {
        res = await this.dispatcher.request({
          origin: this.origin,
          path,
          method,
          headers: {
            ...(token === null ? {} : { 'private-token': token }),
            accept: 'application/json',
            'user-agent': 'TokenVault/0.1',
            ...(spec.body ? { 'content-type': 'application/json' } : {}),
          },
          body: spec.body ? JSON.stringify(spec.body) : undefined,
          headersTimeout: this.opts.timeoutMs,
          bodyTimeout: this.opts.timeoutMs,
        });
      } catch (err) {
        const e = diagnoseNetwork(err, { ...ctx, mutating: method !== 'GET', timeoutMs: this.opts.timeoutMs });
        if (method === 'GET' && e.code === 'connection_lost' && attempt < this.opts.retries) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw e;
      }
      const headers = flatHeaders(res.headers);
      let text: string;
      try {
        text = await res.body.text();
      } catch (err) {
        throw diagnoseNetwork(err, { ...ctx, mutating: method !== 'GET', timeoutMs: this.opts.timeoutMs });
      }
      this.options.onResponse?.({ method, path: spec.path, status: res.statusCode });
      this.notePacing(headers);
      const status = res.statusCode;
      if (status === 429) {
        // GitLab's limiter answers before doing anything, so even a POST is safe to repeat.
        const seconds = retryAfterSeconds(headers['retry-after']);
        const ms = (seconds ?? 1) * 1000;
        if (attempt < this.opts.retries && ms <= this.opts.maxRetryWaitMs) {
          await sleep(ms);
          continue;
        }
        throw rateLimited(seconds, this.host);
      }
      if ((status === 502 || status === 503 || status === 504) && method === 'GET' && attempt < this.opts.retries) {
        await sleep(this.backoff(attempt));
        continue;
      }
      return this.interpret(status, headers, text, spec, ctx);
    }
  }

  /** Every item of a paginated list, following x-next-page (or link rel="next") to the end. */
  async paginate<T>(rawToken: string, spec: RequestSpec<T[]> & { schema: z.ZodType<T[]>; perPage?: number; maxPages?: number }): Promise<T[]> {
    // A bound against a server whose "next page" never ends; 10,000 pages is a million rows.
    const maxPages = spec.maxPages ?? 10_000;
    return (await this.paginateBounded(rawToken, { ...spec, maxPages, maxItems: maxPages * (spec.perPage ?? 100) })).items;
  }

  /**
   * Like paginate, but stops after `maxItems` rows (or as many pages as they fill, for a server sending
   * empty pages with a "next" forever) and says whether GitLab had more: a hostile or runaway list.
   */
  async paginateBounded<T>(rawToken: string, spec: RequestSpec<T[]> & { schema: z.ZodType<T[]>; perPage?: number; maxItems: number; maxPages?: number }): Promise<{ items: T[]; truncated: boolean }> {
    const items: T[] = [];
    const perPage = spec.perPage ?? 100;
    const maxPages = spec.maxPages ?? Math.ceil(spec.maxItems / perPage) + 1;
    let page: string | null = '1';
    for (let n = 0; page; n++) {
      if (n >= maxPages) return { items, truncated: true };
      const answer: Answer<T[]> = await this.request(rawToken, { ...spec, query: { ...spec.query, page, per_page: perPage } });
      items.push(...answer.data);
      page = nextPage(answer.headers);
      // A page longer than asked counts too: a server may ignore per_page.
      if (items.length >= spec.maxItems) return { items: items.slice(0, spec.maxItems), truncated: Boolean(page) || items.length > spec.maxItems };
    }
    return { items, truncated: false };
  }

  private interpret<T>(status: number, headers: Record<string, string>, text: string, spec: RequestSpec<T>, ctx: Parameters<typeof diagnoseStatus>[2]): Answer<T> {
    const type = headers['content-type'] ?? '';
    const isJson = /json/i.test(type);
    if (status >= 300 && status < 400) {
      const location = headers['location'] ?? '';
      if (LOGIN_PATH.test(location))
        throw new GitLabError('login_redirect', `${this.host} sent the request to a sign-in page instead of answering; a single sign-on proxy may sit in front of the API.`, { status });
      let where = 'another address';
      try {
        // Keep the relative URL root the redirect points into ("…/gitlab/api/v4/…" → "…/gitlab").
        const to = new URL(location, this.instance);
        where = `${to.origin}${/^(.*?)\/api\/v4(\/|$)/.exec(to.pathname)?.[1] ?? ''}`;
      } catch {
        /* keep the vague wording */
      }
      throw new GitLabError('unexpected_response', `${this.host} redirected the API request to ${where}; use that address as the instance.`, { status, checkAddress: true });
    }
    let body: unknown = undefined;
    if (isJson && text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new GitLabError('unexpected_response', `${this.host} sent malformed JSON in answer to ${spec.what}.`, { status });
      }
    }
    if (status >= 400) {
      if (status >= 500 || isJson || status === 401 || status === 403) throw diagnoseStatus(status, body, ctx);
      throw this.htmlOrOther(status, type);
    }
    if (status === 204 || !spec.schema) return { data: undefined as T, status, headers };
    if (!isJson) throw this.htmlOrOther(status, type);
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : 'the answer';
      throw new GitLabError('unexpected_response', `${this.host} answered ${spec.what} with data GitLab does not send (${field}: ${issue?.message ?? 'invalid'}); is this address really a GitLab API?`, { status, checkAddress: true });
    }
    return { data: parsed.data, status, headers };
  }

  private htmlOrOther(status: number, type: string): GitLabError {
    // A web server's 404 page for /api/v4 means the API is not at this address: most often a
    // relative URL root left out ("https://host/gitlab") or a project page pasted as the instance.
    if (status === 404 && /html/i.test(type)) {
      const hint = this.root
        ? `; if GitLab is installed at the root of the host, use ${this.origin} as the instance`
        : '; if GitLab is installed under a path (a relative URL root), include it, like https://host/gitlab';
      return new GitLabError('not_found', `There is no GitLab API at ${this.instance}${hint}.`, { status, checkAddress: true });
    }
    if (/html/i.test(type))
      return new GitLabError('html_instead_of_json', `${this.host} answered with a web page instead of API data (HTTP ${status}); a proxy or sign-in portal may be in the way.`, { status });
    return new GitLabError('unexpected_response', `${this.host} answered with ${type || 'no content type'} instead of JSON (HTTP ${status}).`, { status });
  }

  /** When GitLab says the window is spent, wait for its reset instead of drawing a 429. */
  private notePacing(headers: Record<string, string>) {
    if (headers['ratelimit-remaining'] !== '0') return;
    const reset = Number(headers['ratelimit-reset']) * 1000;
    if (reset > Date.now() && reset - Date.now() <= this.opts.maxRetryWaitMs) this.pauseUntil = reset;
  }

  private backoff(attempt: number): number {
    return this.opts.backoffMs * 2 ** attempt * (0.75 + Math.random() / 2);
  }
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function nextPage(headers: Record<string, string>): string | null {
  const next = headers['x-next-page']?.trim();
  if (next) return next;
  const link = /<([^>]+)>;\s*rel="next"/.exec(headers['link'] ?? '')?.[1];
  if (!link) return null;
  try {
    return new URL(link).searchParams.get('page');
  } catch {
    return null;
  }
}
