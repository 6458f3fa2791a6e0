// A team sync holds the team's state it read at its start until it writes it back, after pulling
// the place (seconds, for a git remote). A removal made meanwhile by another process on the same
// copy (`tokenvault team remove` beside the app, whose change watch starts a sync right after the
// removal's first one) records what the leaver could read: that record must survive the sync's
// write, or the tokens to rotate are never listed.
import { afterEach, expect, it } from 'vitest';
import { Vault } from '../../../electron/vault/vault';
import { createTeam } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam, updateTeam, type Exposure } from '../../../electron/team/team-state';
import { PASSWORD } from '../../helpers/vault-fixture';
import { teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
let cli: Vault | null = null;
afterEach(() => {
  cli?.close();
  world?.close();
});

it('a removal recorded by another process while a team sync runs is still there after the sync', async () => {
  world = teamWorld('tv-team-state-race-');
  const alice = await world.person('Alice');
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  const id = alice.vault.add({ name: 'deploy-bot', kind: 'project' }, 'glpat-team-aaaaaaaaaaaa').id;
  await teamSync(alice.vault);
  cli = Vault.open(alice.vault.path);
  await cli.unlock(PASSWORD);
  const exposure: Exposure = { member: { name: 'Carol', key: 'c'.repeat(64) }, removedAt: new Date().toISOString(), removedBy: 'Alice', entries: [{ id, name: 'deploy-bot', kind: 'project', mark: '0'.repeat(32) }] };

  // The app's sync has read the team's state and is merging when the CLI's removal lands.
  const putSynced = alice.vault.putSynced.bind(alice.vault);
  let removed = false;
  alice.vault.putSynced = (...args) => {
    if (!removed) updateTeam(cli!, (team) => void team.exposures.push(exposure));
    removed = true;
    return putSynced(...args);
  };
  await teamSync(alice.vault);
  expect(removed).toBe(true);
  expect(needTeam(cli).exposures).toEqual([exposure]);
});
