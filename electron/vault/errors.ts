// Errors are values with a code and one plain sentence for the person at the keyboard.
// They never carry a secret; callers map codes to exit statuses or UI states.

export type VaultErrorCode =
  | 'WRONG_PASSWORD'
  | 'DAMAGED'
  | 'NOT_A_VAULT'
  | 'NO_VAULT'
  | 'VAULT_EXISTS'
  | 'LOCKED'
  | 'NOT_FOUND'
  | 'NAME_TAKEN'
  /** The secret is already held by another token (AlreadyStored names it). */
  | 'ALREADY_STORED'
  | 'BUSY'
  | 'INVALID_INPUT'
  | 'IO'
  /** Work the user stopped (a KeePass database being opened). */
  | 'CANCELLED'
  /** A vault key (quick unlock's) that does not open this vault: another vault's, or an old one. */
  | 'KEY_REFUSED';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isVaultError = (e: unknown): e is VaultError => e instanceof VaultError;

/** The key did not unwrap: a wrong password, or a header changed by someone without the key (its checksum is unkeyed, so either looks the same). */
export const wrongPassword = () => new VaultError('WRONG_PASSWORD', "Wrong master password, or the vault's header was altered.");
export const damaged = (what = 'The vault') =>
  new VaultError('DAMAGED', `${what} is damaged or has been tampered with; nothing was changed.`);
export const locked = () => new VaultError('LOCKED', 'The vault is locked; unlock it first.');
export const busy = () =>
  new VaultError('BUSY', 'Another Token Vault process is writing to this vault; try again in a moment.');
export const notFound = (ref: string) => new VaultError('NOT_FOUND', `No token named or with id "${ref}" is in the vault.`);
/** The same sentence wherever the master password is refused as a token: the vault's fast check, the agent's slow one. */
export const masterPasswordRefused = (name: string) => new VaultError('INVALID_INPUT', `The secret given for "${name}" is the vault's master password, not a token; nothing was stored.`);

export const nameTaken = (name: string) => new VaultError('NAME_TAKEN', `There is already a token named "${name}"; choose another name.`);

/** A secret the vault already holds: names the token holding it (in the Trash or not), never the secret. */
export class AlreadyStored extends VaultError {
  constructor(
    readonly entryId: string,
    readonly entryName: string,
    readonly inTrash: boolean,
  ) {
    super('ALREADY_STORED', inTrash ? `That token is already in the Trash as "${entryName}"; restore it from there instead; nothing was stored.` : `That token is already stored as "${entryName}"; nothing was stored.`);
  }
}
