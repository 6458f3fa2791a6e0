// An in-memory vault with the Vault's own entry rules (buildOverview, applyPatch, unique names,
// putSynced's check-and-set), for sync property tests that run hundreds of devices: a real
// vault costs an Argon2 run per device. tests/unit/sync/sync-folder.test.ts covers the real one.
import { applyPatch, buildOverview, editChangesNothing, validateNewEntry, validatePatch } from '../../electron/vault/entry-input';
import { normaliseName } from '../../electron/vault/entry-codec';
import { VaultError } from '../../electron/vault/errors';
import { DEFAULT_SETTINGS, type EntryOverview, type EntryPatch, type HistoryEvent, type NewEntry, type VaultSettings } from '../../electron/vault/types';
import type { ReleaseRecord, SyncableVault, SyncUpsert } from '../../electron/sync/vault-port';

export class MemoryVault implements SyncableVault {
  // Cheap on purpose: the replicas' wrapped key derives with these (tests only).
  readonly kdfParams = { alg: 'argon2id13', opsLimit: 1, memLimitBytes: 8192 };
  private entries = new Map<string, { overview: EntryOverview; secret: string }>();
  private settings: VaultSettings = { ...DEFAULT_SETTINGS };
  private log: ReleaseRecord[] = [];
  private blob: Uint8Array | null = null;

  constructor(
    readonly path: string,
    readonly vaultId: string,
  ) {}

  async verifyPassword(): Promise<void> {}

  list(): EntryOverview[] {
    return this.listAll().filter((e) => e.trashedAt === undefined);
  }

  listAll(): EntryOverview[] {
    return [...this.entries.values()].map((e) => structuredClone(e.overview)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** As Vault.trash: out of list(), its name free, still synced (as trashed). */
  trash(id: string): EntryOverview {
    const e = this.entries.get(id);
    if (!e) throw new VaultError('NOT_FOUND', id);
    const at = new Date().toISOString();
    this.entries.set(id, { overview: { ...applyPatch(e.overview, validatePatch({}), { at, action: 'edited', note: 'Moved to the Trash.' }), trashedAt: at }, secret: e.secret });
    return this.get(id);
  }

  get(id: string): EntryOverview {
    const e = this.entries.get(id);
    if (!e) throw new VaultError('NOT_FOUND', id);
    return structuredClone(e.overview);
  }

  readSecret(id: string): string {
    const e = this.entries.get(id);
    if (!e) throw new VaultError('NOT_FOUND', id);
    return e.secret;
  }

  private assertNameFree(name: string, except?: string): void {
    for (const [id, e] of this.entries) if (id !== except && e.overview.trashedAt === undefined && normaliseName(e.overview.name) === normaliseName(name)) throw new VaultError('NAME_TAKEN', name);
  }

  add(input: NewEntry, secret: string): EntryOverview {
    const overview = buildOverview(validateNewEntry(input), 'created');
    this.assertNameFree(overview.name);
    this.entries.set(overview.id, { overview, secret });
    return structuredClone(overview);
  }

  update(id: string, patch: EntryPatch, event: HistoryEvent = { at: new Date().toISOString(), action: 'edited' }, secret?: string): EntryOverview {
    const e = this.entries.get(id);
    if (!e) throw new VaultError('NOT_FOUND', id);
    const next = applyPatch(e.overview, validatePatch(patch), event);
    if (secret === undefined && editChangesNothing(e.overview, next, event)) return structuredClone(e.overview);
    this.assertNameFree(next.name, id);
    this.entries.set(id, { overview: next, secret: secret ?? e.secret });
    return structuredClone(next);
  }

  remove(id: string): void {
    if (!this.entries.delete(id)) throw new VaultError('NOT_FOUND', id);
  }

  getSettings(): VaultSettings {
    return structuredClone(this.settings);
  }

  updateSettings(patch: unknown): VaultSettings {
    this.settings = { ...this.settings, ...(patch as Partial<VaultSettings>) };
    return this.getSettings();
  }

  releases(limit = 100): ReleaseRecord[] {
    return this.log.slice(-limit).reverse();
  }

  logRelease(record: ReleaseRecord): void {
    this.log.push(record);
  }

  readSyncState(): Uint8Array | null {
    return this.blob;
  }

  putSynced(upserts: SyncUpsert[], removals: { id: string; expected: string }[], state: Uint8Array | null): void {
    const moved = () => new VaultError('BUSY', 'moved');
    for (const r of removals) if (this.entries.get(r.id)?.overview.updatedAt !== r.expected) throw moved();
    for (const u of upserts) if ((this.entries.get(u.overview.id)?.overview.updatedAt ?? null) !== u.expected) throw moved();
    const next = new Map(this.entries);
    for (const r of removals) next.delete(r.id);
    for (const u of upserts) next.set(u.overview.id, { overview: structuredClone(u.overview), secret: u.secret ?? next.get(u.overview.id)!.secret });
    const names = new Set<string>();
    for (const e of next.values()) {
      const n = normaliseName(e.overview.name);
      if (names.has(n)) throw moved();
      names.add(n);
    }
    this.entries = next;
    this.blob = state;
  }
}
