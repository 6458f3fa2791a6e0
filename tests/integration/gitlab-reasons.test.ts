// What GitLab's refusals really mean, and the sentence the user gets for each: a plain 401 that
// means "not yours" or "role too low", an account GitLab refuses (terms, blocked), a 405 from
// self-rotation, and the shapes of GitLab's token entities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareToken } from '../../electron/gitlab/client';
import { tokenSchema } from '../../electron/gitlab/schemas';
import { addDays, getToken, isoDay, listAccessTokens, listPersonalTokens, rotateToken, verifyToken } from '../../electron/gitlab/tokens';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
let em: Emulator;
beforeAll(async () => {
  em = await start();
  em.addProject('acme/app', { maint: 40, dev: 30 });
});
afterAll(() => em.stop());

describe('a 401 that means "not yours" or "your role is too low"', () => {
  it("another user's token by id: read and rotate say it belongs to another user", async () => {
    const c = quickClient(em.url);
    const mine = em.issueToken({ username: 'me', scopes: ['api'] });
    const theirs = em.issueToken({ username: 'them', scopes: ['api'] });
    const read = await failure(getToken(c, mine.secret, { kind: 'personal', tokenId: theirs.id }), mine.secret);
    expect(read.code).toBe('not_permitted');
    expect(read.message).toMatch(new RegExp(`will not let this token read personal access token ${theirs.id}: only its owner or an administrator may, so it belongs to another user`));
    const rotate = await failure(rotateToken(c, mine.secret, { kind: 'personal', tokenId: theirs.id, expiresAt: addDays(today, 30) }), mine.secret);
    expect(rotate.code).toBe('not_permitted');
    expect(em.state.tokens.get(theirs.id)?.revoked).toBe(false);
  });

  it('an admin asking for a missing id gets 404, not 401', async () => {
    const admin = em.issueToken({ username: 'root', admin: true, scopes: ['api'] });
    const err = await failure(getToken(quickClient(em.url), admin.secret, { kind: 'personal', tokenId: 999_999 }), admin.secret);
    expect(err.code).toBe('not_found');
  });

  it("a Developer reading or rotating a project's tokens: the Maintainer role is needed", async () => {
    const c = quickClient(em.url);
    const dev = em.issueToken({ username: 'dev', scopes: ['api'] });
    const bot = em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', scopes: ['read_api'] });
    // Thunks, called one at a time: promises made up front reject before they are awaited.
    for (const call of [
      () => listAccessTokens(c, dev.secret, { kind: 'project', target: 'acme/app' }),
      () => getToken(c, dev.secret, { kind: 'project', target: 'acme/app', tokenId: bot.id }),
      () => rotateToken(c, dev.secret, { kind: 'project', target: 'acme/app', tokenId: bot.id, expiresAt: addDays(today, 30) }),
    ]) {
      const err = await failure(call(), dev.secret);
      expect(err.code).toBe('not_permitted');
      expect(err.message).toMatch(/the access tokens of project acme\/app: that needs the Maintainer role there/);
    }
  });

  it("listing another user's tokens: a non-admin, and an admin without admin_mode in Admin Mode, are told who may", async () => {
    const c = quickClient(em.url);
    const me = em.issueToken({ username: 'lister', scopes: ['read_api'] });
    const other = em.issueToken({ username: 'listed', scopes: ['read_api'] });
    const err = await failure(listPersonalTokens(c, me.secret, { userId: other.userId }), me.secret);
    expect(err.code).toBe('not_permitted');
    expect(err.details.status).toBe(401);
    expect(err.message).toMatch(new RegExp(`will not let this token list the personal access tokens of user ${other.userId}: only that user or an administrator may`));
    // Naming oneself is allowed (user_policy.rb: user_is_self).
    expect((await listPersonalTokens(c, me.secret, { userId: me.userId })).map((t) => t.id)).toContain(me.id);
    const strict = await start({ settings: { adminMode: true } });
    const sc = quickClient(strict.url);
    try {
      const target = strict.issueToken({ username: 'someone', scopes: ['read_api'] });
      const admin = strict.issueToken({ username: 'root-lister', admin: true, scopes: ['api'] });
      const adminErr = await failure(listPersonalTokens(sc, admin.secret, { userId: target.userId }), admin.secret);
      expect(adminErr.code).toBe('not_permitted');
      expect(adminErr.message).toContain("while Admin Mode is on an administrator's token needs the admin_mode scope");
      const withMode = strict.issueToken({ username: 'root-lister', admin: true, scopes: ['api', 'admin_mode'] });
      expect((await listPersonalTokens(sc, withMode.secret, { userId: target.userId })).map((t) => t.id)).toEqual([target.id]);
    } finally {
      await sc.close();
      await strict.stop();
    }
  });

  it('an unknown token stays "not recognised" on the same routes', async () => {
    const err = await failure(getToken(quickClient(em.url), 'glpat-unknown000000000000', { kind: 'personal', tokenId: 1 }));
    expect(err.code).toBe('unrecognised');
  });
});

