// Quick unlock: after an unlock with the master password, the vault key is kept sealed (by the
// vault, under a fresh random key) in this process's memory, and that random key only as the OS
// keychain encrypted it. Lock wipes the open vault as always; a quick unlock then asks the
// person at the keyboard (Touch ID or a confirm), gets the random key back from the keychain
// and opens the vault with the sealed key. Nothing of it is ever written to disk, so a restart
// ends it; so do the time limit, three refused prompts, a password change, or turning it off.
import { randomFillSync } from 'node:crypto';
import { offHeap } from '../vault/sodium-raw';
import { type KeyProtector, type QuickUnlockMethod, QuickUnlockError } from './protector';

export const MAX_FAILURES = 3;
export const DEFAULT_HOURS = 8;

/** What quick unlock needs of an unlocked vault: to seal its key under ours (vault.ts sealKeyUnder). */
export interface SealableVault {
  sealKeyUnder(wrappingKey: Uint8Array): Uint8Array;
}

interface Armed {
  vaultPath: string;
  /** The vault key sealed under the random key (vault/quick-key.ts). */
  sealed: Uint8Array;
  /** The random key, as the keychain encrypted it. */
  protectedKey: Uint8Array;
  until: number;
  failures: number;
}

export type QuickUnlockOffer = { method: QuickUnlockMethod; until: string } | { ended: string } | null;

export class QuickUnlock {
  private armed: Armed | null = null;
  /** Why the last one ended, said once on the unlock screen; null when there is nothing to say. */
  private ended: string | null = null;

  constructor(
    private readonly protector: KeyProtector,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * After an unlock with the master password (or turning quick unlock on while unlocked): keeps
   * the vault's key sealed for `hours`. Throws QUICK_UNLOCK_UNAVAILABLE when the OS cannot protect it.
   */
  async arm(vaultPath: string, vault: SealableVault, hours: number): Promise<void> {
    this.forget(null);
    const refusal = await this.protector.refusal();
    if (refusal) throw new QuickUnlockError('QUICK_UNLOCK_UNAVAILABLE', refusal);
    // Node's CSPRNG, into a store outside V8's heap that is zeroed below (sodium-raw.ts offHeap).
    const wrappingKey = randomFillSync(offHeap(32));
    try {
      const sealed = vault.sealKeyUnder(wrappingKey);
      const protectedKey = await this.protector.protect(wrappingKey);
      this.armed = { vaultPath, sealed, protectedKey, until: this.now() + hours * 3_600_000, failures: 0 };
    } finally {
      wrappingKey.fill(0);
    }
  }

  /** What the unlock screen of `vaultPath` may offer: quick unlock, why it ended, or nothing. */
  offer(vaultPath: string): QuickUnlockOffer {
    this.expireIfDue();
    if (this.armed && this.armed.vaultPath === vaultPath) return { method: this.protector.method(), until: new Date(this.armed.until).toISOString() };
    return this.ended ? { ended: this.ended } : null;
  }

  /**
   * Asks the person at the keyboard, then opens the vault with the sealed key through `open`
   * (VaultSession.unlockWithSealedKey). A refused prompt or a keychain that will not give the
   * key back counts as a failure; the third ends it. A key the vault refuses ends it at once.
   */
  async unlock(vaultPath: string, open: (sealed: Uint8Array, wrappingKey: Uint8Array) => Promise<void>): Promise<void> {
    this.expireIfDue();
    const armed = this.armed;
    if (!armed || armed.vaultPath !== vaultPath) throw new QuickUnlockError('QUICK_UNLOCK_ENDED', this.ended ?? 'Quick unlock is not on for this vault; enter the master password.');
    const refusal = await this.protector.refusal();
    if (refusal) {
      this.forget(refusal);
      throw new QuickUnlockError('QUICK_UNLOCK_ENDED', refusal);
    }
    let wrappingKey: Uint8Array | null = null;
    if (await this.protector.confirm('unlock Token Vault')) {
      wrappingKey = await this.protector.unprotect(armed.protectedKey).catch(() => null);
    }
    // Forgotten while the prompt was up (locked by a restore, turned off, expired): nothing to open.
    if (this.armed !== armed) {
      wrappingKey?.fill(0);
      throw new QuickUnlockError('QUICK_UNLOCK_ENDED', this.ended ?? 'Quick unlock ended; enter the master password.');
    }
    if (!wrappingKey) throw this.failed(armed);
    try {
      await open(armed.sealed, wrappingKey);
      armed.failures = 0;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'KEY_REFUSED') this.forget((error as Error).message);
      throw error;
    } finally {
      wrappingKey.fill(0);
    }
  }

  private failed(armed: Armed): QuickUnlockError {
    armed.failures += 1;
    if (armed.failures >= MAX_FAILURES) {
      const said = `Quick unlock was refused ${MAX_FAILURES} times, so it is off until you unlock with the master password.`;
      this.forget(said);
      return new QuickUnlockError('QUICK_UNLOCK_ENDED', said);
    }
    const left = MAX_FAILURES - armed.failures;
    return new QuickUnlockError('QUICK_UNLOCK_REFUSED', `Quick unlock was not confirmed; ${left} more ${left === 1 ? 'try' : 'tries'} before the master password is needed.`);
  }

  private expireIfDue(): void {
    if (this.armed && this.now() >= this.armed.until) this.forget('Quick unlock ended after its time limit; enter the master password.');
  }

  /** Ends it and wipes what it kept; `said` is told on the unlock screen once (null: nothing to tell). */
  forget(said: string | null): void {
    if (this.armed) {
      this.armed.sealed.fill(0);
      this.armed.protectedKey.fill(0);
    }
    this.armed = null;
    this.ended = said;
  }

  get isArmed(): boolean {
    this.expireIfDue();
    return this.armed !== null;
  }
}
