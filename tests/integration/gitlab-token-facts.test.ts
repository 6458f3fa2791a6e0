// Smaller facts from GitLab's source: /personal_access_tokens/self refuses other token types with a
// 400 (self_information.rb); an instance's own token prefix (personal_access_token_prefix, up to 20
// of [a-zA-Z0-9_+=/@:.-]) still makes a GitLab token; routable tokens have one dot
// (routable_token.rb); last_used_at is written at most every 10 minutes (last_used_service.rb).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPastedToken } from '../../electron/app/paste';
import { lastUseWords } from '../../electron/cli/entry-json';
import { verifyToken } from '../../electron/gitlab/tokens';
import { kindFromSecret } from '../../electron/vault/import-formats';
import { isTokenLike } from '../../electron/vault/kdbx-import';
import { isRoutableToken, tokenShape } from '../../electron/vault/token-shape';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let custom: Emulator;
beforeAll(async () => {
  em = await start();
  custom = await start({ settings: { tokenPrefix: 'acme.corp/pat@1:-' } });
});
afterAll(async () => {
  await em.stop();
  await custom.stop();
});

describe('/personal_access_tokens/self and other token types', () => {
  it('an OAuth token: GitLab answers 400, and the sentence says what kind of token this is not', async () => {
    const oauth = em.issueToken({ username: 'alice', scopes: ['api'], oauth: true });
    const res = await fetch(`${em.url}/api/v4/personal_access_tokens/self`, { headers: { authorization: `Bearer ${oauth.secret}` } });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: { message: '400 Bad request - This endpoint requires token type to be a personal access token' } });
    const err = await failure(verifyToken(quickClient(em.url), oauth.secret), oauth.secret);
    expect(err.code).toBe('wrong_token_kind');
    expect(err.message).toContain('accepts this token, but it is not a personal, project or group access token');
  });
});

describe("an instance's own token prefix", () => {
  it('a routable token with a custom prefix is a GitLab token to the paste check, CSV/JSON import and .kdbx import', () => {
    const { secret } = custom.issueToken({ username: 'alice', scopes: ['api'] });
    expect(secret.startsWith('acme.corp/pat@1:-')).toBe(true);
    const pasted = checkPastedToken(secret, 'personal');
    expect(pasted.warnings).toEqual([]);
    expect(pasted.detected).toContain('this instance sets its own prefix');
    expect(kindFromSecret(secret)).toBe('personal');
    expect(isTokenLike({ password: secret, url: '' })).toBe(true);
  });

  it('a word that is not a token stays unknown', () => {
    expect(tokenShape('hunter2hunter2hunter2')).toBeNull();
    expect(checkPastedToken('correct-horse-battery-staple', undefined).warnings[0]).toContain('does not start with a GitLab token prefix');
  });
});

describe('routable tokens', () => {
  it('have exactly one dot: <prefix><base64url>.<2 base36><7 base36>', () => {
    const { secret } = em.issueToken({ username: 'alice', scopes: ['api'] });
    expect(secret.split('.')).toHaveLength(2);
    expect(secret).toMatch(/\.[0-9a-z]{9}$/);
    expect(isRoutableToken(secret)).toBe(true);
    expect(isRoutableToken(`${secret}.x`)).toBe(false);
  });
});

describe('last used', () => {
  it('a verified token is never called "never used"', () => {
    expect(lastUseWords(null, true)).toMatch(/^not recorded yet \(GitLab records use at most every 10 minutes/);
    expect(lastUseWords(null, true)).not.toMatch(/never/i);
    expect(lastUseWords('2026-12-01T10:00:00Z', true)).toBe('2026-12-01T10:00:00Z');
  });
});
