// Copying a secret, the KeePassXC way: write it with the hints clipboard managers honour, and
// clear it only if the clipboard still holds it (the user may have copied something else).
//
// Electron 45's clipboard is the W3C-style async API: write([ClipboardItem]) commits all
// formats of one item atomically, and `electron application/osclipboard;format="NAME"` writes
// a raw platform format. That is enough for every hint below, so no native helper is needed;
// see the README's Security section for what each platform does with them.
import type { Clipboard, ClipboardItem as ElectronClipboardItem } from 'electron';
import type { ClipboardPort } from '../app/ports';

type ClipboardPayload = string | Blob;
type ClipboardItemConstructor = new (items: Record<string, ClipboardPayload>) => ElectronClipboardItem;

type TextClipboard = Pick<Clipboard, 'readText' | 'clear'>;

export interface ClipboardPortOptions {
  /** Electron's clipboard; on Linux its `selection` is the PRIMARY selection (undefined elsewhere). */
  clipboard: Pick<Clipboard, 'write' | 'readText' | 'clear'> & { readonly selection?: TextClipboard | undefined };
  ClipboardItem: ClipboardItemConstructor;
  platform: NodeJS.Platform;
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

/**
 * The ClipboardPort of electron/app/ports.ts on Electron's clipboard. The timing (clear after
 * the configured seconds, on lock, on quit) lives in app/copy.ts's ClipboardGuard, which
 * calls this; this adapter does the two things only Electron can: write with the hints, and
 * clear only if the clipboard still holds what we wrote.
 */
export function createClipboardPort(options: ClipboardPortOptions): ClipboardPort {
  const { clipboard, ClipboardItem, platform } = options;
  /** Clears `target` only if it still holds `text`: the user may have put something else there since. */
  const clearHolding = async (target: TextClipboard, text: string) => {
    if ((await target.readText()) !== text) return false;
    target.clear();
    return true;
  };
  // PRIMARY is X11/Wayland's middle-click paste: selecting text fills it, no copy needed.
  const selection = platform === 'linux' ? clipboard.selection : undefined;
  const clearSelectionIfUnchanged = async (text: string) => (selection ? clearHolding(selection, text) : false);
  return {
    async writeSecret(text: string): Promise<void> {
      // One item, one atomic write: there is no moment where the secret is on the
      // clipboard without its "do not keep" hint.
      await clipboard.write([new ClipboardItem({ 'text/plain': text, ...passwordManagerHints(platform) })]);
    },
    async clearIfUnchanged(text: string): Promise<boolean> {
      // A copied secret may also have been selected with the mouse (after a reveal): clear both.
      const cleared = await clearHolding(clipboard, text);
      await clearSelectionIfUnchanged(text);
      return cleared;
    },
    clearSelectionIfUnchanged,
  };
}
