// The client against the emulator over real HTTP: one test per diagnosis, plus retries,
// pagination, proxies and TLS trust. No fetch is mocked anywhere.
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabClient, nextPage, prepareToken } from '../../electron/gitlab/client';
import { tokenSchema, versionSchema } from '../../electron/gitlab/schemas';
import { addDays, isoDay, listPersonalTokens, verifyToken } from '../../electron/gitlab/tokens';
import { start, testCertificate, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
const today = isoDay(new Date());
const self = { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the token', since: '15.5' };

beforeAll(async () => {
  em = await start();
  client = quickClient(`${em.url}/-/user_settings/personal_access_tokens`);
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

describe('GitLab client: talking to the emulator', () => {
  it('normalises the instance address and accepts a pasted token with whitespace and dots', async () => {
    expect(client.instance).toBe(em.url);
    const { secret } = em.issueToken({ username: 'paste', scopes: ['read_api'] });
    expect(secret).toMatch(/^glpat-.{30,}\..+/);
    const answer = await client.request(`\n  ${secret}\t\n`, self);
    expect(answer.data.name).toBe('paste-personal');
  });

  it('follows pagination to the end, 100 per page', async () => {
    const owner = em.addUser('pager');
    for (let i = 0; i < 250; i++) em.state.issue({ kind: 'personal', userId: owner.id, name: `t${i}`, scopes: ['read_api'], expiresAt: addDays(today, 10) });
    const { secret } = em.issueToken({ username: 'pager', scopes: ['read_api'] });
    const before = em.stats.byPath.get('/api/v4/personal_access_tokens') ?? 0;
    const all = await listPersonalTokens(client, secret);
    expect(all).toHaveLength(251);
    expect(new Set(all.map((t) => t.id)).size).toBe(251);
    expect((em.stats.byPath.get('/api/v4/personal_access_tokens') ?? 0) - before).toBe(3);
  });

  it('follows pages to the end when GitLab omits totals (over 10,000 rows)', async () => {
    const big = await start();
    const owner = big.addUser('big');
    for (let i = 0; i < 10_050; i++) big.state.issue({ kind: 'personal', userId: owner.id, name: `b${i}`, scopes: ['read_api'], expiresAt: addDays(today, 10) });
    const { secret } = big.issueToken({ username: 'big', scopes: ['read_api'] });
    const c = quickClient(big.url);
    const first = await c.request(secret, { path: '/personal_access_tokens', query: { per_page: 100 }, what: 'listing' });
    expect(first.headers['x-total']).toBeUndefined();
    expect(first.headers['x-next-page']).toBe('2');
    expect(await listPersonalTokens(c, secret)).toHaveLength(10_051);
    await c.close();
    await big.stop();
  });

  it('follows link rel="next" when x-next-page is missing (large lists)', () => {
    expect(nextPage({ link: '<https://g.example/api/v4/x?page=7&per_page=100>; rel="next", <https://g.example/api/v4/x?page=1>; rel="first"' })).toBe('7');
    expect(nextPage({ 'x-next-page': '' })).toBeNull();
  });
});

describe('GitLab client: one diagnosis per failure', () => {
  it('expired: says the date', async () => {
    const { secret } = em.issueToken({ username: 'exp', scopes: ['api'], expiresAt: today });
    const err = await failure(client.request(secret, { ...self, expiresAt: today }), secret);
    expect(err.code).toBe('expired');
    expect(err.message).toContain(today);
  });

  it('revoked', async () => {
    const { secret } = em.issueToken({ username: 'rev', scopes: ['api'], revoked: true });
    expect((await failure(client.request(secret, self), secret)).code).toBe('revoked');
  });

  it('not recognised', async () => {
    const secret = 'glpat-notarealtokenatall12345';
    // "check that it belongs to this instance": the UI offers to change the address.
    expect(await failure(client.request(secret, self), secret)).toMatchObject({ code: 'unrecognised', fix: 'instance-address' });
  });

  it('another kind of token (deploy, runner) is refused before any request', async () => {
    const before = em.stats.requests;
    const err = await failure(client.request('gldt-abcdefghijklmnop', self), 'gldt-abcdefghijklmnop');
    expect(err.code).toBe('wrong_token_kind');
    expect(err.message).toContain('deploy token');
    expect(em.stats.requests).toBe(before);
    expect(() => prepareToken('glpat-abc def')).toThrow(/spaces or line breaks/);
  });

  it('missing scope: names the scopes that would do', async () => {
    const { secret } = em.issueToken({ username: 'narrow', scopes: ['read_repository'] });
    const err = await failure(client.request(secret, { path: '/version', schema: versionSchema, what: 'reading the GitLab version' }), secret);
    expect(err.code).toBe('insufficient_scope');
    // metadata.rb: /version admits read_user too.
    expect(err.details.scopes).toEqual(['api', 'read_api', 'read_user']);
    expect(err.message).toContain('api, read_api or read_user');
  });

  it('validation error: GitLab\'s own words', async () => {
    const { secret } = em.issueToken({ username: 'admin1', admin: true, scopes: ['api'] });
    const err = await failure(client.request(secret, { method: 'POST', path: `/users/${em.addUser('x').id}/personal_access_tokens`, body: { scopes: ['api'] }, what: 'creating a token' }), secret);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('name is missing');
  });

  it('unknown host', async () => {
    const c = quickClient('https://gitlab.invalid');
    expect(await failure(c.request('glpat-x1234567890', self))).toMatchObject({ code: 'unknown_host', fix: 'instance-address' });
  });

  it('connection refused', async () => {
    const port = await freePort();
    const err = await failure(quickClient(`http://127.0.0.1:${port}`).request('glpat-x1234567890', self));
    expect(err.code).toBe('refused');
    expect(err.fix).toBe('instance-address');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('time-out: slow answers', async () => {
    const { secret } = em.issueToken({ username: 'slow', scopes: ['api'] });
    em.faults.slowMs = 1_500;
    try {
      const err = await failure(quickClient(em.url, { timeoutMs: 300 }).request(secret, self), secret);
      expect(err.code).toBe('timeout');
    } finally {
      em.faults.slowMs = 0;
    }
  });

  it('rate limited: waits out a short Retry-After by itself, reports a long one with the time to retry', async () => {
    const { secret } = em.issueToken({ username: 'busy', scopes: ['api'] });
    em.faults.rateLimited = { count: 1, retryAfterSeconds: 1 };
    const t0 = Date.now();
    expect((await client.request(secret, self)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    em.faults.rateLimited = { count: 5, retryAfterSeconds: 120 };
    const err = await failure(client.request(secret, self), secret);
    em.resetFaults();
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/try again after \d\d:\d\d:\d\d UTC \(in 120 s\)/);
    expect(err.details.retryAt).toBeTruthy();
  });

  it('rate limited by the per-minute limit itself (plain-text 429)', async () => {
    const small = await start({ settings: { rateLimitRequests: 2 } });
    const { secret } = small.issueToken({ username: 'u', scopes: ['api'] });
    const c = quickClient(small.url, { maxRetryWaitMs: 500 });
    await c.request(secret, self);
    await c.request(secret, self).catch(() => undefined);
    const err = await failure(c.request(secret, self), secret);
    expect(err.code).toBe('rate_limited');
    await small.stop();
  });

  it('GitLab 5xx: a burst is retried for reads; a lasting one is reported; a POST is never repeated', async () => {
    const { secret } = em.issueToken({ username: 'five', scopes: ['api'] });
    em.faults.serverErrors = { status: 502, count: 2 };
    expect((await client.request(secret, self)).status).toBe(200);
    em.faults.serverErrors = { status: 503, count: 10 };
    const err = await failure(client.request(secret, self), secret);
    expect(err.code).toBe('server_error');
    expect(err.message).toContain('HTTP 503');
    em.faults.serverErrors = { status: 502, count: 1 };
    const before = em.stats.requests;
    const post = await failure(client.request(secret, { method: 'POST', path: '/personal_access_tokens/self/rotate', body: { expires_at: addDays(today, 30) }, what: 'rotating the token' }), secret);
    expect(post.code).toBe('server_error');
    expect(em.stats.requests - before).toBe(1);
    em.resetFaults();
  });

  it('connection lost: a read is retried; a write is reported as maybe applied, never repeated', async () => {
    const { secret } = em.issueToken({ username: 'drop', scopes: ['api'] });
    em.faults.dropConnection = 1;
    expect((await client.request(secret, self)).status).toBe(200);
    em.faults.dropConnection = 1;
    const before = em.stats.requests;
    const err = await failure(client.request(secret, { method: 'DELETE', path: '/personal_access_tokens/self', what: 'revoking the token' }), secret);
    expect(err.code).toBe('connection_lost');
    expect(err.details.maybeApplied).toBe(true);
    expect(em.stats.requests - before).toBe(1);
  });

  it('feature too new for this instance: names the version needed', async () => {
    const old = await start({ settings: { version: '15.0.0' } });
    const { secret } = old.issueToken({ username: 'u', scopes: ['api'] });
    const err = await failure(quickClient(old.url).request(secret, self), secret);
    expect(err.code).toBe('too_new');
    expect(err.details.needsVersion).toBe('15.5');
    expect(err.message).toContain('GitLab 15.5 or later');
    await old.stop();
  });

  it('an HTML page instead of JSON', async () => {
    const { secret } = em.issueToken({ username: 'html', scopes: ['api'] });
    em.faults.htmlPage = 1;
    // Blames a proxy or portal, not the address: no address fix is offered.
    expect(await failure(client.request(secret, self), secret)).toMatchObject({ code: 'html_instead_of_json', fix: undefined });
  });

  it('a redirect to a sign-in page', async () => {
    const { secret } = em.issueToken({ username: 'sso', scopes: ['api'] });
    em.faults.loginRedirect = 1;
    expect((await failure(client.request(secret, self), secret)).code).toBe('login_redirect');
  });

  it('a 200 with unexpected JSON', async () => {
    const { secret } = em.issueToken({ username: 'odd', scopes: ['api'] });
    em.faults.unexpectedJson = 1;
    const err = await failure(client.request(secret, self), secret);
    expect(err.code).toBe('unexpected_response');
    expect(err.message).toContain('is this address really a GitLab API');
    expect(err.fix).toBe('instance-address');
  });

  it('not a GitLab address', () => {
    expect(() => new GitLabClient({ instance: 'ftp://gitlab.example.com' })).toThrow(/not a GitLab address/);
    expect(() => new GitLabClient({ instance: 'gitlab example' })).toThrow(expect.objectContaining({ code: 'bad_instance', fix: 'instance-address' }));
    expect(() => new GitLabClient({ instance: 'http://gitlab.example.com' })).toThrow(/not a GitLab address/);
  });
});

describe('GitLab client: TLS trust', () => {
  let tlsEm: Emulator;
  const cert = testCertificate();
  const fingerprint = new X509Certificate(cert.cert).fingerprint256;
  beforeAll(async () => {
    tlsEm = await start({ tls: cert });
  });
  afterAll(() => tlsEm.stop());

  it('an untrusted certificate fails with its fingerprint', async () => {
    const { secret } = tlsEm.issueToken({ username: 'u', scopes: ['api'] });
    const err = await failure(quickClient(tlsEm.url).request(secret, self), secret);
    expect(err.code).toBe('tls');
    expect(err.details.fingerprint).toBe(fingerprint);
    expect(err.message).toContain(fingerprint);
  });

  it('an extra CA certificate makes it trusted', async () => {
    const { secret } = tlsEm.issueToken({ username: 'u', scopes: ['api'] });
    expect((await quickClient(tlsEm.url, { extraCaPem: [cert.cert] }).request(secret, self)).status).toBe(200);
  });

  it('a fingerprint trusted for this instance is accepted; a different one is not', async () => {
    const { secret } = tlsEm.issueToken({ username: 'u', scopes: ['api'] });
    const pinned = quickClient(tlsEm.url, { trustedFingerprint: fingerprint.toLowerCase().replace(/:/g, '') });
    expect((await pinned.request(secret, self)).status).toBe(200);
    // Several requests, some on new connections: the pin must hold without session resumption.
    await Promise.all([1, 2, 3].map(() => pinned.request(secret, self)));
    expect((await verifyToken(pinned, secret)).version).toBe('18.6.0');
    const wrong = quickClient(tlsEm.url, { trustedFingerprint: 'AA'.repeat(32) });
    const err = await failure(wrong.request(secret, self), secret);
    expect(err.code).toBe('tls');
    expect(err.message).toContain('does not match');
  });
});

describe('GitLab client: proxies', () => {
  it('goes through HTTP(S)_PROXY with CONNECT', async () => {
    const proxy = await connectProxy();
    const { secret } = em.issueToken({ username: 'proxied', scopes: ['api'] });
    const c = quickClient(em.url, { env: { http_proxy: proxy.url } });
    expect(c.viaProxy).toBe(proxy.url);
    expect((await c.request(secret, self)).status).toBe(200);
    expect(proxy.tunnels).toContain(new URL(em.url).host);
    await proxy.stop();
  });

  it('NO_PROXY exempts the instance', async () => {
    const c = quickClient(em.url, { env: { http_proxy: 'http://127.0.0.1:1', no_proxy: 'example.org, 127.0.0.1' } });
    expect(c.viaProxy).toBeNull();
    const { secret } = em.issueToken({ username: 'noproxy', scopes: ['api'] });
    expect((await c.request(secret, self)).status).toBe(200);
  });

  it('a proxy that cannot be reached', async () => {
    const port = await freePort();
    const c = quickClient(em.url, { env: { http_proxy: `http://user:pw@127.0.0.1:${port}` } });
    const err = await failure(c.request('glpat-x1234567890', self));
    expect(err.code).toBe('proxy');
    expect(err.message).not.toContain('pw');
  });

  it('a proxy that wants credentials (407)', async () => {
    const proxy = await connectProxy(407);
    const err = await failure(quickClient(em.url, { env: { http_proxy: proxy.url } }).request('glpat-x1234567890', self));
    expect(err.code).toBe('proxy');
    expect(err.message).toContain('407');
    await proxy.stop();
  });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A minimal CONNECT proxy on loopback; `refuse` answers every tunnel with that status. */
async function connectProxy(refuse?: number) {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    tunnels.push(req.url ?? '');
    sockets.add(client);
    if (refuse) return client.end(`HTTP/1.1 ${refuse} Proxy Authentication Required\r\n\r\n`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      sockets.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
