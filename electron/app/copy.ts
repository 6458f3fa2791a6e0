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

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly emit: EmitPort,
  ) {}

  async copy(entryId: string, secret: string, clearAfterSeconds: number): Promise<void> {
    // A new copy replaces the old one; its timer must not clear the new secret early.
    this.cancel();
    await this.clipboard.writeSecret(secret);
    if (clearAfterSeconds <= 0) return;
    const timer = setTimeout(() => void this.clearNow(), clearAfterSeconds * 1000);
    timer.unref?.();
    this.pending = { timer, secret, entryId };
  }

  /** Clears now if the clipboard still holds what we copied (on lock and on quit, too). */
  async clearNow(): Promise<void> {
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
