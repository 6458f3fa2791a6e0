// A kind's own fields by name (issue 22), read from where the overview keeps them: GitLab's facts
// (tokenId, target, username, userId) and the kind's facts. `show --json` prints them under
// `fields`, `show` as lines, and `list --kind` filters on the kind itself. Pure.
import type { EntryOverview } from './types';

export type KindFieldValue = string | number | boolean | string[] | null;

/** The fields that mean something for this entry's kind, in the order people read them. */
export function kindFields(entry: EntryOverview): Record<string, KindFieldValue> {
  const g = entry.gitlab;
  const f = entry.facts ?? {};
  switch (entry.kind) {
    case 'deploy':
      return { deployTokenId: g.tokenId, username: g.username, owner: f.owner ?? null, [f.owner === 'group' ? 'group' : 'project']: g.target, scopes: entry.scopes };
    case 'trigger':
      return { triggerId: g.tokenId, project: g.target };
    case 'runner':
      return { runnerId: g.tokenId, runnerType: f.owner ? `${f.owner}_type` : null, [f.owner === 'group' ? 'group' : 'project']: f.owner === 'instance' ? null : g.target, tags: f.tags ?? [], paused: f.paused ?? null };
    case 'agent':
      return { agentId: f.agentId ?? null, agentName: f.agentName ?? null, agentTokenId: g.tokenId, project: g.target };
    case 'service-account':
      return { serviceAccountUserId: g.userId, serviceAccountUsername: g.username, owner: f.owner ?? null, group: f.owner === 'group' ? g.target : null, tokenId: g.tokenId };
    case 'oauth-app':
      return { applicationId: g.tokenId, clientId: f.clientId ?? null };
    case 'webhook':
      return { hookId: g.tokenId, owner: f.owner ?? null, [f.owner === 'group' ? 'group' : 'project']: g.target, hookUrl: f.hookUrl ?? null };
    default:
      return {};
  }
}

/** The stored token that manages this one, and the rotation reminder, when set. */
export function kindExtras(entry: EntryOverview): { managedBy: string | null; rotateEveryDays: number | null } {
  return { managedBy: entry.facts?.managedBy ?? null, rotateEveryDays: entry.facts?.rotateEveryDays ?? null };
}
