// Copy and reveal: the only two ways a secret leaves the vault at the app's request. Copy goes
// main → clipboard and is cleared after the configured time if the clipboard still holds it;
// the renderer learns only when. Reveal hands the secret to the renderer for a few seconds.
import type { ClipboardPort, EmitPort } from './ports';

export const REVEAL_SECONDS = 10;

interface PendingClear {
  timer: ReturnType<typeof setTimeout>;
  secret: string;
  entryId: string;
}

export class ClipboardGuard {
  private pending: PendingClear | null = null;
  /** Secrets whose clipboard write failed: not known to be there, cleared on lock and quit if they are. */
  private readonly failedWrites = new Set<string>();
  /** Secrets shown by reveal (they may sit in Linux's PRIMARY selection), with their clear timers. */
  private readonly revealed = new Map<string, ReturnType<typeof setTimeout> | null>();

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly emit: EmitPort,
  ) {}

  async copy(entryId: string, secret: string, clearAfterSeconds: number): Promise<void> {
    try {
      await this.clipboard.writeSecret(secret);
    } catch (error) {
      // The previous copy stays pending, so it is still cleared on time, on lock and on quit;
      // the failed write may have landed anyway, so its secret is cleared then too.
      this.failedWrites.add(secret);
      throw error;
    }
    // A new copy replaces the old one; its timer must not clear the new secret early.
    this.cancel();
    this.failedWrites.clear();
    if (clearAfterSeconds <= 0) return;
    const timer = setTimeout(() => void this.clearNow(), clearAfterSeconds * 1000);
    timer.unref?.();
    this.pending = { timer, secret, entryId };
  }

  /**
   * A secret was revealed: selecting it with the mouse puts it in the PRIMARY selection, which
   * is cleared like the clipboard — after the same delay, on lock and on quit — if it still holds it.
   */
  watchReveal(secret: string, clearAfterSeconds: number): void {
    if (!this.clipboard.clearSelectionIfUnchanged) return;
    const earlier = this.revealed.get(secret);
    if (earlier) clearTimeout(earlier);
    const timer = clearAfterSeconds > 0 ? setTimeout(() => void this.clearSelection(secret), clearAfterSeconds * 1000) : null;
    timer?.unref?.();
    this.revealed.set(secret, timer);
  }

  private async clearSelection(secret: string): Promise<void> {
    const timer = this.revealed.get(secret);
    if (timer) clearTimeout(timer);
    this.revealed.delete(secret);
    await this.clipboard.clearSelectionIfUnchanged?.(secret);
  }

  /** Clears now if the clipboard (or the selection) still holds what we copied or revealed (on lock and on quit, too). */
  async clearNow(): Promise<void> {
    for (const secret of [...this.revealed.keys()]) await this.clearSelection(secret);
    for (const secret of [...this.failedWrites]) {
      this.failedWrites.delete(secret);
      await this.clipboard.clearIfUnchanged(secret);
    }
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = null;
    await this.clipboard.clearIfUnchanged(pending.secret);
    this.emit('clipboardCleared', { id: pending.entryId });
  }

  private cancel(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }
}
