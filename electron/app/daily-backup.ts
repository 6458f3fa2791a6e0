// The app's daily backup, made after a password unlock has answered: a copy of the whole vault
// (hundreds of milliseconds of writing and fsync for 10,000 tokens, seconds on a slow disk) must
// not stand between the user and the rows. It starts once the window has had its first list
// (the main side is idle then) or after `waitMs` without one, one at a time.
//
// A lock, a vault switch or a restore while it runs closes the connection it copies from, which
// aborts it: the copy is written beside its final name and renamed only once whole (backups.ts),
// so there is then no file, never half of one, and nothing is said — no backup was made today,
// so the next unlock makes it. A folder that cannot take it is said once (the caller's warn).
import { maybeDailyBackup, tryBackup } from '../vault/backups';
import type { Vault } from '../vault/vault';

export interface DailyBackupDeps {
  /** The vault open and unlocked now, or null: the backup is made only of the vault it was due for. */
  current(): Vault | null;
  warn(warning: string): void;
  /** How long after the unlock it starts if the window never asks for the list. */
  waitMs: number;
  /** What makes it (maybeDailyBackup: at most one a day, if switched on); tests pass a slower one. */
  make?: (vault: Vault) => Promise<string | null>;
}

export class DailyBackupAfterUnlock {
  private due: { vault: Vault; timer: ReturnType<typeof setTimeout> } | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DailyBackupDeps) {}

  /** A password unlock answered: the day's backup is due, once the window has its rows. */
  schedule(vault: Vault): void {
    this.cancel();
    const timer = setTimeout(() => this.start(), this.deps.waitMs);
    timer.unref?.();
    this.due = { vault, timer };
  }

  /**
   * The window's list call has its answer: start after it has gone (setImmediate runs after the
   * answer's serialisation and the first write of it, which are this turn's microtasks).
   */
  listed(): void {
    if (this.due) setImmediate(() => this.start());
  }

  /** Makes a due backup now and waits for it (and one under way): the Backups screen lists it. */
  async settled(): Promise<void> {
    this.start();
    await this.running;
  }

  /** Forgets a backup not started yet (quit); one under way is aborted by the vault's close. */
  cancel(): void {
    if (this.due) clearTimeout(this.due.timer);
    this.due = null;
  }

  private start(): void {
    const due = this.due;
    if (!due) return;
    this.cancel();
    const make = this.deps.make ?? ((vault: Vault) => maybeDailyBackup(vault));
    // After any one still settling (an unlock, lock and unlock again in quick succession).
    this.running = this.running.then(async () => {
      if (this.deps.current() !== due.vault) return;
      const { warning } = await tryBackup(() => make(due.vault));
      // Locked or switched meanwhile: the abort is not the folder's fault, and the next unlock tries again.
      if (warning && this.deps.current() === due.vault) this.deps.warn(warning);
    });
  }
}
