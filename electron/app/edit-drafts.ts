// An Edit left open when the vault locks: its unsaved fields are kept, so locking never throws
// work away. They are a token's overview fields (name, address, description, places of use…),
// which the vault keeps encrypted: while unlocked the draft is held here in clear like any
// opened overview; just before the keys go it is sealed under the vault key (as the wizard's
// pasted token is) and the clear copy dropped; after unlock it is opened again. Never a secret:
// Edit has no secret field. If the key changed meanwhile (a restore, a password change
// elsewhere) it cannot be opened and is forgotten.
import type { EditDraft } from '../api';
import type { Vault } from '../vault/vault';

const PURPOSE = 'edit-draft';

export class EditDrafts {
  private plain: EditDraft | null = null;
  private sealed: Uint8Array | null = null;

  save(draft: EditDraft): void {
    this.plain = draft;
    this.sealed = null;
  }

  /** The draft, opened again if a lock sealed it; null when there is none (or it could not be kept). */
  get(vault: Vault): EditDraft | null {
    this.unseal(vault);
    return this.plain;
  }

  /** Whether a draft waits, without opening it (the unlock screen may say so). */
  get waiting(): boolean {
    return this.plain !== null || this.sealed !== null;
  }

  discard(): void {
    this.plain = null;
    this.sealed = null;
  }

  /** Just before the vault locks. */
  lock(vault: Vault): void {
    if (!this.plain) return;
    this.sealed = vault.sealTransient(PURPOSE, JSON.stringify(this.plain));
    this.plain = null;
  }

  private unseal(vault: Vault): void {
    if (!this.sealed) return;
    const text = vault.openTransient(PURPOSE, this.sealed);
    this.sealed = null;
    this.plain = text === null ? null : (JSON.parse(text) as EditDraft);
  }
}
