// Master password → key-encryption key, with Argon2id parameters calibrated on the machine
// that creates the vault and stored beside it (in clear: they are not secret).
import { scrubFreedArgon2Memory, type Sodium } from './sodium';

export interface KdfParams {
  alg: 'argon2id13';
  opsLimit: number;
  memLimitBytes: number;
  salt: Uint8Array;
}

const MiB = 1024 * 1024;
/** Never less memory than this, whatever the time budget: it is what makes guessing costly. */
export const MIN_MEMORY = 64 * MiB;
const PREFERRED_MEMORY = 256 * MiB;
const MAX_MEMORY = 1024 * MiB;
const MAX_OPS = 20;
/**
 * The floor for anything this version writes: 2 passes at 64 MiB, libsodium's "interactive"
 * level (RFC 9106's second recommendation uses 3 at 64 MiB). Vaults made before the floor
 * (1 pass) still open, are reported, and are lifted by the next password change.
 */
export const MIN_OPS = 2;
export const DEFAULT_TARGET_MS = 1000;

/** The production minimum: what tests use so they stay fast without weakening the format. */
export const TEST_KDF: Omit<KdfParams, 'salt'> = { alg: 'argon2id13', opsLimit: MIN_OPS, memLimitBytes: MIN_MEMORY };

/** True when the parameters meet today's floor (MIN_OPS passes, MIN_MEMORY). */
export function meetsFloor(p: { opsLimit: number; memLimitBytes: number }): boolean {
  return p.opsLimit >= MIN_OPS && p.memLimitBytes >= MIN_MEMORY;
}

export function deriveKey(sodium: Sodium, password: string, params: KdfParams): Uint8Array {
  return deriveKeyTimed(sodium, password, params).key;
}

/**
 * deriveKey, and how long Argon2 itself took (the scrub after it not counted): a timing of the
 * vault's own parameters on this machine, which a password change reuses instead of a probe.
 */
export function deriveKeyTimed(sodium: Sodium, password: string, params: KdfParams): { key: Uint8Array; ms: number } {
  // Bytes we can wipe (the string itself cannot be), and Argon2's memory scrubbed afterwards.
  const passwordBytes = new TextEncoder().encode(password);
  try {
    const started = performance.now();
    const key = sodium.crypto_pwhash(
      sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
      passwordBytes,
      params.salt,
      params.opsLimit,
      params.memLimitBytes,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    return { key, ms: performance.now() - started };
  } finally {
    sodium.memzero(passwordBytes);
    scrubFreedArgon2Memory(params.memLimitBytes);
  }
}

/**
 * Chooses passes and memory so one derivation takes about `targetMs` here. It times one pass
 * at 256 MiB, takes the nearest whole number of passes, then scales memory so the total lands
 * on target (between 64 MiB and 1 GiB). A slow machine gets less memory, never under 64 MiB,
 * and never fewer than MIN_OPS passes (it then takes longer than the target).
 */
export function calibrateKdf(sodium: Sodium, targetMs = DEFAULT_TARGET_MS): Omit<KdfParams, 'salt'> {
  const probeSalt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const started = performance.now();
  sodium.crypto_pwhash(32, 'calibration', probeSalt, 1, PREFERRED_MEMORY, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return paramsForTarget(performance.now() - started, targetMs);
}

/** Passes and memory for `targetMs`, given that one pass at 256 MiB took `onePassMs` here. */
function paramsForTarget(onePassMs: number, targetMs: number): Omit<KdfParams, 'salt'> {
  const pass = Math.max(1, onePassMs);
  const opsLimit = Math.min(MAX_OPS, Math.max(MIN_OPS, Math.round(targetMs / pass)));
  const scaled = (PREFERRED_MEMORY * targetMs) / (opsLimit * pass);
  const memLimitBytes = Math.min(MAX_MEMORY, Math.max(MIN_MEMORY, Math.floor(scaled / MiB) * MiB));
  return { alg: 'argon2id13', opsLimit, memLimitBytes };
}

/**
 * The parameters for a password change, from how long the current ones just took here (the
 * unlock's or the password check's derivation, timed: no extra Argon2 run, no probe). They are
 * kept, under a new salt, unless they are below the floor or this machine now runs them in less
 * than half the target (a faster machine than the one that chose them, or a larger
 * --decryption-time): then they are scaled from that timing, as calibrateKdf would. Never
 * lowered: a loaded machine looks slow, and a password change must not weaken the vault.
 */
export function recalibrate(current: { opsLimit: number; memLimitBytes: number }, tookMs: number, targetMs = DEFAULT_TARGET_MS): Omit<KdfParams, 'salt'> {
  const kept: Omit<KdfParams, 'salt'> = { alg: 'argon2id13', opsLimit: current.opsLimit, memLimitBytes: current.memLimitBytes };
  const belowFloor = !meetsFloor(current);
  if (!belowFloor && tookMs >= targetMs / 2) return kept;
  // Argon2's time grows linearly with passes × memory.
  const onePassAtPreferred = (tookMs / current.opsLimit) * (PREFERRED_MEMORY / current.memLimitBytes);
  const scaled = paramsForTarget(onePassAtPreferred, targetMs);
  if (belowFloor) return scaled;
  return scaled.opsLimit * scaled.memLimitBytes > current.opsLimit * current.memLimitBytes ? scaled : kept;
}

/** Parameters read from a file are checked before they are spent: a hostile file could ask for 4 GiB. */
export function isSaneKdf(p: { opsLimit: number; memLimitBytes: number; salt: Uint8Array }): boolean {
  return (
    Number.isInteger(p.opsLimit) &&
    p.opsLimit >= 1 &&
    p.opsLimit <= MAX_OPS &&
    Number.isInteger(p.memLimitBytes) &&
    p.memLimitBytes >= MIN_MEMORY &&
    p.memLimitBytes <= MAX_MEMORY &&
    p.salt.length === 16
  );
}
