// After a rotation whose answer was lost, GitLab holds a new token nobody has the secret of.
// Real GitLab leaves it alive until it expires: auth_finders.rb revokes a token family only
// when a rotated-away token is presented to a rotate endpoint again. So the orphan is dealt
// with on purpose, in one of two ways, and the user is told which:
//  - with another stored token that may: find it by name and creation time, revoke it by id;
//  - otherwise: present the old (revoked) token to its rotate endpoint once, GitLab's
//    documented reuse detection, which revokes every token of the family, the orphan included.
import type { EntryOverview, PendingRotation } from '../vault/types';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import type { GitLabToken } from './schemas';
import { listAccessTokens, listPersonalTokens, revokeToken, type TokenOwner } from './tokens';
import { SINCE, versionAtLeast } from './version';

export type RecoveryHow = 'revoked_orphan' | 'reuse_detection' | 'orphan_not_found' | 'orphan_ambiguous' | 'failed';

export interface Recovery {
  how: RecoveryHow;
  /** What was done, as one sentence for the user. */
  done: string;
  orphanId: number | null;
}

/** GitLab's clock and ours may differ: a token created this long before the rotation started still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;

const ownerOf = (entry: EntryOverview): TokenOwner =>
  entry.kind === 'project' || entry.kind === 'group' ? { kind: entry.kind, target: entry.gitlab.target } : { kind: 'personal' };

/** The tokens the lost rotation may have made: same name, made after it started, still active, not the old one. */
export function orphanCandidates(tokens: GitLabToken[], entry: EntryOverview, pending: PendingRotation): GitLabToken[] {
  const after = Date.parse(pending.startedAt) - CLOCK_SKEW_MS;
  return tokens.filter(
    (t) => t.name === entry.name && t.id !== pending.oldTokenId && !t.revoked && t.active !== false && Date.parse(t.created_at) >= after,
  );
}

/** Revokes the orphan by id with `usingSecret` (a token of the same user, an admin, or a Maintainer/Owner). */
export async function revokeOrphan(client: GitLabClient, usingSecret: string, usingName: string, entry: EntryOverview, pending: PendingRotation): Promise<Recovery> {
  const owner = ownerOf(entry);
  const tokens =
    owner.kind === 'personal'
      ? await listPersonalTokens(client, usingSecret, { state: 'active', ...(entry.gitlab.userId !== null ? { userId: entry.gitlab.userId } : {}) }).catch(async (err) => {
          // Only an administrator (in Admin Mode) may name another user (restrict_non_admins!): list its own.
          if (isGitLabError(err) && ['unrecognised', 'not_permitted', 'not_found'].includes(err.code)) return listPersonalTokens(client, usingSecret, { state: 'active' });
          throw err;
        })
      : await listAccessTokens(client, usingSecret, { kind: owner.kind, target: owner.target ?? null }, { state: 'active' });
  const found = orphanCandidates(tokens, entry, pending);
  if (found.length === 0)
    return { how: 'orphan_not_found', orphanId: null, done: `No active token named "${entry.name}" made since the rotation started is visible to "${usingName}", so nothing was left to revoke.` };
  if (found.length > 1)
    return { how: 'orphan_ambiguous', orphanId: null, done: `Several active tokens named "${entry.name}" were made since the rotation started (ids ${found.map((t) => t.id).join(', ')}); none was revoked, check them on GitLab.` };
  const orphan = found[0]!;
  await revokeToken(client, usingSecret, { ...owner, tokenId: orphan.id });
  return { how: 'revoked_orphan', orphanId: orphan.id, done: `The new token GitLab made (id ${orphan.id}, created ${orphan.created_at.slice(0, 16).replace('T', ' ')} UTC) was revoked by id with "${usingName}".` };
}

/**
 * Presents the old, rotated-away token to its rotate endpoint once more. GitLab refuses it
 * (401 "Token was revoked") and, from 16.3 (reuse detection), because it is a rotate request,
 * revokes the token's family. 16.0–16.2 only refuse it: there nothing is sent, and the user is
 * told the new token is still alive; when the version is not known the sentence says both.
 */
export async function triggerReuseDetection(client: GitLabClient, oldSecret: string, entry: EntryOverview, pending: PendingRotation): Promise<Recovery> {
  const owner = ownerOf(entry);
  const version = pending.gitlabVersion ?? client.version;
  if (version && !versionAtLeast(version, SINCE.reuseDetection))
    return {
      how: 'failed',
      orphanId: null,
      done: `GitLab ${version} has no reuse detection (it arrived in ${SINCE.reuseDetection}), so the lost new token is still alive on GitLab: revoke it by id with another stored token of the same account (verify --using), or on GitLab's token page.`,
    };
  const base = owner.kind === 'personal' ? '/personal_access_tokens' : `/${owner.kind === 'project' ? 'projects' : 'groups'}/${encodeURIComponent(owner.target ?? '')}/access_tokens`;
  try {
    // GitLab authenticates before it validates parameters: a revoked token is refused (and its
    // family revoked) first, while a live one would meet the invalid date and not be rotated.
    await client.request(oldSecret, {
      method: 'POST',
      path: `${base}/${pending.oldTokenId ?? 'self'}/rotate`,
      body: { expires_at: 'not-a-date' },
      what: 'asking GitLab to revoke the token family',
    });
  } catch (err) {
    if (isGitLabError(err) && err.code === 'revoked')
      return {
        how: 'reuse_detection',
        orphanId: null,
        done: version
          ? "Token Vault presented the old token to GitLab's rotate endpoint once more, which GitLab treats as reuse of a rotated-away token and answers by revoking its whole token family, the lost new token included."
          : `Token Vault presented the old token to GitLab's rotate endpoint once more; GitLab ${SINCE.reuseDetection} and later take that for reuse of a rotated-away token and revoke its whole token family, the lost new token included, but 16.0–16.2 do not — if this instance runs one of those, revoke the new token on GitLab's token page (or verify --using another stored token).`,
      };
    return { how: 'failed', orphanId: null, done: `GitLab could not be asked to revoke the lost new token (${isGitLabError(err) ? err.message : 'unexpected error'}); revoke it on GitLab's token page.` };
  }
  // A 2xx would mean the old token was still alive, which verify had ruled out.
  return { how: 'failed', orphanId: null, done: 'GitLab unexpectedly accepted the old token; verify it again.' };
}
