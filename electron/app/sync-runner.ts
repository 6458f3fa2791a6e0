// What keeps an unlocked app (or headless agent) in step without anyone pressing a button:
//  - a change watch: the vault's revision (SQLite's data_version plus this connection's own
//    commits) is polled; when it moves, the window is told to load its list again — the CLI,
//    the agent or a sync wrote — and a sync is due once the changes have settled (debounced);
//  - a timer: a sync every `intervalMs`, and one at unlock, to take in the other devices'.
// Nothing here touches the session as activity (session.peek), so auto-lock still locks.
// A change-triggered sync runs only when this vault holds changes not yet synced: two
// processes syncing one vault would otherwise wake each other up for ever. A team copy is synced
// the same way, through the team layer (every member's signature checked), until its owner is
// removed from the team; what that sync says beyond counts (a changed key, a refused replica)
// goes to the window as a teamSynced event.
import { ServiceError } from './errors';
import type { SyncState } from '../api';
import { loadLocal } from '../sync/engine';
import { isSyncError } from '../sync/errors';
import { RACE_PREFIX } from '../sync/password-race';
import { syncVault, type SyncRun } from '../sync/run';
import { syncStatus } from '../sync/status';
import { isTeamError } from '../team/errors';
import { readTeam } from '../team/team-state';
import { teamSync } from '../team/team-sync';
import { VaultError } from '../vault/errors';
import type { Vault } from '../vault/vault';
import type { EmitPort } from './ports';
import type { VaultSession } from './session';
import { noticeOf } from './team-notice';

export interface SyncTiming {
  /** A sync this often while unlocked (default 2 minutes). */
  intervalMs?: number;
  /** After a change, wait this long for more before syncing (default 2 s). */
  debounceMs?: number;
  /** How often the change watch looks (default 1 s); 0: never by itself (tests call tick()). */
  pollMs?: number;
}

const DEFAULTS = { intervalMs: 2 * 60_000, debounceMs: 2_000, pollMs: 1_000 };

export class SyncRunner {
  private readonly timing: Required<SyncTiming>;
  private interval: ReturnType<typeof setInterval> | null = null;
  private watched: Vault | null = null;
  private revision = '';
  private changedAt: number | null = null;
  private nextTimed = 0;
  private running: Promise<SyncRun | null> | null = null;
  /** The last sync's failure that is not in the vault's own record (another process syncing, an unexpected error). */
  private lastError: string | null = null;
  /**
   * The place's refusal in the last run when the vault's own record says otherwise: the engine
   * records a sync before it pushes, so a remote that rejects the push is known only here.
   */
  private placeProblem: string | null = null;
  private ticking = false;
  /** Restores under way: the file is being replaced under the open vault, which must not be read meanwhile. */
  private holds = 0;

  constructor(
    private readonly session: VaultSession,
    private readonly emit: EmitPort,
    timing: SyncTiming = {},
  ) {
    this.timing = { ...DEFAULTS, ...timing };
  }

