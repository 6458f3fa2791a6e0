// The desktop glue for quick unlock (desktop/quick-unlock-protector.ts) against stand-ins shaped
// like Electron 45's safeStorage, systemPreferences and dialog: which prompt is used, when the
// OS is refused, and that the key survives the keychain round trip.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyProtector, type ProtectorDeps } from '../../electron/desktop/quick-unlock-protector';

function deps(over: { backend?: string; available?: boolean; touchId?: boolean; touchIdPasses?: boolean; dialogResponse?: number; platform?: NodeJS.Platform } = {}) {
  const asked: string[] = [];
  const d = {
    safeStorage: {
      isAsyncEncryptionAvailable: async () => over.available ?? true,
      getSelectedStorageBackend: () => (over.backend ?? 'gnome_libsecret') as ReturnType<ProtectorDeps['safeStorage']['getSelectedStorageBackend']>,
      encryptStringAsync: async (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x33)),
      decryptStringAsync: async (blob: Buffer) => ({ result: Buffer.from(blob.map((b) => b ^ 0x33)).toString('utf8'), shouldReEncrypt: false }),
    },
    systemPreferences: {
      canPromptTouchID: () => over.touchId ?? false,
      promptTouchID: async (reason: string) => {
        asked.push(`touch-id: ${reason}`);
        if (!(over.touchIdPasses ?? true)) throw new Error('cancelled');
      },
    },
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        asked.push(`dialog: ${(args.at(-1) as { message: string }).message}`);
        return { response: over.dialogResponse ?? 1, checkboxChecked: false };
      },
    },
    window: () => null,
    platform: over.platform ?? 'linux',
  } as unknown as ProtectorDeps;
  return { protector: createKeyProtector(d), asked };
}

describe('quick unlock on the desktop', () => {
  it('refuses on Linux without a keyring (safeStorage basic_text), saying so plainly', async () => {
    const { protector } = deps({ backend: 'basic_text' });
    expect(await protector.refusal()).toMatch(/needs a keyring \(GNOME Keyring or KWallet\).*none is running/);
  });

  it('refuses when the keychain cannot be used at all', async () => {
    expect(await deps({ platform: 'win32', available: false }).protector.refusal()).toMatch(/system keychain/);
  });

  it('accepts a Linux keyring, Windows and macOS', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) expect(await deps({ platform }).protector.refusal()).toBeNull();
  });

  it('the key comes back whole from the keychain, and what is kept is not the key', async () => {
    const { protector } = deps();
    const key = randomBytes(32);
    const blob = await protector.protect(Uint8Array.from(key));
    expect(Buffer.from(blob).indexOf(key.subarray(0, 16))).toBe(-1);
    expect(Buffer.from(blob).includes(key.toString('base64').slice(0, 16))).toBe(false);
    expect(Buffer.from(await protector.unprotect(blob))).toEqual(key);
  });

  it('asks with Touch ID on a Mac that offers it, and a failed touch is a refusal', async () => {
    const yes = deps({ platform: 'darwin', touchId: true });
    expect(yes.protector.method()).toBe('touch-id');
    expect(await yes.protector.confirm('unlock Token Vault')).toBe(true);
    expect(yes.asked).toEqual(['touch-id: unlock Token Vault']);
    expect(await deps({ platform: 'darwin', touchId: true, touchIdPasses: false }).protector.confirm('x')).toBe(false);
  });

  it('asks with a native dialog elsewhere (a Mac without Touch ID too); Cancel refuses', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { protector, asked } = deps({ platform });
      expect(protector.method()).toBe('confirm');
      expect(await protector.confirm('x')).toBe(true);
      expect(asked).toEqual(['dialog: Unlock Token Vault without the master password?']);
    }
    expect(await deps({ dialogResponse: 0 }).protector.confirm('x')).toBe(false);
  });
});
