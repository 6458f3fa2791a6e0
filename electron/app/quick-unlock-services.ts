// The contract's quick unlock calls, on top of electron/quick-unlock/: the setting (kept on this
// computer, off unless turned on), arming after each unlock with the master password, the
// unlock itself, and ending it when the master password changes.
import type { ApiServices } from '../ipc';
import { QuickUnlock } from '../quick-unlock/quick-unlock';
import { type KeyProtector, QuickUnlockError } from '../quick-unlock/protector';
import type { MachineSettings } from '../vault/machine-settings';
import type { VaultSession } from './session';

/** Where there is no OS keychain to ask (the browser preview without a fake, unit tests): refused. */
export const NO_PROTECTOR: KeyProtector = {
  refusal: () => Promise.resolve('Quick unlock needs the desktop app: this window cannot reach the system keychain.'),
  method: () => 'confirm',
  protect: () => Promise.reject(new Error('no keychain')),
  unprotect: () => Promise.reject(new Error('no keychain')),
  confirm: () => Promise.resolve(false),
};

type QuickUnlockApi = Pick<ApiServices, 'vaultQuickUnlock' | 'quickUnlockOffer' | 'quickUnlockSettings' | 'quickUnlockConfigure'>;

export interface QuickUnlockServices {
  api: QuickUnlockApi;
  /** After every unlock with the master password: arm it if turned on (a keychain that refuses only leaves it off). */
  afterPasswordUnlock(): Promise<void>;
  /** The master password changed: the kept key is the old one; the new password is needed next time. */
  afterPasswordChange(): void;
}

export function createQuickUnlockServices(deps: { session: VaultSession; machine: MachineSettings; protector: KeyProtector; now: () => Date }): QuickUnlockServices {
  const { session, machine, protector } = deps;
  const quick = new QuickUnlock(protector, () => deps.now().getTime());

  const view = async () => {
    const refusal = await protector.refusal();
    return { ...machine.quickUnlock(), method: refusal ? null : protector.method(), refusal };
  };

  return {
    api: {
      vaultQuickUnlock: async () => {
        await quick.unlock(session.path, async (sealed, key) => {
          await session.unlockWithSealedKey(sealed, key);
        });
        return session.status();
      },
      quickUnlockOffer: () => (session.status().unlocked ? null : quick.offer(session.path)),
      quickUnlockSettings: view,
      quickUnlockConfigure: async ({ enabled, hours }) => {
        const vault = session.unlocked();
        if (!enabled) {
          machine.setQuickUnlock({ enabled, hours });
          quick.forget(null);
          return view();
        }
        const refusal = await protector.refusal();
        if (refusal) throw new QuickUnlockError('QUICK_UNLOCK_UNAVAILABLE', refusal);
        // The window's time starts now: the person turning it on is at an unlocked vault.
        await quick.arm(session.path, vault, hours);
        machine.setQuickUnlock({ enabled, hours });
        return view();
      },
    },
    afterPasswordUnlock: async () => {
      const settings = machine.quickUnlock();
      const vault = session.peek();
      if (!settings.enabled || !vault) return quick.forget(null);
      try {
        await quick.arm(session.path, vault, settings.hours);
      } catch {
        // The keychain refused (locked keyring, no backend): quick unlock stays off; Settings says why.
        quick.forget(null);
      }
    },
    afterPasswordChange: () => quick.forget('Quick unlock ended because the master password was changed; enter the new one.'),
  };
}
