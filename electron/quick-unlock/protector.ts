// What quick unlock needs from the operating system, as a port: the desktop app fills it with
// Electron's safeStorage (the OS keychain) and Touch ID or a native confirm
// (electron/desktop/quick-unlock-protector.ts); tests fill it with fakes. Nothing here is Electron.

export type QuickUnlockMethod = 'touch-id' | 'confirm';

export interface KeyProtector {
  /** A sentence saying why this computer cannot protect the key (no keyring on Linux…), or null when it can. */
  refusal(): Promise<string | null>;
  /** How the person at the keyboard is asked: Touch ID where the Mac offers it, a confirm elsewhere. */
  method(): QuickUnlockMethod;
  /** The key encrypted by the OS keychain's key. The caller wipes `key`; the result is all it keeps. */
  protect(key: Uint8Array): Promise<Uint8Array>;
  /** The key back from protect()'s result; the caller wipes it. Throws when the keychain refuses. */
  unprotect(blob: Uint8Array): Promise<Uint8Array>;
  /** Asks the person at the keyboard (Touch ID, or "Unlock without the master password?"); false when refused or cancelled. */
  confirm(reason: string): Promise<boolean>;
}

export class QuickUnlockError extends Error {
  override readonly name = 'QuickUnlockError';
  constructor(
    /** UNAVAILABLE: this computer cannot; ENDED: gone, the password is needed; REFUSED: the prompt said no, tries remain. */
    readonly code: 'QUICK_UNLOCK_UNAVAILABLE' | 'QUICK_UNLOCK_ENDED' | 'QUICK_UNLOCK_REFUSED',
    message: string,
  ) {
    super(message);
  }
}
