// Argon2id's passes and memory for a time budget, from one timed pass. Plain JavaScript because
// the key-derivation worker (kdf-thread.mjs, which runs without a TypeScript loader) chooses them
// too: a new vault's calibration probe and its key run in that one worker, one after the other,
// while the main thread reads and seals the rows. kdf.ts re-exports these for everything else.

const MiB = 1024 * 1024;
/** Never less memory than this, whatever the time budget: it is what makes guessing costly. */
export const MIN_MEMORY = 64 * MiB;
const PREFERRED_MEMORY = 256 * MiB;
const MAX_MEMORY = 1024 * MiB;
export const PREFERRED_MEMORY_BYTES = PREFERRED_MEMORY;
export const MAX_MEMORY_BYTES = MAX_MEMORY;
export const MAX_OPS = 20;
/**
 * The floor for anything this version writes: 2 passes at 64 MiB, libsodium's "interactive"
 * level (RFC 9106's second recommendation uses 3 at 64 MiB). Vaults made before the floor
 * (1 pass) still open, are reported, and are lifted by the next password change.
 */
export const MIN_OPS = 2;
/** The calibration probe: one pass at the floor's memory (a 256 MiB pass costs four times its CPU and page faults). */
export const PROBE_MEMORY = MIN_MEMORY;

/**
 * Passes and memory for `targetMs`, given that one pass at PROBE_MEMORY took `probeMs` here.
 * The timing is scaled to 256 MiB (Argon2's work is linear in its memory; measured here a
 * 256 MiB pass costs a little over four 64 MiB ones, so the scaled timing errs fast and the
 * parameters chosen err strong).
 */
export function paramsFromProbe(probeMs, targetMs) {
  return paramsForTarget((probeMs * PREFERRED_MEMORY) / PROBE_MEMORY, targetMs);
}

/**
 * Passes and memory for `targetMs`, given that one pass at 256 MiB took `onePassMs` here: the
 * nearest whole number of passes, then memory scaled so the total lands on target (between
 * 64 MiB and 1 GiB). A slow machine gets less memory, never under 64 MiB, and never fewer than
 * MIN_OPS passes (it then takes longer than the target).
 */
export function paramsForTarget(onePassMs, targetMs) {
  const pass = Math.max(1, onePassMs);
  const opsLimit = Math.min(MAX_OPS, Math.max(MIN_OPS, Math.round(targetMs / pass)));
  const scaled = (PREFERRED_MEMORY * targetMs) / (opsLimit * pass);
  const memLimitBytes = Math.min(MAX_MEMORY, Math.max(MIN_MEMORY, Math.floor(scaled / MiB) * MiB));
  return { alg: 'argon2id13', opsLimit, memLimitBytes };
}