describe("GitLab's reasons reach the user", () => {
  it.each([
    ['terms_not_accepted', /refuses API requests from this token's user until this is resolved in the browser: You \(@[\w-]+\) must accept the Terms of Service in order to perform this action\.$/],
    ['blocked', /resolved in the browser: Your account has been blocked\.$/],
    ['password_expired', /resolved in the browser: Your password expired\.$/],
  ] as const)('403 for an account GitLab refuses (%s)', async (denied, sentence) => {
    const t = em.issueToken({ username: `acct-${denied}`, scopes: ['api'] });
    em.state.users.get(t.userId)!.denied = denied;
    const err = await failure(verifyToken(quickClient(em.url), t.secret), t.secret);
    expect(err.code).toBe('account_blocked');
    expect(err.message).toMatch(sentence);
  });

  it('405 from self-rotation: a personal token is not a project bot token', async () => {
    const maint = em.issueToken({ username: 'maint', scopes: ['api'] });
    const err = await failure(rotateToken(quickClient(em.url), maint.secret, { kind: 'project', target: 'acme/app', expiresAt: addDays(today, 30) }), maint.secret);
    expect(err.code).toBe('wrong_token_kind');
    expect(err.message).toMatch(/\(405\): this is not a project access token \(a bot's token\): only those rotate themselves; rotate it by id with a personal token of a Maintainer instead\.$/);
  });

  it('a project token of another project rotating itself there: not one of its tokens', async () => {
    const other = em.issueToken({ username: 'x', kind: 'project', target: 'acme/other', scopes: ['api'] });
    const err = await failure(rotateToken(quickClient(em.url), other.secret, { kind: 'project', target: 'acme/app', expiresAt: addDays(today, 30) }), other.secret);
    expect(err.code).toBe('not_permitted');
    expect(err.message).toContain('it belongs to another project');
  });
});

describe('entity shapes as GitLab sends them', () => {
  it("/self has last_used_ips and expired but no access_level, even for a bot's token; project lists add resource fields", async () => {
    const c = quickClient(em.url);
    const bot = em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', scopes: ['api'], accessLevel: 30 });
    const self = (await c.request(bot.secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 's' })).data;
    expect(self).not.toHaveProperty('access_level');
    expect(self).toMatchObject({ expired: false, last_used_ips: ['127.0.0.1'] });
    const maint = em.issueToken({ username: 'maint', scopes: ['api'] });
    const listed = (await listAccessTokens(c, maint.secret, { kind: 'project', target: 'acme/app' })).find((t) => t.id === bot.id);
    expect(listed).toMatchObject({ access_level: 30, resource_type: 'project', resource_id: em.state.findTarget('project', 'acme/app')!.id });
  });

  it('last_used_at moves at most once every 10 minutes', async () => {
    const t = em.issueToken({ username: 'clock', scopes: ['read_api'], expiresAt: null });
    const at = new Date('2030-01-01T10:00:00Z');
    em.setNow(at);
    const c = quickClient(em.url);
    const read = async () => (await c.request(t.secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 's' })).data.last_used_at;
    try {
      await read();
      em.setNow(new Date('2030-01-01T10:09:00Z'));
      expect(await read()).toBe(at.toISOString());
      em.setNow(new Date('2030-01-01T10:10:00Z'));
      expect(await read()).toBe('2030-01-01T10:10:00.000Z');
    } finally {
      em.setNow(null);
    }
  });

  it("the rate limit counts a user's requests, whichever of their tokens makes them", async () => {
    const limited = await start({ settings: { rateLimitRequests: 3, rateLimitWindowSeconds: 60 } });
    const a = limited.issueToken({ username: 'one', scopes: ['read_api'] });
    const b = limited.issueToken({ username: 'one', scopes: ['read_api'] });
    const c = quickClient(limited.url, { retries: 0 });
    for (const s of [a.secret, b.secret, a.secret]) await c.request(s, { path: '/personal_access_tokens/self', what: 's' });
    expect((await failure(c.request(b.secret, { path: '/personal_access_tokens/self', what: 's' }), b.secret)).code).toBe('rate_limited');
    await limited.stop();
  });

  it('glffct- (feature flags client) tokens are refused before any request', () => {
    expect(() => prepareToken('glffct-abcdef0123456789')).toThrow(/feature flags client token \(glffct-\)/);
  });
});
