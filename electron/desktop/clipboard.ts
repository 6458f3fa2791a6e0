// Copying a secret, the KeePassXC way: write it with the hints clipboard managers honour,
// clear it after a timeout only if the clipboard still holds it (the user may have copied
// something else since), and clear it on lock and on quit.
//
// Electron 45's clipboard is the W3C-style async API: write([ClipboardItem]) commits all
// formats of one item atomically, and `electron application/osclipboard;format="NAME"` writes
// a raw platform format. That is enough for every hint below, so no native helper is needed;
// see the README's Security section for what each platform does with them.
import { createHmac, randomBytes } from 'node:crypto';
import type { Clipboard, ClipboardItem as ElectronClipboardItem } from 'electron';

export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 20;

type ClipboardPayload = string | Blob;
type ClipboardItemConstructor = new (items: Record<string, ClipboardPayload>) => ElectronClipboardItem;

export interface SecretClipboardOptions {
  clipboard: Pick<Clipboard, 'write' | 'readText' | 'clear'>;
  ClipboardItem: ClipboardItemConstructor;
  platform: NodeJS.Platform;
  /** Seconds before the copied secret is cleared; 0 = only on lock and quit. Read per copy. */
  clearAfterSeconds?: () => number;
}

const rawFormat = (name: string) => `electron application/osclipboard;format="${name}"`;
/** A Windows DWORD 0: "no" for the clipboard-history and cloud-clipboard opt-outs. */
const dwordZero = () => new Blob([new Uint8Array(4)]);

/** The "do not keep this" markers for the platform's clipboard managers and history. */
export function passwordManagerHints(platform: NodeJS.Platform): Record<string, ClipboardPayload> {
  switch (platform) {
    case 'linux':
      // KDE Klipper and others that follow it skip entries carrying this format.
      return { [rawFormat('x-kde-passwordManagerHint')]: 'secret' };
    case 'darwin':
      // nspasteboard.org convention, honoured by Maccy, Alfred, Paste, Raycast, ...
      return { [rawFormat('org.nspasteboard.ConcealedType')]: 'secret' };
    case 'win32':
      return {
        // Windows clipboard history (Win+V) and cloud clipboard.
        [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [rawFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [rawFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    default:
      return {};
  }
}

export class SecretClipboard {
  private readonly options: SecretClipboardOptions;
  /** A keyed digest of what we last copied, never the secret itself, so "still ours?" can be asked. */
  private copied: { key: Buffer; digest: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: SecretClipboardOptions) {
    this.options = options;
  }

  /** Puts a secret on the clipboard, marked for clipboard managers, and schedules its clearing. */
  async copySecret(secret: string): Promise<void> {
    this.cancelTimer();
    const { ClipboardItem, platform } = this.options;
    await this.options.clipboard.write([new ClipboardItem({ 'text/plain': secret, ...passwordManagerHints(platform) })]);
    const key = randomBytes(32);
    this.copied = { key, digest: digest(key, secret) };
    const seconds = this.options.clearAfterSeconds?.() ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS;
    if (seconds > 0) {
      this.timer = setTimeout(() => void this.clearIfOurs(), seconds * 1000);
      // A pending clear must not keep a quitting process alive; quit clears explicitly.
      this.timer.unref?.();
    }
  }

  /** Whether the clipboard still holds the secret we copied last. */
  async holdsOurSecret(): Promise<boolean> {
    if (!this.copied) return false;
    const current = await this.options.clipboard.readText();
    return digest(this.copied.key, current) === this.copied.digest;
  }

  /**
   * Clears the clipboard if it still holds our secret (on timeout, lock and quit). Returns
   * whether it cleared. Anything the user copied since is left alone.
   */
  async clearIfOurs(): Promise<boolean> {
    this.cancelTimer();
    if (!this.copied) return false;
    const ours = await this.holdsOurSecret();
    this.copied = null;
    if (ours) this.options.clipboard.clear();
    return ours;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function digest(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}
