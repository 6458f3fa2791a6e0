// Quick unlock's OS side (electron/quick-unlock/protector.ts): the random key is encrypted by
// safeStorage, whose key the OS keychain holds (macOS Keychain, Windows DPAPI, the Secret
// Service or KWallet on Linux); the person is asked by Touch ID where the Mac offers it, by a
// native dialog elsewhere. Both asks happen here in main, so the page cannot skip them.
import type { BrowserWindow, Dialog, SafeStorage, SystemPreferences } from 'electron';
import { copyBytes } from '../vault/sodium-raw';
import type { KeyProtector } from '../quick-unlock/protector';

export interface ProtectorDeps {
  safeStorage: Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'>;
  systemPreferences: Pick<SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  window: () => BrowserWindow | null;
  platform: NodeJS.Platform;
}

export function createKeyProtector(deps: ProtectorDeps): KeyProtector {
  const touchId = () => deps.platform === 'darwin' && deps.systemPreferences.canPromptTouchID();
  return {
    refusal: async () => {
      // Without a keyring Chromium encrypts with a key written in its own code: no protection at all.
      if (deps.platform === 'linux' && ['basic_text', 'unknown'].includes(deps.safeStorage.getSelectedStorageBackend()))
        return 'Quick unlock needs a keyring (GNOME Keyring or KWallet) to protect its key, and none is running here; the master password is needed at every unlock.';
      if (!(await deps.safeStorage.isAsyncEncryptionAvailable())) return "Quick unlock needs the system keychain, which cannot be used right now; the master password is needed at every unlock.";
      return null;
    },
    method: () => (touchId() ? 'touch-id' : 'confirm'),
    // safeStorage takes strings: the key crosses as base64 read from a view, not a copied buffer.
    protect: async (key) => new Uint8Array(await deps.safeStorage.encryptStringAsync(Buffer.from(key.buffer, key.byteOffset, key.length).toString('base64'))),
    unprotect: async (blob) => {
      const { result } = await deps.safeStorage.decryptStringAsync(Buffer.from(blob));
      const decoded = Buffer.from(result, 'base64');
      const key = copyBytes(decoded);
      decoded.fill(0);
      if (key.length !== 32) throw new Error('The keychain gave back something else.');
      return key;
    },
    confirm: async (reason) => {
      if (touchId()) return deps.systemPreferences.promptTouchID(reason).then(() => true, () => false);
      const options = {
        type: 'question' as const,
        buttons: ['Cancel', 'Unlock'],
        defaultId: 1,
        cancelId: 0,
        noLink: true,
        title: 'Token Vault',
        message: 'Unlock Token Vault without the master password?',
        detail: 'Quick unlock is on for this computer. If you did not ask for this, choose Cancel.',
      };
      const parent = deps.window();
      const { response } = parent ? await deps.dialog.showMessageBox(parent, options) : await deps.dialog.showMessageBox(options);
      return response === 1;
    },
  };
}
