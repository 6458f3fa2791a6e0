// The one question asked before any team token is sent to GitLab: may its address be trusted
// with its secret? An address last set by someone since removed (or by nobody the place's
// signed files can name) may be a leaver's own server passing calls on to GitLab — it would
// see the secret, and after a rotation the new one. An address changed on this device since the
// last sync was set by this person, and is theirs to trust.
import type { Sodium } from '../vault/sodium';
import { keysOf, loadLocal } from '../sync/engine';
import { placeFor } from '../sync/places';
import { ReplicaStore } from '../sync/replica-store';
import { type AddressCheck, ChangeAuthors, checkAddress } from './provenance';
import { readTeam } from './team-state';
import { currentChain, type TeamVault } from './team-sync';

const TRUSTED = (instance: string | null): AddressCheck => ({ instance, setBy: null, changedSinceAdded: false, refusal: null });

/**
 * A checker for this vault's tokens; for a vault that is no team copy every address passes.
 * Reads the place as the last team sync left it (nothing is fetched).
 */
export function addressChecker(sodium: Sodium, vault: TeamVault): (entryId: string) => AddressCheck {
  const team = readTeam(vault);
  const local = team ? loadLocal(vault) : null;
  const here = new Map(vault.listAll().map((e) => [e.id, e]));
  if (!team || !local) return (id) => TRUSTED(here.get(id)?.instance ?? null);
  const store = new ReplicaStore(placeFor(local.place, vault.path).root, team.teamId);
  let authors: ChangeAuthors | null = null;
  return (id) => {
    const entry = here.get(id);
    if (!entry) return TRUSTED(null);
    const head = local.state.ents[`e:${id}`]?.f.instance?.[0];
    // Not what the merged state holds: changed here since the last sync, by this person.
    if (!head || head.v !== entry.instance) return { ...TRUSTED(entry.instance), changedSinceAdded: !!head };
    authors ??= new ChangeAuthors(sodium, store, currentChain(sodium, store, team).head, keysOf(sodium, local));
    return checkAddress(authors, local.state, id, entry.name);
  };
}
