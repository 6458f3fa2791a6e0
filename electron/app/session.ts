// The one open vault of a running app: create, unlock, lock, and the idle auto-lock timer.
// Every service asks the session for the unlocked vault; when it is locked they get the
// vault's own LOCKED error. Locking drops the Vault object so its keys are wiped.
import { existsSync } from 'node:fs';
import type { VaultStatus } from '../api';
import type { KdfParams } from '../vault/kdf';
import { locked } from '../vault/errors';
import { type PasswordChange, Vault } from '../vault/vault';
import { vaultLabel, type VaultLabel } from '../vault/vault-label';
import { timeStep } from '../vault/step-timing';
import type { EmitPort } from './ports';

/** How long before an idle lock the window is warned. */
export const WARN_BEFORE_MS = 60_000;

export type LockReason = 'manual' | 'idle' | 'suspend' | 'screen-lock' | 'restore' | 'elsewhere';

export interface SessionOptions {
  vaultPath: string;
  /** Fixed KDF parameters (tests, E2E); otherwise the vault calibrates on create. */
  kdf?: Omit<KdfParams, 'salt'>;
  emit: EmitPort;
  /** Runs just before the keys go on every lock (idle, manual, suspend…): seal or forget what depends on them. */
  beforeLock?: (vault: Vault) => void;
  /** Runs once the vault is unlocked (create, unlock, the reopen after a restore): settings kept on this computer. */
  prepare?: (vault: Vault) => void;
  /** While locked: the name and colour this computer last saw the vault at `path` unlocked with (recent-vaults.ts). */
  lockedLabel?: (path: string) => VaultLabel | null;
}

export class VaultSession {
  private vault: Vault | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Fires WARN_BEFORE_MS ahead of the idle lock: the window offers "Stay unlocked". */
  private warnTimer: ReturnType<typeof setTimeout> | null = null;
  /** `tokenvault unlock --minutes N`: this session's idle lock instead of the vault's setting, until it locks. */
  private idleMinutesOverride: number | null = null;

  constructor(private readonly options: SessionOptions) {}

  get path(): string {
    return this.options.vaultPath;
  }

  /** Never throws: asking where things stand must work even when the vault just found itself replaced. */
  status(): VaultStatus {
    let autoLockMinutes: number | null = null;
    let label: VaultLabel | null = null;
    try {
      if (this.vault?.isUnlocked) {
        const settings = this.vault.getSettings();
        autoLockMinutes = settings.autoLockMinutes;
        label = vaultLabel(this.options.vaultPath, settings);
      }
    } catch {
      // The vault locked itself (restored or re-keyed elsewhere) or cannot read its settings.
    }
    label ??= this.options.lockedLabel?.(this.options.vaultPath) ?? vaultLabel(this.options.vaultPath, null);
    return {
      exists: existsSync(this.options.vaultPath),
      unlocked: this.vault?.isUnlocked === true,
      path: this.options.vaultPath,
      autoLockMinutes: this.vault?.isUnlocked ? autoLockMinutes : null,
      name: label.name,
      colour: label.colour,
    };
  }

  async create(password: string): Promise<VaultStatus> {
    this.drop();
    this.vault = this.watch(await Vault.create(this.options.vaultPath, password, this.options.kdf ? { kdf: this.options.kdf } : {}));
    this.options.prepare?.(this.vault);
    this.touch();
    return this.status();
  }

  async unlock(password: string): Promise<VaultStatus> {
    return this.unlockBy((vault) => vault.unlock(password));
  }

  /** Quick unlock's way in (electron/quick-unlock/): the vault key sealed in memory, no password. */
  async unlockWithSealedKey(sealed: Uint8Array, wrappingKey: Uint8Array): Promise<VaultStatus> {
    return this.unlockBy((vault) => vault.unlockWithSealedKey(sealed, wrappingKey));
  }

  private async unlockBy(open: (vault: Vault) => Promise<unknown>): Promise<VaultStatus> {
    // A vault that locked itself (the file was restored or re-keyed elsewhere) remembers the old
    // file's counters: it is closed, and the file opened afresh.
    if (this.vault && !this.vault.isUnlocked) this.drop();
    const vault = this.vault ?? timeStep('open the vault file', () => Vault.open(this.options.vaultPath));
    try {
      await open(vault);
    } catch (error) {
      if (vault !== this.vault) vault.close();
      throw error;
    }
    this.vault = this.watch(vault);
    this.options.prepare?.(vault);
    this.touch();
    return this.status();
  }

