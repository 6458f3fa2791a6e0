// "Whose token is this?" — for the moment someone finds a token in a log or a chat. GitLab is
// asked two ways: the token itself (GET /personal_access_tokens/self, any scope, 15.5+), and, with
// an administrator's token, the token information API (POST /admin/token, 17.5+, lib/api/admin/token.rb:
// any kind of token, found by its plaintext, `authenticated_as_admin!`). Revocation uses the same
// two doors: the token revokes itself (DELETE /personal_access_tokens/self, any scope since 15.4),
// or the administrator revokes it (DELETE /admin/token, 17.7). Never a secret in a sentence.
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import { tokenSchema, type GitLabToken } from './schemas';
import { learnVersion, versionAtLeast } from './version';

export const ADMIN_TOKEN_SINCE = { info: '17.5', revoke: '17.7' } as const;

export interface GitLabIdentity {
  /** What GitLab said, as one sentence. */
  said: string;
  token: GitLabToken | null;
  /** Whether GitLab still accepts the token (null: could not tell). */
  live: boolean | null;
}

const describe = (host: string, t: GitLabToken): string =>
  `${host} knows it: token ${t.id} "${t.name}"${t.user_id !== undefined ? ` of user ${t.user_id}` : ''}, scopes ${t.scopes.join(', ') || 'none'}, ${
    t.revoked ? 'revoked' : t.active === false ? 'expired' : `active${t.expires_at ? ` until ${t.expires_at}` : ', no expiry'}`
  }.`;

/** Asks GitLab with the token itself, then — when given — as an administrator. */
export async function identifyOnGitLab(client: GitLabClient, secret: string, adminSecret: string | null): Promise<GitLabIdentity> {
  try {
    const t = (await client.request(secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'asking GitLab about the token' })).data;
    return { said: describe(client.host, t), token: t, live: !t.revoked && t.active !== false };
  } catch (err) {
    if (!isGitLabError(err)) throw err;
    const own = err.code === 'revoked' || err.code === 'expired' ? `${client.host} no longer accepts it (${err.code}).` : err.message;
    const live = err.code === 'revoked' || err.code === 'expired' || err.code === 'unrecognised' ? false : null;
    if (!adminSecret) return { said: own, token: null, live };
    const admin = await identifyAsAdmin(client, adminSecret, secret);
    return { said: `${own} ${admin.said}`, token: admin.token, live: admin.token ? !admin.token.revoked && admin.token.active !== false : live };
  }
}

/** POST /admin/token: any kind of token, for an administrator (17.5+). */
export async function identifyAsAdmin(client: GitLabClient, adminSecret: string, secret: string): Promise<GitLabIdentity> {
  await learnVersion(client, adminSecret);
  if (client.version && !versionAtLeast(client.version, ADMIN_TOKEN_SINCE.info))
    return { said: `${client.host} runs GitLab ${client.version}; its token information API needs ${ADMIN_TOKEN_SINCE.info}.`, token: null, live: null };
  try {
    const t = (await client.request(adminSecret, { method: 'POST', path: '/admin/token', body: { token: secret }, schema: tokenSchema, what: 'asking the token information API' })).data;
    return { said: `As an administrator: ${describe(client.host, t)}`, token: t, live: !t.revoked && t.active !== false };
  } catch (err) {
    if (!isGitLabError(err)) throw err;
    if (err.details.status === 404) return { said: `${client.host}'s token information API does not know it: it is not a token of this instance.`, token: null, live: false };
    return { said: `The token information API refused: ${err.message}`, token: null, live: null };
  }
}

/** Revokes it: with an administrator's token through DELETE /admin/token, else with the token itself. */
export async function revokeFound(client: GitLabClient, secret: string, adminSecret: string | null): Promise<string> {
  if (adminSecret) {
    await client.request(adminSecret, { method: 'DELETE', path: '/admin/token', body: { token: secret }, what: 'revoking the token as an administrator', since: ADMIN_TOKEN_SINCE.revoke });
    return `Revoked it on ${client.host} through the token information API.`;
  }
  await client.request(secret, { method: 'DELETE', path: '/personal_access_tokens/self', what: 'revoking the token', since: '15.0' });
  return `Revoked it on ${client.host}: it revoked itself, and no longer works.`;
}
