// What sync needs of a vault: decrypted entries, their secrets, settings, the release log, and
// one transactional write for merged entries plus sync's own state (Vault.putSynced). Sync
// never reads rows or their encoding, so changes to how the vault stores rows leave it alone.
import type { ReleaseRecord } from '../vault/release-log';
import type { EntryOverview, VaultSettings } from '../vault/types';

export type { ReleaseRecord } from '../vault/release-log';
export type { EntryOverview, HistoryEvent, VaultSettings } from '../vault/types';

export interface SyncUpsert {
  overview: EntryOverview;
  secret: string | null;
  expected: string | null;
}

export interface SyncableVault {
  readonly vaultId: string;
  /** The vault file: sync's lock sits beside it. */
  readonly path: string;
  readonly kdfParams: Readonly<{ alg: string; opsLimit: number; memLimitBytes: number }>;
  /** The mark a restore leaves in the file it installs (null: never restored); see device-renewal.ts. */
  readonly fileMark?: string | null;
  /** Throws the vault's WRONG_PASSWORD unless it is the master password. */
  verifyPassword(password: string): Promise<void>;
  /** The live tokens (not the Trash). */
  list(): EntryOverview[];
  /** Live tokens and those in the Trash: a trashed token syncs as trashed, not as deleted. */
  listAll(): EntryOverview[];
  readSecret(id: string): string;
  getSettings(): VaultSettings;
  updateSettings(patch: unknown): VaultSettings;
  releases(limit?: number): ReleaseRecord[];
  logRelease(record: ReleaseRecord, origin?: 'here' | 'merged'): void;
  readSyncState(): Uint8Array | null;
  /**
   * Sync's decoded state beside the bytes it was decoded from, so a sync of one change does not
   * parse the whole merged state again (engine.ts loadLocal). The vault drops it on lock: it
   * holds secrets in the clear.
   */
  syncMemo?: { blob: Uint8Array; value: unknown } | null;
  putSynced(upserts: SyncUpsert[], removals: { id: string; expected: string }[], state: Uint8Array | null): void;
}
