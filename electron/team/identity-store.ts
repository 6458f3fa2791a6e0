// The identity kept in a vault, sealed under its vault key like sync's state (Vault.readPrivate).
// A person's identity is made in their personal vault at first use; a team copy on their device
// holds a copy of it, so the team commands need only that copy's password.
import os from 'node:os';
import { loadSodium } from '../vault/sodium';
import { TeamError } from './errors';
import { cleanName, type Identity, newIdentity } from './identity';

export interface PrivateStore {
  readPrivate(name: 'identity' | 'team_state' | 'team_journal'): Uint8Array | null;
  writePrivate(name: 'identity' | 'team_state' | 'team_journal', blob: Uint8Array): void;
}

export function readIdentity(vault: PrivateStore): Identity | null {
  const blob = vault.readPrivate('identity');
  return blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as Identity) : null;
}

export function needIdentity(vault: PrivateStore): Identity {
  const id = readIdentity(vault);
  if (!id) throw new TeamError('NO_IDENTITY', 'This vault holds no identity yet; "tokenvault identity" makes one in your personal vault.');
  return id;
}

export function writeIdentity(vault: PrivateStore, id: Identity): void {
  vault.writePrivate('identity', new Uint8Array(Buffer.from(JSON.stringify(id))));
}

export const defaultPersonName = () => cleanName(os.userInfo().username || 'me');

/** The vault's identity, made now if it has none. `made` says which. */
export async function ensureIdentity(vault: PrivateStore, name?: string): Promise<{ identity: Identity; made: boolean }> {
  const existing = readIdentity(vault);
  if (existing) return { identity: existing, made: false };
  const identity = newIdentity(await loadSodium(), name ?? defaultPersonName());
  writeIdentity(vault, identity);
  return { identity, made: true };
}