  /** Locks and tells the renderer why; safe to call when already locked, and it always locks. */
  lock(reason: LockReason = 'manual'): VaultStatus {
    const wasUnlocked = this.vault?.isUnlocked === true;
    try {
      if (wasUnlocked && this.vault) this.options.beforeLock?.(this.vault);
    } finally {
      this.drop();
    }
    if (wasUnlocked) this.options.emit('locked', { reason });
    return this.status();
  }

  /**
   * When the vault finds the file replaced or re-keyed by another process it locks itself: the
   * session seals what depends on the keys, stops the idle timer and tells the window, as any lock.
   */
  private watch(vault: Vault): Vault {
    vault.onChangedElsewhere = () => {
      if (this.vault !== vault) return;
      try {
        this.options.beforeLock?.(vault);
      } catch {
        // Sealing the draft failed: it is dropped with the lock below; the lock must happen.
      }
      this.clearTimers();
      this.idleMinutesOverride = null;
      this.options.emit('locked', { reason: 'elsewhere' });
    };
    return vault;
  }

  /** The unlocked vault, or the vault's LOCKED error. Counts as activity for auto-lock. */
  unlocked(): Vault {
    if (!this.vault?.isUnlocked) throw locked();
    this.touch();
    return this.vault;
  }

  /**
   * The unlocked vault WITHOUT counting as activity, or null when locked: background work (the
   * change watch, timed syncs) must never keep the vault from locking itself when idle.
   */
  peek(): Vault | null {
    return this.vault?.isUnlocked ? this.vault : null;
  }

  /**
   * Changes the master password and re-keys the vault (see Vault.changePassword). Backups made
   * before `changedAt` still open with the old password: offer deleteBackupsMadeBefore().
   */
  async changePassword(current: string, next: string, beforeChange?: () => Promise<void>): Promise<PasswordChange> {
    const result = await this.unlocked().changePassword(current, next, { ...(this.options.kdf ? { kdf: this.options.kdf } : {}), ...(beforeChange ? { beforeChange } : {}) });
    this.touch();
    return result;
  }

  setIdleMinutes(minutes: number | null): void {
    this.idleMinutesOverride = minutes;
    this.touch();
  }

  get idleMinutes(): number | null {
    return this.idleMinutesOverride;
  }

  /** Restarts the idle timer from the override or the vault's autoLockMinutes (0 = never). */
  touch(): void {
    // Read before the running timer is cleared: if the settings cannot be read, the old timer
    // keeps running, so auto-lock never stops because of an error.
    const minutes = this.vault?.isUnlocked ? (this.idleMinutesOverride ?? this.vault.getSettings().autoLockMinutes) : 0;
    this.clearTimers();
    if (minutes > 0) {
      this.idleTimer = setTimeout(() => this.lock('idle'), minutes * 60_000);
      this.idleTimer.unref?.();
      // A minute's warning (half the time for a one-minute lock), so typing in a form is not lost to it.
      const warnMs = Math.min(WARN_BEFORE_MS, (minutes * 60_000) / 2);
      this.warnTimer = setTimeout(() => this.options.emit('lockSoon', { seconds: Math.round(warnMs / 1000) }), minutes * 60_000 - warnMs);
      this.warnTimer.unref?.();
    }
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.warnTimer) clearTimeout(this.warnTimer);
    this.idleTimer = null;
    this.warnTimer = null;
  }

  /**
   * After a restore installed a backup in place: opens it afresh with the backup's password and
   * swaps it in, so the window never sees a lock in between. If it cannot be opened the session
   * locks (and says so) and the error is thrown.
   */
  async reopen(password: string): Promise<VaultStatus> {
    const next = Vault.open(this.options.vaultPath);
    try {
      await next.unlock(password);
    } catch (error) {
      next.close();
      this.lock('restore');
      throw error;
    }
    const previous = this.vault;
    this.vault = this.watch(next);
    previous?.close();
    this.options.prepare?.(next);
    this.touch();
    return this.status();
  }

  /** Another vault file (a work vault, a personal one): the current one is locked and closed first. */
  switchTo(vaultPath: string): VaultStatus {
    this.lock('manual');
    this.drop();
    this.options.vaultPath = vaultPath;
    return this.status();
  }

  /** Locks (as lock() does) and closes the file; the next unlock reopens it. */
  close(): void {
    if (this.vault?.isUnlocked) this.options.beforeLock?.(this.vault);
    this.drop();
  }

  private drop(): void {
    this.clearTimers();
    this.idleMinutesOverride = null;
    if (this.vault) {
      try {
        this.vault.lock();
      } finally {
        this.vault.close();
        this.vault = null;
      }
    }
  }
}