  start(): void {
    if (this.interval || this.timing.pollMs <= 0) return;
    this.interval = setInterval(() => void this.tick(), this.timing.pollMs);
    this.interval.unref?.();
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * Stands still until the returned release is called, after any sync under way: a restore
   * replaces the file under the open vault, and any read of it meanwhile (a sync, the list the
   * window would reload on a change) would find it replaced and lock the app.
   */
  async hold(): Promise<() => void> {
    this.holds++;
    await this.running?.catch(() => undefined);
    let released = false;
    return () => {
      if (!released) this.holds--;
      released = true;
    };
  }

  /** One look: the change watch, then a sync if one is due. Safe to call at any time. */
  async tick(now = Date.now()): Promise<void> {
    if (this.ticking || this.holds > 0) return;
    this.ticking = true;
    try {
      const vault = this.session.peek();
      if (!vault) {
        this.watched = null;
        return;
      }
      if (vault !== this.watched) {
        // Just unlocked (or another vault): sync once now, then on the timer.
        this.watched = vault;
        this.revision = revisionOf(vault);
        this.changedAt = null;
        this.nextTimed = now;
        this.lastError = null;
        this.placeProblem = null;
      } else {
        const revision = revisionOf(vault);
        if (revision !== this.revision) {
          this.revision = revision;
          this.changedAt = now;
          this.emit('entriesChanged', { by: 'elsewhere' });
        }
      }
      if (this.running) return;
      const timed = now >= this.nextTimed;
      const settled = this.changedAt !== null && now - this.changedAt >= this.timing.debounceMs;
      if (!timed && !settled) return;
      const local = safely(() => loadLocal(vault));
      if (!local || local.paused || removedFromTeam(vault)) {
        this.changedAt = null;
        this.nextTimed = now + this.timing.intervalMs;
        return;
      }
      if (!timed && safely(() => syncStatus(vault).pending) === 0) {
        this.changedAt = null;
        return;
      }
      await this.run(vault).catch(() => undefined);
    } finally {
      this.ticking = false;
    }
  }

  /** A sync now (the Sync now button, setup, a new password): after one already running. Errors are thrown. */
  async syncNow(vault: Vault, options: { joining?: boolean } = {}): Promise<SyncRun> {
    if (isTeamCopy(vault)) throw new ServiceError('TEAM_COPY', TEAM_COPY);
    await this.running?.catch(() => undefined);
    const run = await this.run(vault, options);
    if (!run) throw new ServiceError('SYNC_FAILED', this.lastError ?? 'The sync did not finish; it is tried again later.');
    return run;
  }

  private run(vault: Vault, options: { joining?: boolean } = {}): Promise<SyncRun | null> {
    const work = (async () => {
      try {
        this.emit('syncState', this.stateOf(vault, true));
        const run = isTeamCopy(vault) ? await this.teamRun(vault) : await syncVault(vault, options);
        this.lastError = null;
        this.placeProblem = run.offline;
        if (run.added.length || run.changed.length || run.removed.length) this.emit('entriesChanged', { by: 'sync' });
        return run;
      } catch (error) {
        this.lastError = sentenceOf(error);
        if (isSyncError(error) || error instanceof VaultError || isTeamError(error)) return null;
        throw error;
      } finally {
        if (vault === this.session.peek()) {
          // Our own write is not a change to sync again.
          this.revision = revisionOf(vault);
          this.changedAt = null;
          this.nextTimed = Date.now() + this.timing.intervalMs;
          const state = safely(() => this.stateOf(vault, false));
          if (state) this.emit('syncState', state);
        }
      }
    })();
    this.running = work;
    void work.finally(() => {
      if (this.running === work) this.running = null;
    }).catch(() => undefined);
    return work;
  }

  private async teamRun(vault: Vault): Promise<SyncRun> {
    const report = await teamSync(vault);
    this.emit('teamSynced', noticeOf(report));
    return { ...report, renewed: false };
  }

  /** Where sync stands, in the contract's words; `syncing` while a run is under way. */
  stateOf(vault: Vault, syncing = this.running !== null): SyncState {
    const status = syncStatus(vault);
    const base = { place: status.place, device: status.device, lastSync: status.lastSync, pending: status.pending, paused: status.paused, needsPassword: status.needsPassword, refused: status.refused.slice(0, 100) };
    if (!status.syncing) return { ...base, state: 'off', message: 'This vault does not sync.' };
    const removed = removedFromTeam(vault);
    if (removed) return { ...base, state: 'off', message: removed };
    if (syncing) return { ...base, state: 'syncing', message: 'Syncing…' };
    if (status.paused) return { ...base, state: 'paused', message: 'Sync is paused: changes here wait, and nothing comes in, until you resume it.' };
    if (status.needsPassword) {
      // Two devices changed it at once: the sentence names the device whose password sync keeps.
      const race = status.lastSync?.message.startsWith(RACE_PREFIX) ? status.lastSync.message : null;
      return { ...base, state: 'needs-password', message: race ?? 'Another device changed the master password: give the new one here to sync with it. Your changes here are kept meanwhile.' };
    }
    if (this.lastError) return { ...base, state: 'error', message: this.lastError };
    if (status.refused.length) return { ...base, state: 'refused', message: status.refused[0]! };
    if (this.placeProblem) return { ...base, state: 'offline', message: this.placeProblem };
    if (!status.lastSync) return { ...base, state: 'never', message: 'Not synced yet.' };
    if (!status.lastSync.ok) return { ...base, state: 'offline', message: status.lastSync.message };
    return { ...base, state: 'synced', message: status.lastSync.message };
  }
}

export const TEAM_COPY = 'This vault is a team vault: it syncs with the team by itself (after a change, and every few minutes) and under Team → Sync with the team (or "tokenvault team sync"), checking every member\'s signature.';

/** Why a team copy syncs no more (its owner was removed from the team); null for any other vault. */
function removedFromTeam(vault: Vault): string | null {
  const team = safely(() => readTeam(vault));
  return team?.removedMe ? `You were removed from team "${team.teamName}" by ${team.removedMe.by}: this copy no longer syncs.` : null;
}

/** A team copy syncs only through the team layer (electron/team), which checks what sync's engine alone would not. */
export function isTeamCopy(vault: Vault): boolean {
  return safely(() => vault.readPrivate('team_state')) !== null;
}

function revisionOf(vault: Vault): string {
  try {
    return vault.revision();
  } catch {
    return '';
  }
}

function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** Sync's and the vault's sentences are written for the user; anything else may carry internals. */
function sentenceOf(error: unknown): string {
  if (isSyncError(error) || error instanceof VaultError || error instanceof ServiceError || isTeamError(error)) return error.message;
  return 'The sync failed unexpectedly; nothing was lost, and it is tried again later.';
}
