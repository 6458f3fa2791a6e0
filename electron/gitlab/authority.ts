// What a plain 401 means. GitLab answers {"message":"401 Unauthorized"} both to a token it does
// not know and, for non-admins, to a token that may not see what it asked for: another user's
// token by id, or project/group tokens below the needed role (personal_access_tokens.rb,
// resource_access_tokens.rb: "Only admins should be informed if the token doesn't exist").
// Before 15.5, "GET /personal_access_tokens/self" is read as a token id and answers the same.
// One cheap question tells them apart: does GitLab authenticate this token at all?
import type { GitLabClient } from './client';
import { GitLabError, isGitLabError } from './errors';
import { tokenSchema } from './schemas';
import { SINCE, tokenIsKnown } from './version';

export type Owner = { kind: 'personal' | 'project' | 'group'; target?: string | null };

const roleFor = (kind: 'project' | 'group') => (kind === 'project' ? 'Maintainer' : 'Owner');

/** The sentence for a 401 that means "not yours" or "your role is too low". */
export function notPermittedSentence(host: string, owner: Owner, verb: string, tokenId?: number | null): string {
  if (owner.kind === 'personal') {
    return `${host} will not let this token ${verb} personal access token ${tokenId ?? ''}: only its owner or an administrator may, so it belongs to another user or no longer exists.`.replace(' :', ':');
  }
  return `${host} will not let this token ${verb} the access tokens of ${owner.kind} ${owner.target ?? ''}: that needs the ${roleFor(owner.kind)} role there (or an administrator), and this token's user has a lower one.`;
}

/** personal_access_tokens_helpers.rb `restrict_non_admins!` + user_policy.rb: who may list a user's tokens. */
export function otherUsersTokensSentence(host: string, userId: number): string {
  return `${host} will not let this token list the personal access tokens of user ${userId}: only that user or an administrator may, and while Admin Mode is on an administrator's token needs the admin_mode scope for it.`;
}

/**
 * Runs a call; a plain 401 from it becomes `not_permitted` with `sentence` when GitLab does
 * know the token, and stays "not recognised" when it does not.
 */
export async function explain401<T>(client: GitLabClient, secret: string, call: () => Promise<T>, sentence: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isGitLabError(err) || err.code !== 'unrecognised' || err.details.status !== 401) throw err;
    if (!(await tokenIsKnown(client, secret))) throw err;
    throw new GitLabError('not_permitted', sentence, { status: 401 });
  }
}

/**
 * Runs an administrators-only call. GitLab answers a bare 403 `{"message":"403 Forbidden"}`
 * (`authenticated_as_admin!`) both to a non-admin and, with Admin Mode on, to an administrator
 * whose token lacks the admin_mode scope (api_guard.rb `bypass_session_for_admin_mode?`). The
 * token's own scopes (`/self`, any scope) narrow it down: a token with admin_mode is an
 * administrator's (GitLab gives that scope to no one else), so its user is no longer one; without
 * it, GitLab's answer cannot tell the two apart, so the sentence names both.
 */
export async function explainAdmin403<T>(client: GitLabClient, secret: string, call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isGitLabError(err) || err.code !== 'forbidden' || err.details.status !== 403) throw err;
    const self = await client
      .request(secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'reading the token', since: SINCE.selfInfo })
      .catch(() => null);
    // Scopes unknown (GitLab before 15.5 has no /self): keep GitLab's plain refusal.
    if (!self) throw err;
    if (!self.data.scopes.includes('admin_mode')) {
      throw new GitLabError(
        'forbidden',
        `GitLab refused ${what} (403): only an administrator may, and if this token's user is one, this call needs a token with the admin_mode scope: Admin Mode is on for this instance.`,
        { status: 403, scopes: ['admin_mode'] },
      );
    }
    throw new GitLabError('forbidden', `GitLab refused ${what}: only an administrator may, and this token's user is not one on ${client.host}.`, { status: 403 });
  }
}

/** A token GitLab accepts on an instance too old to describe it (before 15.5). */
export function tooOldToDescribe(client: GitLabClient): GitLabError {
  const which = client.version ? `runs GitLab ${client.version}, which` : `is older than GitLab ${SINCE.selfInfo} and`;
  return new GitLabError(
    'too_new',
    `GitLab accepts this token, but ${client.host} ${which} cannot say which token it is, its scopes or its expiry; that needs GitLab ${SINCE.selfInfo} or later.`,
    { needsVersion: SINCE.selfInfo, tokenWorks: true, ...(client.version ? { version: client.version } : {}) },
  );
}
