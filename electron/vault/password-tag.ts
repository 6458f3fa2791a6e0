// "Is this secret the master password?" while the vault is unlocked, without keeping the
// password: a keyed hash of it under a random key drawn at unlock, both wiped at lock. A piped
// `add` that took the password line for the token, or a password pasted where a token belongs,
// would otherwise be stored — and sent to GitLab and to git as if it were one.
// What it costs: someone who can read this process's memory while the vault is unlocked can
// test guesses of the password at the speed of a keyed BLAKE2b, not Argon2. The same reader has the
// vault key already, and (README, "Locking") the password string as typed may linger in the
// heap anyway; the tag goes at lock.
// The tag is a keyed BLAKE2b (libsodium's generichash, in its WASM memory, wiped after each
// use) rather than Node's HMAC: an import checks every one of 10,000 tokens against it, and a
// createHmac object per check was a sixth of the import's CPU time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { keyedHash } from './sodium-raw';

export class PasswordTag {
  private key: Buffer | null = null;
  private tag: Buffer | null = null;

  remember(password: string): void {
    this.forget();
    this.key = randomBytes(32);
    this.tag = this.digest(password, this.key);
  }

  /** Constant time for equal lengths of input (both sides are 32-byte digests); false when no password is known. */
  matches(candidate: string): boolean {
    if (!this.key || !this.tag) return false;
    const other = this.digest(candidate, this.key);
    try {
      return timingSafeEqual(other, this.tag);
    } finally {
      other.fill(0);
    }
  }

  forget(): void {
    this.key?.fill(0);
    this.tag?.fill(0);
    this.key = null;
    this.tag = null;
  }

  private digest(text: string, key: Buffer): Buffer {
    const tag = keyedHash(key, text, 32);
    return Buffer.from(tag.buffer, tag.byteOffset, tag.length);
  }
}
