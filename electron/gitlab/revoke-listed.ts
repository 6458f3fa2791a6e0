// The audit's Revoke on a row: a personal token GitLab lists for the account, revoked by its id
// with the stored token the audit was made with (GitLab wants the api scope for that). A row
// the vault holds is revoked as that entry instead (revokeEntry: with its own secret, and its
// history says so), so the vault never keeps a revoked token it believes live.
import type { EntryOverview } from '../vault/types';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import { revokeToken } from './tokens';
import { revokeEntry, type VaultForGitLab } from './vault-ops';

export async function revokeListedToken(
  vault: VaultForGitLab & { list(): EntryOverview[] },
  client: GitLabClient,
  usingId: string,
  tokenId: number,
): Promise<{ entry: EntryOverview | null; message: string }> {
  const using = vault.get(usingId);
  const held = vault.list().find((e) => e.instance === using.instance && e.gitlab.tokenId === tokenId);
  if (held) return revokeEntry(vault, client, held.id);
  try {
    await revokeToken(client, vault.readSecret(usingId), { kind: 'personal', tokenId });
  } catch (err) {
    if (isGitLabError(err) && err.code === 'revoked') return { entry: null, message: 'GitLab already had that token revoked.' };
    throw err;
  }
  return { entry: null, message: 'Revoked on GitLab; it no longer works.' };
}
