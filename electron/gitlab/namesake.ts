// GitLab lets several tokens share a name, and then no one can tell them apart in its lists,
// audits or a recovery by name. So a new token is refused when an active one of the same
// owner already has that name (glab users ask for this in its issues).
import type { GitLabClient } from './client';
import { GitLabError } from './errors';
import { listAccessTokens, listPersonalTokens } from './tokens';

export async function refuseActiveNamesake(
  client: GitLabClient,
  secret: string,
  input: { name: string; kind: 'personal' | 'project' | 'group'; target: string; userId?: number },
): Promise<void> {
  const tokens =
    input.kind === 'personal'
      ? await listPersonalTokens(client, secret, { state: 'active', ...(input.userId !== undefined ? { userId: input.userId } : {}) })
      : await listAccessTokens(client, secret, { kind: input.kind, target: input.target }, { state: 'active' });
  const same = tokens.find((t) => t.name === input.name && !t.revoked && t.active !== false);
  if (same) {
    const where = input.kind === 'personal' ? `user ${input.target}` : `${input.kind} ${input.target}`;
    throw new GitLabError('invalid_request', `GitLab already has an active token called "${input.name}" for ${where} (id ${same.id}); pick another name, or revoke that one first.`);
  }
}
