// The vault: one SQLite file, a wrapped vault key, sealed entries. Locked, it holds no key
// and no decrypted overview; unlocked, it opens overviews on demand and secrets only when
// asked. Every change is one IMMEDIATE transaction, so a crash keeps either all of it or none.
import { randomFillSync, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { deriveEntryKeys, type EntryKeys, type EntryRow, nameTagsForLookup, openOverview, openSecret, overviewRow, sealNewSecret, secretTag, wipeEntryKeys } from './entry-codec';
import { AlreadyStored, damaged, locked, masterPasswordRefused, nameTaken, notFound, VaultError, wrongPassword } from './errors';
import { assertCreatable, fsyncDir, fsyncFile, vaultExists } from './files';
import { createOwnerOnlyFile, tightenToOwnerOnly, vaultFiles } from './owner-only';
import { encodeHeader, readHeader, type StoredHeader, unwrapVaultKey, type VaultHeader, wrapVaultKey, writeHeader, FORMAT_VERSION } from './header';
import { calibrateAndDerive, calibrateKdf, DEFAULT_TARGET_MS, deriveKeyOffThread, type KdfParams, meetsFloor, recalibrate, TEST_KDF } from './kdf';
import { migrate, SCHEMA_VERSION, schemaVersion, VERSIONED_SCHEMA } from './schema';
import { readSettings, writeSettings } from './settings-codec';
import { removeLeftoverRestoreCopies, RESTORE_MARK } from './restore-leftovers';
import { bindVersions } from './upgrade-v2';
import { drawVaultKey, resealEntries } from './rekey';
import { openQuickKey, sealQuickKey } from './quick-key';
import { compactOverviews, markCompacted, overviewsCompacted } from './compact';
import { markTagged, secretsTagged, tagSecrets } from './secret-tags';
import { convertRows, markRowsConverted, rowsConverted } from './row-format';
import { keepOldSecret, listOldSecrets, readOldSecret, resealOldSecrets, type OldSecretInfo } from './old-secrets';
import { createHash } from 'node:crypto';
import { copyBytes, offHeap, releaseScratch } from './sodium-raw';
import { associatedData, seal, tryOpen, utf8 } from './seal';
import { loadSodium, sodiumLoaded, sodiumNow, wipeSodiumStack, type Sodium } from './sodium';

export { loadSodium };
import { guarded, isUniqueViolation } from './sqlite-errors';
import { PasswordTag } from './password-tag';
import { appendRelease, readReleases, resealReleases, type ReleaseRecord } from './release-log';
import { type PrivateBlob, readSyncBlob, resealSyncBlob, writeSyncBlob } from './sync-store';
import { type ActivityAction, type ActivityInput, activityOfRelease, activityOfWrite, appendActivity } from './activity-journal';
import { applyPatch, buildOverview, editChangesNothing, invalidInput, validateNewEntry, validatePatch, validateSecret } from './entry-input';
import { hasGitLabPrefix, kindMismatch } from './token-shape';
import { DEFAULT_SETTINGS, type EntryOverview, type EntryPatch, type HistoryEvent, type NewEntry, settingsPatchSchema, TRASH_DAYS, type VaultSettings } from './types';
import { timeStep, timeStepAsync } from './step-timing';

export interface CreateOptions {
  /** Explicit parameters (tests, benchmarks); otherwise calibrated to targetMs. */
  kdf?: Omit<KdfParams, 'salt'>;
  targetMs?: number;
  /**
   * Work on the new vault, unlocked, before it appears at its path (`import --create`): it runs
   * on the file still under its temporary name, with the key just derived (no second Argon2
   * run). Should it throw, the vault is never linked into place and nothing is left behind.
   */
  fill?: (vault: Vault) => void | Promise<void>;
}

export interface ChangePasswordOptions extends CreateOptions {
  /**
   * Runs once the current password is checked, before the vault changes: what must never lag
   * behind the new password (sync's key, wrapped under it) is taken here, so no kill between the
   * two leaves the vault on the new password and that on the old one.
   */
  beforeChange?: () => Promise<void>;
}

export interface PasswordChange {
  /** When the new key took over: every backup older than this opens with the old password. */
  changedAt: string;
  entries: number;
  /** False when another process held the log open, so an old page may linger in -wal until it closes. */
  checkpointed: boolean;
}

interface Unlocked {
  /** The vault key and its subkeys, in one WASM allocation (sodium-raw.ts KeyRing). */
  keys: EntryKeys;
}

/** An item checkMany accepted: its overview built, its secret's tag computed once. */
interface CheckedItem {
  overview: EntryOverview;
  secret: string;
  tag: string;
}

/**
 * What checkMany accepted, for addMany to store without checking each item again (an import
 * checks before its backup, then stores: one check, not two). Made only by checkMany, for one
 * vault; addMany still looks the tags up again, as the vault may have changed since.
 */
export class CheckedEntries {
  /** @internal */
  constructor(
    readonly vault: Vault,
    /** The key ring the tags were computed under: a password change since makes them stale. */
    readonly keys: EntryKeys,
    readonly items: readonly CheckedItem[],
    /** What was checked, to check again should the tags be stale. */
    readonly given: readonly { input: NewEntry; secret: string; createdAt?: string }[],
    readonly action: 'created' | 'imported',
  ) {
    checkedBatches.add(this);
  }

  get length(): number {
    return this.items.length;
  }
}
const checkedBatches = new WeakSet<CheckedEntries>();

/**
 * What unlock() hands the caller that typed the password: proof, for a password change made
 * straight after (the CLI's passwd), that the current password was just checked, so it is not
 * derived a second time. Valid once, for that unlock only (a lock retires it); the app never
 * keeps one, so its Change password dialog always checks the password it is given.
 */
export class UnlockProof {
  constructor(readonly token: Uint8Array) {}
}

const BUSY_TIMEOUT_MS = 2000;
/** One collator for every sort: String.localeCompare builds one per call, ten thousand times over. */
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The decrypted overviews by id, and their order by name kept until one changes: sorting 10,000
 * names with the collator on every list() was a good part of the window's wait for its list.
 */
class OverviewCache extends Map<string, EntryOverview> {
  private order: EntryOverview[] | null = null;
  override set(id: string, overview: EntryOverview): this {
    this.order = null;
    return super.set(id, overview);
  }
  override delete(id: string): boolean {
    this.order = null;
    return super.delete(id);
  }
  override clear(): void {
    this.order = null;
    super.clear();
  }
  /** A fresh array (the caller may keep or change it), in name order. */
  sorted(): EntryOverview[] {
    this.order ??= [...this.values()].sort((a, b) => byName.compare(a.name, b.name));
    return this.order.slice();
  }
}

export class Vault {
  private unlocked: Unlocked | null = null;
  /** Decrypted overviews, by id; dropped on lock and whenever another process wrote. */
  private cache = new OverviewCache();
  /** Each cached entry's secret tag (entry-codec.ts secretTag); null for a row not tagged yet. */
  private secretTags = new Map<string, string | null>();
  private cacheComplete = false;
  private dataVersion = -1;
  private settingsCache: VaultSettings | null = null;
  /** The highest settings counter seen while open: a lower one later means a rollback. */
  private settingsCounterSeen = 0;
  /** A schema 1 file read without migrating (a read-only backup): rows carry no versions. */
  private legacy = false;
  /** Files this open found readable by others and made owner-only; reported once by takeTightened(). */
  private tightened: string[] = [];
  /** The token of the proof the last unlock handed out, until it is used or the vault locks. */
  private unlockToken: Uint8Array | null = null;
  /** How long Argon2 took here with the header's parameters at the last unlock or password check. */
  private lastDerivationMs: number | null = null;
  /** The file's restore mark at unlock (restore.ts writes a new one with every install). */
  private restoreMark: string | null = null;
  /**
   * Called when this vault finds that another process replaced or re-keyed the file, just
   * before it locks itself (keys still in place): the app seals its draft and tells the window.
   */
  onChangedElsewhere: ((error: VaultError) => void) | null = null;
  /** Sealed rows read while Argon2 ran in its worker, for the first list; dropped on any write or lock. */
  private prefetched: { version: number; rows: EntryRow[] } | null = null;
  /** While unlocked: whether a secret is the master password, so it is never stored as a token. */
  private readonly masterPassword = new PasswordTag();
  /** Commits made through this connection (data_version counts only the other connections'). */
  private ownWrites = 0;
  /** True only for create's fill, on the file still under its temporary name (see unlockWith). */
  private filling = false;
  /** Set by journalAs: the one act a group of writes amounts to (a move in is an add and an edit). */
  private journalOverride: { action: ActivityAction; seen: Set<string> } | null = null;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private stored: StoredHeader,
    private readonly readOnly: boolean,
  ) {}

  /** Loaded before any key exists: create() and unlock() await it; everything else needs a key. */
  private get sodium(): Sodium {
    return sodiumNow();
  }

  get isUnlocked(): boolean {
    return this.unlocked !== null;
  }

  get vaultId(): string {
    return this.stored.header.vaultId;
  }

  get kdfParams(): Readonly<Omit<KdfParams, 'salt'>> {
    const { salt: _salt, ...rest } = this.stored.header.kdf;
    return rest;
  }

  /** A vault made before the KDF floor (1 pass): it opens, and the next password change lifts it. */
  get kdfBelowFloor(): boolean {
    return !meetsFloor(this.stored.header.kdf);
  }

  /** Creates a new vault file (never over an existing one) and returns it unlocked. */
  static async create(file: string, password: string, options: CreateOptions = {}): Promise<Vault> {
    const target = path.resolve(file);
    assertCreatable(target);
    if (!password) throw invalidInput('The master password cannot be empty.');

    // libsodium's salt size, from Node's CSPRNG.
    const salt = randomFillSync(new Uint8Array(16));
    // Argon2 (the calibration probe, then the key) runs in its worker while this thread loads
    // libsodium, builds the file and fills it: the entries are sealed under the vault key, drawn
    // here, and only the header's wrapped copy of that key needs the key-encryption key.
    const derivation = calibrateAndDerive(password, salt, options.kdf ? { params: kdfAtFloor(options.kdf) } : { targetMs: options.targetMs ?? DEFAULT_TARGET_MS });
    // Handled below; until then a refusal must not count as unhandled.
    derivation.catch(() => {});
    const sodium = await loadSodium();
    const vaultId = randomUUID();
    const createdAt = new Date().toISOString();
    const { vaultKey } = drawVaultKeyOnly();

    // Built beside the target and linked into place: a crash leaves no half-made vault, and
    // link() refuses to replace a file that appeared meanwhile.
    const temp = `${target}.creating-${process.pid}-${Date.now()}`;
    try {
      createOwnerOnlyFile(temp);
      const db = guarded(() => new Database(temp));
      try {
        db.pragma('journal_mode = DELETE');
        db.pragma('secure_delete = ON');
        migrate(db);
        // Until the key is derived the file holds a stand-in header (the floor's parameters, a
        // random "wrapped key" that opens under no password): the fill writes under it, and it is
        // replaced before the file is linked into place.
        const standIn = encodeHeader({ format: FORMAT_VERSION, vaultId, createdAt, kdf: { ...TEST_KDF, salt } });
        db.transaction(() => writeHeader(db, standIn, randomFillSync(new Uint8Array(64)))).immediate();
        const keys = deriveEntryKeys(sodium, vaultKey);
        db.transaction(() => {
          writeSettings(db, sodium, keys, vaultId, DEFAULT_SETTINGS);
          markCompacted(db);
          markTagged(db);
          markRowsConverted(db);
        }).immediate();
        wipeEntryKeys(sodium, keys);
      } finally {
        db.close();
      }
      if (options.fill) await Vault.fillAt(temp, vaultKey, password, options.fill);
      const { key: kek, params } = await derivation;
      const header: VaultHeader = { format: FORMAT_VERSION, vaultId, createdAt, kdf: { ...kdfAtFloor(params), salt } };
      const text = encodeHeader(header);
      const wrapped = wrapVaultKey(sodium, vaultKey, kek, header, text);
      sodium.memzero(kek);
      writeHeaderAt(temp, text, wrapped);
      fsyncFile(temp);
      guarded(() => fs.linkSync(temp, target));
      fsyncDir(path.dirname(target));
    } catch (error) {
      sodium.memzero(vaultKey);
      // A key still on its way is wiped when it comes.
      void derivation.then(({ key }) => key.fill(0), () => {});
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw vaultExists(target);
      throw error;
    } finally {
      for (const file of vaultFiles(temp)) fs.rmSync(file, { force: true });
    }
    const vault = Vault.open(target);
    vault.unlockWith(vaultKey);
    vault.masterPassword.remember(password);
    return vault;
  }

  /** create's `fill`: the vault at its temporary name, unlocked with a copy of the new key, closed (and checkpointed: no -wal left) after. */
  private static async fillAt(temp: string, vaultKey: Uint8Array, password: string, fill: (vault: Vault) => void | Promise<void>): Promise<void> {
    const vault = Vault.open(temp);
    vault.filling = true;
    try {
      vault.unlockWith(copyBytes(vaultKey));
      vault.masterPassword.remember(password);
      await fill(vault);
    } finally {
      vault.close();
    }
    if (fs.existsSync(`${temp}-wal`) && fs.statSync(`${temp}-wal`).size > 0) throw new VaultError('IO', 'The new vault could not be written whole; no vault was created.');
  }

  /** Opens a vault file, locked: reads and checks its header. Nothing on disk changes until it is unlocked. */
  static open(file: string, options: { readOnly?: boolean } = {}): Vault {
    const target = path.resolve(file);
    if (!fs.existsSync(target)) throw new VaultError('NO_VAULT', `There is no vault at ${target}; create one with "tokenvault init".`);
    if (fs.statSync(target).isDirectory()) throw new VaultError('NOT_A_VAULT', `${target} is a folder, not a vault file.`);
    const readOnly = options.readOnly ?? false;
    // Before the connection opens: SQLite gives the -wal and -shm it creates the vault's mode.
    const tightened = readOnly ? [] : tightenToOwnerOnly(vaultFiles(target));
    // Full copies a killed restore left beside the vault go at its next open.
    if (!readOnly) removeLeftoverRestoreCopies(target);
    const db = guarded(() => new Database(target, { fileMustExist: true, readonly: readOnly }));
    try {
      const stored = guarded(() => readHeader(db));
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Deleted and overwritten content is zeroed, not left in free space for a later key compromise.
      if (!readOnly) db.pragma('secure_delete = ON');
      const vault = new Vault(target, db, stored, readOnly);
      vault.tightened = tightened;
      return vault;
    } catch (error) {
      db.close();
      if (error instanceof VaultError) throw error;
      throw damaged();
    }
  }

  /**
   * Unlocks with the master password. Returns an UnlockProof for changePassword, or null when
   * the vault was already unlocked (the password was then not checked, so it proves nothing).
   */
  async unlock(password: string): Promise<UnlockProof | null> {
    if (this.unlocked) return null;
    await loadSodium();
    // The header may have changed since open (a password change in another process).
    this.stored = guarded(() => readHeader(this.db));
    const derivation = deriveKeyOffThread(this.sodium, password, this.stored.header.kdf);
    // Argon2 runs in a worker: meanwhile this thread reads the sealed rows the first list will open.
    timeStep('read the sealed rows (during Argon2)', () => this.prefetch());
    const { key: kek, ms } = await timeStepAsync('wait for Argon2 (its worker)', () => derivation).catch((error: unknown) => {
      this.prefetched = null;
      throw error;
    });
    const vaultKey = unwrapVaultKey(this.sodium, this.stored, kek);
    this.sodium.memzero(kek);
    if (!vaultKey) {
      this.prefetched = null;
      throw wrongPassword();
    }
    timeStep('unwrap the key, check the schema', () => this.unlockWith(vaultKey));
    this.masterPassword.remember(password);
    this.lastDerivationMs = ms;
    // Node's CSPRNG: the token never passes through libsodium's heap.
    this.unlockToken = crypto.getRandomValues(new Uint8Array(32));
    return new UnlockProof(Uint8Array.from(this.unlockToken));
  }

  /**
   * The vault key sealed under `wrappingKey` (32 random bytes the caller keeps), bound to this
   * vault: what quick unlock holds in memory between a lock and the next unlock. The key itself
   * never leaves this class unsealed.
   */
  sealKeyUnder(wrappingKey: Uint8Array): Uint8Array {
    const { keys } = this.need();
    const vaultKey = keys.ring.copy(0);
    try {
      return sealQuickKey(this.sodium, vaultKey, wrappingKey, this.vaultId);
    } finally {
      vaultKey.fill(0);
    }
  }

  /**
   * Unlocks with a key sealKeyUnder made, without the password. Throws KEY_REFUSED, and stays
   * locked, unless the key opens this vault as it is on disk now (not another vault, not a key a
   * password change has since replaced). Hands out no UnlockProof: a password change after a
   * quick unlock still asks for the password, and the master password is not known to refuse it
   * as a token (isMasterPassword is false) until the next password unlock.
   */
  async unlockWithSealedKey(sealed: Uint8Array, wrappingKey: Uint8Array): Promise<void> {
    if (this.unlocked) return;
    await loadSodium();
    this.stored = guarded(() => readHeader(this.db));
    const vaultKey = guarded(() => openQuickKey(this.db, this.sodium, sealed, wrappingKey, this.vaultId));
    this.unlockWith(vaultKey);
  }

  private unlockWith(vaultKey: Uint8Array): void {
    const keys = deriveEntryKeys(this.sodium, vaultKey);
    // The key ring holds the only copy from here on.
    this.sodium.memzero(vaultKey);
    try {
      // Read-only opens (verifying a backup) must not touch the file, not even its journal mode.
      if (!this.readOnly)
        guarded(() => {
          if (this.filling) {
            // A new vault's file under its temporary name (create's fill): never linked into place
            // unless the fill succeeds, and fsynced whole before it is, so the fill's transactions
            // need no log on disk (rolled back in memory), no sync of their own and no page spilled
            // half-way. The first open at its real path puts it in WAL mode with FULL syncs.
            this.db.pragma('journal_mode = MEMORY');
            this.db.pragma('synchronous = OFF');
            this.db.pragma('cache_size = -65536');
          } else {
            this.db.pragma('journal_mode = WAL');
            this.db.pragma('synchronous = FULL');
          }
          this.db.pragma('foreign_keys = ON');
          const { from } = migrate(this.db, { bindVersions: (db) => bindVersions(db, this.sodium, keys, this.vaultId) });
          // Our own writes do not move data_version: rows read before a migration are stale.
          if (from !== SCHEMA_VERSION) this.prefetched = null;
        });
      this.legacy = guarded(() => schemaVersion(this.db)) < VERSIONED_SCHEMA;
      const mark = guarded(() => readRestoreMark(this.db));
      // Another file since the last unlock (a restore): its settings counter starts afresh.
      if (mark !== this.restoreMark) this.settingsCounterSeen = 0;
      this.restoreMark = mark;
      if (!this.readOnly && !this.legacy) {
        this.convertRowsOnce(keys);
        this.compactOnce(keys);
        this.tagOnce(keys);
      }
    } catch (error) {
      wipeEntryKeys(this.sodium, keys);
      throw error;
    }
    this.unlocked = { keys };
  }

  private prefetch(): void {
    try {
      const version = this.db.pragma('data_version', { simple: true }) as number;
      this.prefetched = { version, rows: this.selectOverviews() };
    } catch {
      this.prefetched = null; // The list will read (and report) it itself.
    }
  }

  private selectOverviews(): EntryRow[] {
    return this.db.prepare('SELECT id, name_tag, overview, created_at, updated_at FROM entries').all() as EntryRow[];
  }

  /** Rows from before schema 7 (row-format.ts) are sealed again once, and the file compacted. */
  private convertRowsOnce(keys: EntryKeys): void {
    if (guarded(() => rowsConverted(this.db))) return;
    this.prefetched = null;
    const converted = guarded(() => this.db.transaction(() => convertRows(this.db, this.sodium, keys, this.vaultId)).immediate());
    if (converted > 0) this.vacuum();
  }

  /** Overviews still in format 1 (a vault from before schema 5) are re-sealed once, and the file compacted. */
  private compactOnce(keys: EntryKeys): void {
    if (guarded(() => overviewsCompacted(this.db))) return;
    this.prefetched = null;
    const converted = guarded(() => this.db.transaction(() => compactOverviews(this.db, this.sodium, keys, this.vaultId)).immediate());
    if (converted > 0) this.vacuum();
  }

  private vacuum(): void {
    // VACUUM rewrites the file without the freed pages; a reader elsewhere makes it wait for the next unlock.
    try {
      this.db.exec('VACUUM');
    } catch {
      // Busy: the rows are converted; the file shrinks at a later unlock's checkpoint or never, harmlessly.
    }
    this.checkpoint();
  }

  /** Rows from before schema 6 get their secret's tag once (secret-tags.ts). */
  private tagOnce(keys: EntryKeys): void {
    if (guarded(() => secretsTagged(this.db))) return;
    this.prefetched = null;
    guarded(() => this.db.transaction(() => tagSecrets(this.db, this.sodium, keys, this.vaultId)).immediate());
  }

  /** Zeroes the keys and forgets every decrypted overview. */
  lock(): void {
    if (this.unlocked) wipeEntryKeys(this.sodium, this.unlocked.keys);
    this.unlocked = null;
    this.masterPassword.forget();
    this.retireUnlockProof();
    // libsodium's heap copies are zeroed as they are freed (the scratch region too); its stack keeps the last outputs.
    if (sodiumLoaded()) {
      releaseScratch();
      wipeSodiumStack();
    }
    // A removed token's sealed bytes must not wait in the log for the next automatic checkpoint.
    this.checkpoint();
    this.cache.clear();
    this.secretTags.clear();
    this.cacheComplete = false;
    this.settingsCache = null;
    this.prefetched = null;
    this.syncMemo = null;
  }

  /** Locks, folds the log into the file and closes it. */
  close(): void {
    this.lock();
    if (this.db.open) {
      this.checkpoint();
      this.db.close();
    }
  }

  /** The files made owner-only when this vault was opened (once: later calls return []). */
  takeTightened(): string[] {
    const files = this.tightened;
    this.tightened = [];
    return files;
  }

  /** For backups: the live connection, so the online backup API sees a consistent snapshot. */
  get connection(): Database.Database {
    return this.db;
  }

  /** The live tokens, by name: everything but the Trash. */
  list(): EntryOverview[] {
    return this.listAll().filter((e) => e.trashedAt === undefined);
  }

  /** The tokens in the Trash, most recently deleted first. */
  listTrash(): EntryOverview[] {
    return this.listAll()
      .filter((e) => e.trashedAt !== undefined)
      .sort((a, b) => Date.parse(b.trashedAt!) - Date.parse(a.trashedAt!));
  }

  /** Live and trashed alike (sync carries both). Tokens trashed more than TRASH_DAYS ago are purged first. */
  listAll(): EntryOverview[] {
    const { keys } = this.need();
    this.refreshIfChanged();
    if (!this.cacheComplete) {
      // Secrets stay sealed and unread: a list never needs them. Rows read during the unlock's
      // key derivation serve if no other process has written since (data_version unchanged).
      const early = this.prefetched;
      this.prefetched = null;
      const fresh = early !== null && early.version === this.dataVersion;
      const rows = fresh ? early.rows : guarded(() => this.selectOverviews());
      this.cache.clear();
      this.secretTags.clear();
      for (const row of rows) {
        const opened = openOverview(this.sodium, keys, this.vaultId, row, this.legacy);
        this.remember(opened.overview, opened.secretTag);
      }
      this.cacheComplete = true;
      this.purgeExpiredTrash();
    }
    return this.cache.sorted();
  }

  private remember(overview: EntryOverview, tag: string | null): void {
    this.cache.set(overview.id, overview);
    this.secretTags.set(overview.id, tag);
  }

  private forget(id: string): void {
    this.cache.delete(id);
    this.secretTags.delete(id);
  }

  get(id: string): EntryOverview {
    const { keys } = this.need();
    this.refreshIfChanged();
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = guarded(() => this.db.prepare('SELECT id, name_tag, overview, created_at, updated_at FROM entries WHERE id = ?').get(id)) as EntryRow | undefined;
    if (!row) throw notFound(id);
    const opened = openOverview(this.sodium, keys, this.vaultId, row, this.legacy);
    this.remember(opened.overview, opened.secretTag);
    return opened.overview;
  }

  /** By id, by name (any case), or by a unique id prefix of at least 6 characters. */
  find(ref: string): EntryOverview {
    const { keys } = this.need();
    // A stale key (another process re-keyed or restored) would miss every name: say so instead.
    this.refreshIfChanged();
    const wanted = ref.trim();
    const byName = guarded(() => this.db.prepare('SELECT id FROM entries WHERE name_tag IN (?, ?) OR id = ?').get(...nameTagsForLookup(keys, wanted), wanted)) as
      | { id: string }
      | undefined;
    const found = byName ? this.get(byName.id) : this.findByIdPrefix(wanted);
    // A token in the Trash answers only to findInTrash: no command copies or verifies it by mistake.
    if (!found || found.trashedAt !== undefined) throw notFound(wanted);
    return found;
  }

  /** A token in the Trash, by its (former) name, id or id prefix; the most recently deleted of a name wins. */
  findInTrash(ref: string): EntryOverview {
    const wanted = ref.trim();
    const trash = this.listTrash();
    const found = trash.find((e) => e.id === wanted) ?? trash.find((e) => byName.compare(e.name, wanted) === 0) ?? this.findByIdPrefix(wanted);
    if (!found || found.trashedAt === undefined) throw new VaultError('NOT_FOUND', `No token named or with id "${wanted}" is in the Trash.`);
    return found;
  }

  private findByIdPrefix(wanted: string): EntryOverview | null {
    if (wanted.length < 6 || !/^[0-9a-f-]+$/i.test(wanted)) return null;
    const rows = guarded(() => this.db.prepare("SELECT id FROM entries WHERE id LIKE ? || '%' LIMIT 2").all(wanted.toLowerCase())) as { id: string }[];
    return rows.length === 1 ? this.get(rows[0]!.id) : null;
  }

  /** One new token; a secret another token already holds is refused (AlreadyStored names that token). */
  add(input: NewEntry, secret: string, action: 'created' | 'imported' = 'created'): EntryOverview {
    // What is wrong with the input is said first; then whether the secret is already here.
    validateNewEntry(input);
    validateSecret(secret);
    this.refuseKindMismatch(secret, input.kind ?? 'other');
    this.refuseDuplicate(secret);
    return this.addMany([{ input, secret }], undefined, action)[0]!;
  }

  /**
   * Everything add would refuse except the master password, checked without writing: the agent
   * runs this before its slow master-password check (agent/master-guess.ts), so a request that
   * fails anyway (a name taken, a secret stored already) gets its answer without reaching it.
   */
  checkNew(input: NewEntry, secret: string): void {
    const entry = validateNewEntry(input);
    validateSecret(secret);
    this.refuseKindMismatch(secret, input.kind ?? 'other');
    this.refuseDuplicate(secret);
    if (this.nameInUse(entry.name)) throw nameTaken(entry.name);
  }

  /**
   * The token already holding this secret, live or in the Trash, or null. Compares the keyed
   * tags of the overviews opened at unlock — every one, each in constant time, so neither the
   * time taken nor an early exit says where or how much matched — and opens no secret except
   * a row not tagged yet (a read-only legacy file).
   */
  holderOf(secret: string, except?: string): EntryOverview | null {
    const { keys } = this.need();
    const all = this.listAll();
    const wanted = Buffer.from(secretTag(keys, secret), 'base64url');
    let found: EntryOverview | null = null;
    for (const entry of all) {
      const tag = this.secretTags.get(entry.id);
      const same = tag ? timingSafeEqual(Buffer.from(tag, 'base64url'), wanted) : sameDigest(this.readSecret(entry.id), secret);
      if (same && entry.id !== except && found === null) found = entry;
    }
    return found;
  }

  private refuseDuplicate(secret: string, except?: string): void {
    const holder = this.holderOf(secret, except);
    if (holder) throw new AlreadyStored(holder.id, holder.name, holder.trashedAt !== undefined);
  }

  /**
   * What addMany would refuse, checked without writing: the import's dry run says the same as
   * the import. Each item is checked as `add` checks one — its fields, its secret, not the master
   * password, and not a secret the vault (or an earlier item) already holds.
   */
  checkMany(items: { input: NewEntry; secret: string; createdAt?: string }[], action: 'created' | 'imported' = 'imported'): CheckedEntries {
    const { keys } = this.need();
    const holderOf = this.holderLookup();
    const batch = new Map<string, EntryOverview>();
    const checked = items.map(({ input, secret, createdAt }): CheckedItem => {
      const overview = buildOverview(validateNewEntry(input), action, createdAt);
      validateSecret(secret);
      this.refuseMasterPassword(secret, overview.name);
      const tag = secretTag(keys, secret);
      const earlier = batch.get(tag);
      if (earlier) throw new VaultError('ALREADY_STORED', `"${overview.name}" holds the same token as "${earlier.name}" before it; nothing was stored.`);
      this.refuseHeld(holderOf.byTag(tag, secret), overview.name, items.length > 1);
      batch.set(tag, overview);
      return { overview, secret, tag };
    });
    return new CheckedEntries(this, keys, checked, items, action);
  }

  private refuseHeld(holder: EntryOverview | null, name: string, inBulk: boolean): void {
    if (!holder) return;
    const refusal = new AlreadyStored(holder.id, holder.name, holder.trashedAt !== undefined);
    // In a bulk import, which of the new entries it is.
    if (inBulk) refusal.message = `"${name}": ${refusal.message}`;
    throw refusal;
  }

  /**
   * holderOf for many secrets at once (an import): the tags in one map rather than one pass over
   * the vault per secret. Rows not tagged yet (a read-only legacy file) are opened and compared.
   */
  holderLookup(): ((secret: string) => EntryOverview | null) & { byTag(tag: string, secret: string): EntryOverview | null } {
    const { keys } = this.need();
    const byTag = new Map<string, EntryOverview>();
    const untagged: EntryOverview[] = [];
    for (const entry of this.listAll()) {
      const tag = this.secretTags.get(entry.id);
      if (!tag) untagged.push(entry);
      else if (!byTag.has(tag)) byTag.set(tag, entry);
    }
    // `tag` is secretTag(keys, secret), when the caller has it already.
    const lookup = (tag: string, secret: string) => byTag.get(tag) ?? (untagged.length ? (untagged.find((entry) => sameDigest(this.readSecret(entry.id), secret)) ?? null) : null);
    // An empty vault holds no secret: no tag to compute (a .kdbx import's plan asks once per entry).
    const empty = byTag.size === 0 && untagged.length === 0;
    return Object.assign((secret: string) => (empty ? null : lookup(secretTag(keys, secret), secret)), { byTag: lookup });
  }

  /**
   * Many entries in one transaction: all stored, or none (bulk import); refused as checkMany
   * says. Given checkMany's answer, the items are not checked again, only looked up once more
   * (by the tags computed then) against what the vault holds now.
   */
  addMany(items: { input: NewEntry; secret: string; createdAt?: string }[] | CheckedEntries, onProgress?: (done: number) => void, action: 'created' | 'imported' = 'imported'): EntryOverview[] {
    const { keys } = this.need();
    const prepared = items instanceof CheckedEntries ? this.recheck(items) : this.checkMany(items, action).items;
    const insert = this.db.prepare('INSERT INTO entries(id, name_tag, overview, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    let current = '';
    try {
      guarded(() =>
        this.writeTransaction(() => {
            prepared.forEach(({ overview, secret, tag }, index) => {
              current = overview.name;
              const fresh = sealNewSecret(keys, this.vaultId, overview.id, secret);
              const row = overviewRow(this.sodium, keys, this.vaultId, overview, fresh.version, tag);
              insert.run(overview.id, row.nameTag, row.sealed, fresh.sealed, row.createdAt, row.updatedAt);
              if (onProgress && (index + 1) % 100 === 0) onProgress(index + 1);
            });
            this.journal(prepared.map(({ overview }) => ({ action: action === 'imported' ? 'imported' : 'added', entryId: overview.id, entryName: overview.name, detail: null })));
          }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(current);
      throw error;
    }
    onProgress?.(prepared.length);
    for (const { overview, tag } of prepared) this.remember(overview, tag);
    return prepared.map((p) => p.overview);
  }

  /** checkMany's answer, if it was this vault's: each secret looked up again in what the vault holds now. */
  private recheck(checked: CheckedEntries): readonly CheckedItem[] {
    if (!checkedBatches.has(checked) || checked.vault !== this) throw new Error('addMany takes only what this vault\'s checkMany returned');
    // Tags made under a key since replaced (a password change) would be wrong: check afresh.
    if (checked.keys !== this.need().keys) return this.checkMany([...checked.given], checked.action).items;
    const holderOf = this.holderLookup();
    for (const { overview, secret, tag } of checked.items) this.refuseHeld(holderOf.byTag(tag, secret), overview.name, checked.length > 1);
    return checked.items;
  }

  /**
   * `expect` sees the entry as committed on disk, inside the write transaction, and may throw
   * to change nothing: a check-and-set no other process can slip between (rotation's claim).
   */
  update(id: string, patch: EntryPatch, event?: HistoryEvent, expect?: (current: EntryOverview) => void): EntryOverview {
    if (patch.kind !== undefined && patch.kind !== this.get(id).kind) this.refuseKindMismatch(this.readSecret(id), patch.kind);
    return this.write(id, patch, event ?? { at: new Date().toISOString(), action: 'edited' }, null, expect);
  }

  /** Stores a new secret and its metadata together: a rotation never half-lands. */
  /** The secret it replaces is kept as an earlier secret (old-secrets.ts); one another token holds is refused. */
  replaceSecret(id: string, secret: string, patch: EntryPatch, event: HistoryEvent): EntryOverview {
    validateSecret(secret);
    this.refuseMasterPassword(secret, this.get(id).name);
    this.refuseKindMismatch(secret, patch.kind ?? this.get(id).kind);
    this.refuseDuplicate(secret, id);
    return this.write(id, patch, event, secret);
  }

  /** A secret whose prefix names another kind is not stored as this one, by any path (add, edit, a new secret). */
  private refuseKindMismatch(secret: string, kind: string): void {
    const mismatch = kindMismatch(secret, kind);
    if (mismatch) throw invalidInput(mismatch);
  }

  /** Moves a token to the Trash: out of every list, reminder and lookup by name; its name is free again. Restorable for TRASH_DAYS. */
  trash(id: string, at = new Date()): EntryOverview {
    if (this.get(id).trashedAt !== undefined) return this.get(id);
    return this.write(id, {}, { at: at.toISOString(), action: 'edited', note: 'Moved to the Trash.' }, null, undefined, (next) => ({ ...next, trashedAt: at.toISOString() }));
  }

  /** Takes a token out of the Trash; if its name was taken meanwhile it comes back as "NAME (restored)". */
  restoreFromTrash(id: string): EntryOverview {
    const entry = this.get(id);
    if (entry.trashedAt === undefined) return entry;
    const name = this.freeName(entry.name);
    const note = name === entry.name ? 'Restored from the Trash.' : `Restored from the Trash as "${name}": another token has its name now.`;
    return this.write(id, name === entry.name ? {} : { name }, { at: new Date().toISOString(), action: 'edited', note }, null, undefined, ({ trashedAt: _gone, ...next }) => next);
  }

  private nameInUse(name: string): boolean {
    const { keys } = this.need();
    return guarded(() => this.db.prepare('SELECT 1 FROM entries WHERE name_tag IN (?, ?)').get(...nameTagsForLookup(keys, name))) !== undefined;
  }

  private freeName(name: string): string {
    const taken = (candidate: string) => this.nameInUse(candidate);
    if (!taken(name)) return name;
    for (let n = 1; ; n++) {
      const candidate = `${name.slice(0, 180)} (restored${n > 1 ? ` ${n}` : ''})`;
      if (!taken(candidate)) return candidate;
    }
  }

  /** Deletes every token in the Trash now; returns how many. */
  emptyTrash(): number {
    const ids = this.listTrash().map((e) => e.id);
    this.removeMany(ids);
    return ids.length;
  }

  /** The tokens whose TRASH_DAYS are over go for good (each device purges its own; sync carries the deletion). */
  private purgeExpiredTrash(now = Date.now()): void {
    if (this.readOnly) return;
    const cutoff = now - TRASH_DAYS * 24 * 60 * 60 * 1000;
    const expired = [...this.cache.values()].filter((e) => e.trashedAt !== undefined && Date.parse(e.trashedAt) <= cutoff).map((e) => e.id);
    if (expired.length) this.removeMany(expired, 'its days in the Trash were over');
  }

  /** Earlier secrets of a token, newest first: when each was replaced and what it was set to expire; never the secret. */
  oldSecrets(id: string): OldSecretInfo[] {
    const { keys } = this.need();
    this.get(id);
    return guarded(() => listOldSecrets(this.db, this.sodium, keys, this.vaultId, id));
  }

  /** Puts an earlier secret back (the current one is kept in its place), with the expiry, scopes and GitLab id it had. */
  restoreOldSecret(id: string, oldId: string, at = new Date()): EntryOverview {
    const { keys } = this.need();
    const kept = guarded(() => readOldSecret(this.db, this.sodium, keys, this.vaultId, id, oldId));
    const note = `An earlier token put back${kept.expiresAt ? ` (set to expire ${kept.expiresAt})` : ''}; check it with GitLab.`;
    validateSecret(kept.secret);
    this.refuseMasterPassword(kept.secret, this.get(id).name);
    this.refuseDuplicate(kept.secret, id);
    // The secret put back is current again: its row goes, in the same transaction, so it is not listed as earlier too.
    return this.write(id, { expiresAt: kept.expiresAt, scopes: kept.scopes, lastVerifiedAt: null, revoked: false, gitlab: { tokenId: kept.tokenId, active: null, revoked: null } }, { at: at.toISOString(), action: 'edited', note }, kept.secret, undefined, undefined, () => {
      this.db.prepare('DELETE FROM old_secrets WHERE id = ? AND entry_id = ?').run(oldId, id);
    });
  }

  private write(id: string, patch: EntryPatch, event: HistoryEvent, secret: string | null, expect?: (current: EntryOverview) => void, reshape?: (next: EntryOverview) => EntryOverview, alsoInTransaction?: () => void): EntryOverview {
    const { keys } = this.need();
    const checked = validatePatch(patch);
    let next = this.get(id);
    let tag: string | null = null;
    try {
      guarded(() =>
        this.writeTransaction(() => {
            // Read, patch and write in one IMMEDIATE transaction, from the row on disk rather than
            // a cached one: what another process (the app beside the CLI) committed a moment ago
            // is patched, never overwritten, and its secret version is the one kept.
            const stored = this.readRow(id);
            if (!stored) throw notFound(id);
            const current = openOverview(this.sodium, keys, this.vaultId, stored, this.legacy);
            expect?.(current.overview);
            next = applyPatch(current.overview, checked, event);
            if (secret === null && !reshape && !alsoInTransaction && editChangesNothing(current.overview, next, event)) {
              next = current.overview;
              tag = current.secretTag;
              return;
            }
            if (reshape) next = reshape(next);
            const fresh = secret === null ? null : sealNewSecret(keys, this.vaultId, id, secret);
            const version = fresh?.version ?? current.secretVersion;
            const sealedSecret = fresh?.sealed ?? null;
            tag = secret === null ? current.secretTag : secretTag(keys, secret);
            if (secret !== null) {
              const before = openSecret(this.sodium, keys, this.vaultId, id, current.secretVersion, stored.secret);
              if (before !== secret) keepOldSecret(this.db, this.sodium, keys, this.vaultId, id, { secret: before, expiresAt: current.overview.expiresAt, scopes: current.overview.scopes, tokenId: current.overview.gitlab.tokenId }, Date.parse(next.updatedAt));
            }
            const row = overviewRow(this.sodium, keys, this.vaultId, next, version, tag);
            const result = this.db
              .prepare('UPDATE entries SET name_tag = ?, overview = ?, secret = coalesce(?, secret), updated_at = ? WHERE id = ?')
              .run(row.nameTag, row.sealed, sealedSecret, row.updatedAt, id);
            if (result.changes !== 1) throw notFound(id);
            alsoInTransaction?.();
            const act = activityOfWrite(current.overview as never, next as never, event.action, secret !== null);
            if (act) this.journal([act]);
          }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(next.name);
      throw error;
    }
    this.remember(next, tag);
    return next;
  }

  /** Whether this is the master password the vault was unlocked with (constant time; false once locked). */
  isMasterPassword(candidate: string): boolean {
    return this.masterPassword.matches(candidate);
  }

  /**
   * A token equal to the master password would carry it to GitLab and git: refused wherever it
   * would be stored. A secret with one of GitLab's own prefixes (glpat-, gldt-, …) is not
   * compared: a master password that starts like a GitLab token is not a plausible case, and
   * leaving it out keeps such a secret from being a fast "is this the password?" question.
   */
  private refuseMasterPassword(secret: string, name: string): void {
    const trimmed = secret.trim();
    if (hasGitLabPrefix(trimmed)) return;
    if (this.masterPassword.matches(secret) || (trimmed !== secret && this.masterPassword.matches(trimmed))) throw masterPasswordRefused(name);
  }

  readSecret(id: string): string {
    const { keys } = this.need();
    this.refreshIfChanged();
    const row = guarded(() => this.readRow(id));
    if (!row) throw notFound(id);
    // The overview names the secret's version: an older secret blob put back fails to open.
    const { secretVersion } = openOverview(this.sodium, keys, this.vaultId, row, this.legacy);
    return openSecret(this.sodium, keys, this.vaultId, id, secretVersion, row.secret);
  }

  private readRow(id: string): (EntryRow & { secret: Uint8Array }) | undefined {
    return this.db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries WHERE id = ?').get(id) as (EntryRow & { secret: Uint8Array }) | undefined;
  }

  /**
   * Seals something that must outlive a lock in memory without staying in clear (the wizard's
   * pasted token): only this vault's key opens it again, after the next unlock.
   */
  sealTransient(purpose: string, plain: string): Uint8Array {
    const { keys } = this.need();
    const bytes = utf8.encode(plain);
    try {
      return seal(this.sodium, keys.entryKey, bytes, 'secret', associatedData(this.vaultId, '-', 'secret', `transient:${purpose}`));
    } finally {
      this.sodium.memzero(bytes);
    }
  }

  /** The text sealTransient sealed, or null when this key does not open it (re-keyed or restored since). */
  openTransient(purpose: string, sealed: Uint8Array): string | null {
    const { keys } = this.need();
    const plain = tryOpen(this.sodium, keys.entryKey, sealed, 'secret', associatedData(this.vaultId, '-', 'secret', `transient:${purpose}`));
    if (!plain) return null;
    try {
      return utf8.decode(plain);
    } finally {
      this.sodium.memzero(plain);
    }
  }

  /** Deletes a token for good, with its earlier secrets ("Delete now"; `rm` moves to the Trash instead). */
  remove(id: string): void {
    this.need();
    if (this.removeMany([id]) !== 1) throw notFound(id);
  }

  private removeMany(ids: string[], detail: string | null = null): number {
    let removed = 0;
    const names = new Map(ids.map((id) => [id, this.cache.get(id)?.name ?? null]));
    guarded(() =>
      this.writeTransaction(() => {
        const gone: ActivityInput[] = [];
        for (const id of ids) {
          this.db.prepare('DELETE FROM old_secrets WHERE entry_id = ?').run(id);
          const changes = this.db.prepare('DELETE FROM entries WHERE id = ?').run(id).changes;
          removed += changes;
          if (changes) gone.push({ action: 'deleted', entryId: id, entryName: names.get(id) ?? null, detail });
        }
        this.journal(gone);
      }),
    );
    for (const id of ids) this.forget(id);
    return removed;
  }

  /**
   * Changes the master password AND the vault key: a new random key seals every row, the
   * settings and the header again in one transaction, and the write-ahead log is then folded
   * into the file and emptied, so the old wrapped key survives nowhere in it (secure_delete
   * zeroes what the new rows replaced). The current password is a string checked here, or the
   * proof of the unlock that just checked it. The new key costs one KDF run: its parameters are
   * the current ones unless below the floor or much cheaper on this machine than the target
   * (see recalibrate); explicit `options.kdf` wins.
   */
  async changePassword(currentPassword: string | UnlockProof, newPassword: string, options: ChangePasswordOptions = {}): Promise<PasswordChange> {
    this.need();
    if (this.readOnly) throw new VaultError('IO', 'This vault was opened read-only; its password cannot be changed.');
    if (!newPassword) throw invalidInput('The new master password cannot be empty.');
    await this.checkCurrentPassword(currentPassword);
    await options.beforeChange?.();
    const current = this.need();

    const kdf: KdfParams = { ...kdfAtFloor(options.kdf ?? (await this.kdfForNewPassword(options.targetMs))), salt: this.sodium.randombytes_buf(this.sodium.crypto_pwhash_SALTBYTES) };
    const header: VaultHeader = { ...this.stored.header, kdf };
    const text = encodeHeader(header);
    const next = drawVaultKey(this.sodium);
    const { key: newKek, ms: newKekMs } = await deriveKeyOffThread(this.sodium, newPassword, kdf);
    const wrapped = wrapVaultKey(this.sodium, next.vaultKey, newKek, header, text);
    this.sodium.memzero(newKek);
    let entries = 0;
    try {
      guarded(() =>
        this.writeTransaction(() => {
            entries = resealEntries(this.db, this.sodium, this.vaultId, current.keys, false, next.keys);
            resealReleases(this.db, this.sodium, this.vaultId, current.keys.entryKey, next.keys.entryKey);
            resealOldSecrets(this.db, this.sodium, this.vaultId, current.keys, next.keys);
            resealSyncBlob(this.db, this.sodium, this.vaultId, current.keys, next.keys);
            const settings = this.readSettingsWith(current.keys);
            this.settingsCounterSeen = writeSettings(this.db, this.sodium, next.keys, this.vaultId, settings);
            writeHeader(this.db, text, wrapped);
          }),
      );
    } catch (error) {
      this.sodium.memzero(next.vaultKey);
      wipeEntryKeys(this.sodium, next.keys);
      throw error;
    }
    this.sodium.memzero(next.vaultKey);
    wipeEntryKeys(this.sodium, current.keys);
    this.unlocked = { keys: next.keys };
    this.stored = { header, text, wrappedKey: wrapped };
    this.masterPassword.remember(newPassword);
    this.lastDerivationMs = newKekMs;
    return { changedAt: new Date().toISOString(), entries, checkpointed: this.checkpoint() };
  }

  /**
   * A password string is checked against the stored wrapped key, at the full cost of the KDF
   * (the app's dialog: a passer-by at an unlocked screen gets one slow guess per try). A proof
   * from this unlock stands for the password it checked: compared in constant time, used once.
   */
  private async checkCurrentPassword(currentPassword: string | UnlockProof): Promise<void> {
    if (currentPassword instanceof UnlockProof) {
      const valid = this.unlockToken !== null && sameBytes(currentPassword.token, this.unlockToken);
      this.retireUnlockProof();
      if (!valid) throw wrongPassword();
      return;
    }
    const { key: kek, ms } = await deriveKeyOffThread(this.sodium, currentPassword, this.stored.header.kdf);
    const check = unwrapVaultKey(this.sodium, this.stored, kek);
    this.sodium.memzero(kek);
    if (!check) throw wrongPassword();
    this.sodium.memzero(check);
    this.lastDerivationMs = ms;
  }

  /** Throws WRONG_PASSWORD unless `password` is this vault's master password (one KDF run). */
  /** Throws WRONG_PASSWORD unless this is the master password in use (a full key derivation). */
  async verifyPassword(password: string): Promise<void> {
    this.need();
    await this.checkCurrentPassword(password);
  }

  /** The current parameters, kept or scaled from their last timing here (see recalibrate); a probe only without one. */
  private async kdfForNewPassword(targetMs?: number): Promise<Omit<KdfParams, 'salt'>> {
    if (this.lastDerivationMs === null) return calibrateKdf(this.sodium, targetMs);
    return recalibrate(this.stored.header.kdf, this.lastDerivationMs, targetMs);
  }

  private retireUnlockProof(): void {
    this.unlockToken?.fill(0);
    this.unlockToken = null;
  }

  /**
   * Folds the write-ahead log into the file and truncates it, so superseded page images (an
   * old wrapped key, a removed token's sealed bytes) leave the -wal file. Returns false when
   * another connection's open read kept part of the log alive.
   */
  checkpoint(): boolean {
    if (this.readOnly || !this.db.open) return true;
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      return !result || result.busy === 0;
    } catch {
      return false;
    }
  }

  getSettings(): VaultSettings {
    const { keys } = this.need();
    this.refreshIfChanged();
    if (!this.settingsCache) {
      this.settingsCache = guarded(() => this.readSettingsWith(keys));
    }
    return { ...this.settingsCache };
  }

  updateSettings(patch: unknown): VaultSettings {
    const { keys } = this.need();
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? 'Those settings are not valid.');
    const next = { ...this.getSettings(), ...parsed.data };
    guarded(() =>
      this.writeTransaction(() => {
        this.settingsCounterSeen = writeSettings(this.db, this.sodium, keys, this.vaultId, next);
      }),
    );
    this.settingsCache = next;
    return { ...next };
  }

  private readSettingsWith(keys: EntryKeys): VaultSettings {
    const { settings, counter } = readSettings(this.db, this.sodium, keys, this.vaultId, this.legacy);
    if (counter < this.settingsCounterSeen) throw damaged();
    this.settingsCounterSeen = counter;
    return settings;
  }

  /**
   * One IMMEDIATE transaction that first checks the key is still the vault's: after a password
   * change in another process, our key would seal rows nobody can open again.
   */
  private writeTransaction<T>(work: () => T): T {
    this.prefetched = null;
    try {
      const result = this.db
        .transaction(() => {
          this.assertKeyCurrent();
          return work();
        })
        .immediate();
      this.ownWrites++;
      return result;
    } catch (error) {
      if (error instanceof StaleKey) throw this.lockBecause(error.said);
      throw error;
    }
  }

  /**
   * The file is still the one this unlock opened: not replaced by a restore (its mark moved) and
   * not re-keyed by a password change. A restore of a backup with the same key would otherwise
   * go unnoticed, and the settings' counter, lower in the older file, read as a rollback on every call.
   */
  private assertKeyCurrent(): void {
    if (readRestoreMark(this.db) !== this.restoreMark) throw new StaleKey(restoredElsewhere());
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'wrapped_key'").get() as { value: Uint8Array } | undefined;
    if (!row || !sameBytes(new Uint8Array(row.value), this.stored.wrappedKey)) throw new StaleKey(keyChangedElsewhere());
  }

  /** Locks (after telling onChangedElsewhere, while the keys are still there) and returns the error to throw. */
  private lockBecause(error: VaultError): VaultError {
    try {
      this.onChangedElsewhere?.(error);
    } finally {
      this.lock();
    }
    return error;
  }

  /**
   * Moves whenever the vault's contents may have changed: another process committed (SQLite's
   * data_version) or this connection did. One pragma, cheap enough to poll every second, so the
   * app's list follows what the CLI, the agent or a sync wrote.
   */
  revision(): string {
    this.need();
    const version = guarded(() => this.db.pragma('data_version', { simple: true }) as number);
    return `${version}:${this.ownWrites}`;
  }

  /** The mark the restore that installed this file left (null: never restored), as read at unlock. */
  get fileMark(): string | null {
    return this.restoreMark;
  }

  /** Sync's own state (opaque here; see sync-store.ts), or null when this vault does not sync. */
  /** Sync's own decoded copy of the blob above (vault-port.ts); dropped on lock with the rest. */
  syncMemo: { blob: Uint8Array; value: unknown } | null = null;

  readSyncState(): Uint8Array | null {
    const { keys } = this.need();
    return guarded(() => readSyncBlob(this.db, this.sodium, keys, this.vaultId));
  }

  /** A team layer's private blob (see sync-store.ts): the identity, a team copy's state, its activity journal. */
  readPrivate(name: Exclude<PrivateBlob, 'sync_state'>): Uint8Array | null {
    const { keys } = this.need();
    return guarded(() => readSyncBlob(this.db, this.sodium, keys, this.vaultId, name));
  }

  writePrivate(name: Exclude<PrivateBlob, 'sync_state'>, blob: Uint8Array): void {
    const { keys } = this.need();
    guarded(() => this.writeTransaction(() => writeSyncBlob(this.db, this.sodium, keys, this.vaultId, blob, name)));
  }

  /** Read, change and write a private blob in one transaction: no other process's write between (the journal's appends). */
  updatePrivate<T>(name: Exclude<PrivateBlob, 'sync_state'>, change: (blob: Uint8Array | null) => { blob: Uint8Array | null; result: T }): T {
    const { keys } = this.need();
    return guarded(() =>
      this.writeTransaction(() => {
        const { blob, result } = change(readSyncBlob(this.db, this.sodium, keys, this.vaultId, name));
        if (blob) writeSyncBlob(this.db, this.sodium, keys, this.vaultId, blob, name);
        return result;
      }),
    );
  }

  /** Records acts the vault cannot see for itself (a member added to the team) in the activity journal, when it keeps one. */
  noteActivity(records: ActivityInput[]): void {
    this.need();
    guarded(() => this.writeTransaction(() => this.journal(records)));
  }

  /** Runs `work`, whose writes the journal records as one act per token: `action` (a move in is an add and an edit). */
  journalAs<T>(action: ActivityAction, work: () => T): T {
    this.journalOverride = { action, seen: new Set() };
    try {
      return work();
    } finally {
      this.journalOverride = null;
    }
  }

  /** Inside a write transaction: the records into the activity journal (a team copy's; nothing otherwise). */
  private journal(records: ActivityInput[]): void {
    const over = this.journalOverride;
    const kept = over
      ? records.flatMap((r) => {
          if (r.entryId && over.seen.has(r.entryId)) return [];
          if (r.entryId) over.seen.add(r.entryId);
          return [{ ...r, action: over.action, detail: null }];
        })
      : records;
    appendActivity(this.db, this.sodium, this.need().keys, this.vaultId, kept);
  }

  /**
   * Sync's one write: entries merged from other devices, whole and with their own ids, plus
   * sync's state, in one transaction. `expected` is each entry's updatedAt as sync read it
   * (null: it was absent); if the disk differs, another process wrote meanwhile and nothing is
   * written (BUSY: sync reads again and retries). A null secret keeps the stored one.
   */
  putSynced(upserts: { overview: EntryOverview; secret: string | null; expected: string | null }[], removals: { id: string; expected: string }[], state: Uint8Array | null): void {
    const { keys } = this.need();
    const moved = () => new VaultError('BUSY', 'Another Token Vault process changed the vault during the sync; it will be tried again.');
    const tags = new Map<string, string | null>();
    try {
      guarded(() =>
        this.writeTransaction(() => {
          const updatedOnDisk = (id: string) => (this.db.prepare('SELECT updated_at FROM entries WHERE id = ?').get(id) as { updated_at: number } | undefined)?.updated_at ?? null;
          for (const { id, expected } of removals) {
            if (updatedOnDisk(id) !== Date.parse(expected)) throw moved();
            this.db.prepare('DELETE FROM old_secrets WHERE entry_id = ?').run(id);
            this.db.prepare('DELETE FROM entries WHERE id = ?').run(id);
          }
          for (const { overview, secret, expected } of upserts) {
            if (updatedOnDisk(overview.id) !== (expected === null ? null : Date.parse(expected))) throw moved();
            const stored = expected === null ? undefined : this.readRow(overview.id);
            if (secret === null && !stored) throw moved();
            const kept = secret === null ? openOverview(this.sodium, keys, this.vaultId, stored!, this.legacy) : null;
            const fresh = kept ? null : sealNewSecret(keys, this.vaultId, overview.id, secret!);
            const version = kept ? kept.secretVersion : fresh!.version;
            const tag = kept ? kept.secretTag : secretTag(keys, secret!);
            tags.set(overview.id, tag);
            const row = overviewRow(this.sodium, keys, this.vaultId, overview, version, tag);
            const sealedSecret = fresh ? fresh.sealed : stored!.secret;
            this.db
              .prepare('INSERT INTO entries(id, name_tag, overview, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name_tag = excluded.name_tag, overview = excluded.overview, secret = excluded.secret, created_at = excluded.created_at, updated_at = excluded.updated_at')
              .run(overview.id, row.nameTag, row.sealed, sealedSecret, row.createdAt, row.updatedAt);
          }
          writeSyncBlob(this.db, this.sodium, keys, this.vaultId, state);
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw moved();
      throw error;
    }
    for (const { id } of removals) this.forget(id);
    for (const { overview } of upserts) this.remember(overview, tags.get(overview.id) ?? null);
  }

  /**
   * Records that a secret left the vault (see release-log.ts), and in a team copy's journal too.
   * 'merged': a release another device made, which sync copies in; it is not this person's act.
   */
  logRelease(record: ReleaseRecord, origin: 'here' | 'merged' = 'here'): void {
    const { keys } = this.need();
    guarded(() =>
      this.writeTransaction(() => {
        appendRelease(this.db, this.sodium, keys.entryKey, this.vaultId, record);
        const act = origin === 'here' ? activityOfRelease(record) : null;
        if (act) this.journal([{ ...act, at: record.at }]);
      }),
    );
  }

  releases(limit = 100): ReleaseRecord[] {
    const { keys } = this.need();
    return readReleases(this.db, this.sodium, keys.entryKey, this.vaultId, limit);
  }

  private need(): Unlocked {
    if (!this.unlocked) throw locked();
    return this.unlocked;
  }

  /**
   * Another process (the CLI beside the app) may have written: then cached overviews are stale.
   * data_version moves only for other connections' commits, so our own writes keep the cache.
   */
  private refreshIfChanged(): void {
    const version = guarded(() => this.db.pragma('data_version', { simple: true }) as number);
    if (version !== this.dataVersion) {
      try {
        guarded(() => this.assertKeyCurrent());
      } catch (error) {
        if (!(error instanceof StaleKey)) throw error;
        throw this.lockBecause(error.said);
      }
      this.cache.clear();
      this.secretTags.clear();
      this.cacheComplete = false;
      this.settingsCache = null;
      this.dataVersion = version;
    }
  }
}

/** A fresh vault key, off V8's heap (sodium-raw.ts offHeap), from Node's CSPRNG. */
function drawVaultKeyOnly(): { vaultKey: Uint8Array } {
  return { vaultKey: randomFillSync(offHeap(32)) };
}

/** The header's real parameters and wrapped key, over create's stand-in, in one transaction. */
function writeHeaderAt(file: string, text: string, wrapped: Uint8Array): void {
  const db = guarded(() => new Database(file, { fileMustExist: true }));
  try {
    db.pragma('secure_delete = ON');
    db.transaction(() => writeHeader(db, text, wrapped)).immediate();
  } finally {
    db.close();
  }
}

/** Nothing this version writes is below the floor, whatever a caller asks for. */
function kdfAtFloor(params: Omit<KdfParams, 'salt'>): Omit<KdfParams, 'salt'> {
  if (!meetsFloor(params)) throw new Error('Key derivation parameters below 2 passes at 64 MiB are never written.');
  return params;
}

/** Thrown inside a transaction (so it rolls back) when another process re-keyed or restored the vault. */
class StaleKey extends Error {
  constructor(readonly said: VaultError) {
    super(said.message);
  }
}

/** The mark restore.ts leaves in every vault it installs; null in a vault never restored over. */
function readRestoreMark(db: Database.Database): string | null {
  const row = db.prepare(`SELECT value FROM meta WHERE key = '${RESTORE_MARK}'`).get() as { value: unknown } | undefined;
  return typeof row?.value === 'string' ? row.value : null;
}

function restoredElsewhere(): VaultError {
  return new VaultError('LOCKED', 'The vault was restored by another Token Vault process; unlock it again.');
}

/** Equal secrets, compared as SHA-256 digests in constant time (for a row without a tag). */
function sameDigest(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyChangedElsewhere(): VaultError {
  return new VaultError('LOCKED', 'The vault was changed by another Token Vault process (a password change or a restore); nothing was written. Unlock it again.');
}
