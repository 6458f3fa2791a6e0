// "Change the address of all N tokens on <host>": when the checks against one GitLab address
// fail for the address itself (it does not resolve, refuses, shows another certificate), the
// fix is one change for all of its tokens, not N edits. Each token keeps its secret, name and
// history, and its history notes the move; "verified" is cleared, as for any new address:
// GitLab there has not seen the token. All or none: a failure part-way puts back those moved.
import { normaliseInstance, type EntryOverview, type EntryPatch, type HistoryEvent } from '../vault/types';
import { ServiceError } from './errors';

interface VaultForMove {
  get(id: string): EntryOverview;
  update(id: string, patch: EntryPatch, event: HistoryEvent): EntryOverview;
}

export function moveToInstance(vault: VaultForMove, ids: readonly string[], raw: string, at: string): EntryOverview[] {
  const address = normaliseInstance(raw);
  if (!address) throw new ServiceError('BAD_INSTANCE', 'That GitLab address is not one Token Vault can use: write it as https://gitlab.example.com.', 'instance-address');
  // Every id is looked up first: an unknown one changes nothing.
  const before = [...new Set(ids)].map((id) => vault.get(id));
  const moved: EntryOverview[] = [];
  try {
    for (const entry of before) {
      if (entry.instance === address) continue;
      const from = entry.instance ?? 'no address';
      vault.update(entry.id, { instance: address, lastVerifiedAt: null }, { at, action: 'edited', note: `GitLab address changed from ${from} to ${address}, with the other tokens there.` });
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved.reverse()) {
      vault.update(entry.id, { instance: entry.instance, lastVerifiedAt: entry.lastVerifiedAt }, { at, action: 'edited', note: 'Address change taken back: another token could not be moved.' });
    }
    throw error;
  }
  return before.map((entry) => vault.get(entry.id));
}
