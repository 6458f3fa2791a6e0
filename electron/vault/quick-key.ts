// The vault key as quick unlock keeps it: sealed (XChaCha20-Poly1305, as every blob here) under a
// random key its caller holds, bound to this vault's id, so a blob kept for one vault opens no
// other. It exists only in the app's memory (electron/quick-unlock/); nothing here touches disk.
// Before a key unwrapped from it is used, it must open the vault's own sealed settings: that is
// the proof it is the key the file uses now, not one from before a password change elsewhere.
import type { Database } from 'better-sqlite3';
import { deriveEntryKeys, wipeEntryKeys } from './entry-codec';
import { VaultError } from './errors';
import { schemaVersion, VERSIONED_SCHEMA } from './schema';
import { associatedData, seal, tryOpen } from './seal';
import { readSettings } from './settings-codec';
import type { Sodium } from './sodium';

const quickAd = (vaultId: string) => associatedData(vaultId, '-', 'vault-key', 'quick-unlock');

/** A vault key that does not open this vault: another vault's, or one replaced by a password change. */
export const keyRefused = () =>
  new VaultError('KEY_REFUSED', 'Quick unlock no longer fits this vault (its master password was changed, or it is another vault); enter the master password.');

export function sealQuickKey(sodium: Sodium, vaultKey: Uint8Array, wrappingKey: Uint8Array, vaultId: string): Uint8Array {
  return seal(sodium, wrappingKey, vaultKey, 'vault-key', quickAd(vaultId));
}

/**
 * The vault key from a blob sealQuickKey made, once it has opened this vault's settings; the
 * caller wipes it. Throws KEY_REFUSED for a blob or key of another vault or an old key.
 */
export function openQuickKey(db: Database, sodium: Sodium, sealed: Uint8Array, wrappingKey: Uint8Array, vaultId: string): Uint8Array {
  const vaultKey = tryOpen(sodium, wrappingKey, sealed, 'vault-key', quickAd(vaultId));
  if (!vaultKey) throw keyRefused();
  const keys = deriveEntryKeys(sodium, vaultKey);
  try {
    readSettings(db, sodium, keys, vaultId, schemaVersion(db) < VERSIONED_SCHEMA);
    return vaultKey;
  } catch (error) {
    vaultKey.fill(0);
    // Only a blob that does not authenticate means the key is wrong; a disk error is said as itself.
    throw error instanceof VaultError && error.code === 'DAMAGED' ? keyRefused() : error;
  } finally {
    wipeEntryKeys(sodium, keys);
  }
}
