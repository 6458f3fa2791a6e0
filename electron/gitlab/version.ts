// Which GitLab release brought each thing Token Vault relies on, and how the client learns the
// instance's version. Old self-managed instances answer a newer request with a 401 or a 404
// that looks like a bad token, so the version is asked first (GET /version admits api,
// read_api and, since 15.5, read_user tokens) and each call checks it before it is sent.
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import { versionSchema } from './schemas';

/** The first GitLab version with each feature (doc/api/personal_access_tokens.md, resource_access_tokens.md). */
export const SINCE = {
  /** GET /personal_access_tokens/self (before: falls into ":id", 401 for users, 404 for admins). */
  selfInfo: '15.5',
  /** DELETE /personal_access_tokens/self. */
  selfRevoke: '15.0',
  /** …and with any scope, not only api (self_revocation.rb). */
  selfRevokeAnyScope: '15.4',
  /** POST …/:id/rotate for personal, project and group tokens. */
  rotateById: '16.0',
  /** A rotated-away token presented to a rotate endpoint revokes its whole family (auth_finders.rb). */
  reuseDetection: '16.3',
  /** expires_at honoured on rotate; before, the new token always expires in a week. */
  rotateExpiry: '16.6',
  /** POST /personal_access_tokens/self/rotate. */
  selfRotate: '16.10',
  /** Project/group token lists include revoked and expired tokens. */
  inactiveResourceTokensListed: '17.2',
  /** Token descriptions (create, show, and kept across rotation). */
  description: '17.7',
  /** POST /projects|groups/:id/access_tokens/self/rotate. */
  resourceSelfRotate: '17.9',
} as const;

/** "16.5.0-ee" ≥ "16.5"? Pre-release and edition suffixes are ignored. */
export function versionAtLeast(have: string, need: string): boolean {
  const parts = (v: string) => v.split(/[^0-9.]/)[0]!.split('.').map((n) => Number(n) || 0);
  const a = parts(have);
  const b = parts(need);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export interface VersionProbe {
  version: string | null;
  /** GitLab authenticated the token (it answered, or refused only for lack of scope). */
  tokenKnown: boolean;
}

/**
 * Asks GitLab its version with this token and remembers it on the client. A token without a
 * scope that may read it still proves it is known (403 insufficient_scope, not 401); a 401 is
 * passed on, because it is the token's own verdict: expired, revoked or unknown.
 */
export async function learnVersion(client: GitLabClient, secret: string): Promise<VersionProbe> {
  if (client.version) return { version: client.version, tokenKnown: false };
  try {
    const answer = await client.request(secret, { path: '/version', schema: versionSchema, what: 'reading the GitLab version' });
    client.version = answer.data.version;
    return { version: answer.data.version, tokenKnown: true };
  } catch (err) {
    if (isGitLabError(err) && err.code === 'insufficient_scope') return { version: null, tokenKnown: true };
    if (isGitLabError(err) && ['forbidden', 'not_found', 'too_new', 'unexpected_response'].includes(err.code)) return { version: null, tokenKnown: false };
    throw err;
  }
}

/** Whether GitLab authenticates this token at all, whatever it may then do with it. */
export async function tokenIsKnown(client: GitLabClient, secret: string): Promise<boolean> {
  try {
    await client.request(secret, { path: '/version', schema: versionSchema, what: 'checking the token' });
    return true;
  } catch (err) {
    if (isGitLabError(err) && (err.code === 'insufficient_scope' || err.code === 'account_blocked')) return true;
    if (isGitLabError(err) && ['unrecognised', 'expired', 'revoked'].includes(err.code)) return false;
    throw err;
  }
}
