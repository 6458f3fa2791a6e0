// Master password → key-encryption key, with Argon2id parameters calibrated on the machine
// that creates the vault and stored beside it (in clear: they are not secret).
import { randomFillSync } from 'node:crypto';
import { scrubFreedArgon2Memory, type Sodium } from './sodium';
import { copyBytes, offHeap } from './sodium-raw';
import { KdfWorkerUnavailable, pwhashInWorker, type WorkerKdfInput } from './kdf-worker';

/** XChaCha20-Poly1305's key size: the key-encryption key wraps the vault key with it. */
const KEY_BYTES = 32;

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

/**
 * The key for a password, and how long Argon2 itself took (a timing of these parameters on
 * this machine, which a password change reuses instead of a probe). Derived in a worker that
 * ends (kdf-worker.ts): libsodium's memory in this thread never grows to Argon2's. The key is
 * returned outside V8's heap (it does not move); the caller wipes it.
 */
export async function deriveKeyOffThread(sodium: Sodium, password: string, params: KdfParams): Promise<{ key: Uint8Array; ms: number }> {
  // Bytes we can wipe (the string itself cannot be).
  const passwordBytes = copyBytes(new TextEncoder().encode(password));
  const key = offHeap(KEY_BYTES);
  try {
    const input = { password: passwordBytes, salt: params.salt, opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes, keyBytes: KEY_BYTES };
    argon2Runs += 1;
    const ms = await pwhashOffThread(sodium, input, key);
    return { key, ms };
  } catch (error) {
    key.fill(0);
    throw error;
  } finally {
    passwordBytes.fill(0);
  }
}

let argon2Runs = 0;

/** In a worker (kdf-worker.ts), or here when the worker's file cannot be loaded at all. */
async function pwhashOffThread(sodium: Sodium, input: WorkerKdfInput, into: Uint8Array): Promise<number> {
  try {
    return await pwhashInWorker(input, into);
  } catch (error) {
    if (!(error instanceof KdfWorkerUnavailable)) throw error;
    return pwhashHere(sodium, input, into);
  }
}

/** How many Argon2 runs this process has started, in a worker or here (a test counts them: a password change must cost one). */
export function argon2RunCount(): number {
  return argon2Runs;
}

/**
 * Argon2 in this thread (libsodium's crypto_pwhash), its freed memory scrubbed afterwards; this
 * thread's WASM memory then keeps Argon2's size. The fallback should the worker's file be
 * missing (a broken install: tests/integration/kdf-thread-bundle.test.ts checks the packaged
 * app's layout has it), and sync's synchronous setup.
 */
function pwhashHere(sodium: Sodium, input: WorkerKdfInput, into: Uint8Array): number {
  const started = performance.now();
  try {
    const key = sodium.crypto_pwhash(input.keyBytes, input.password, input.salt, input.opsLimit, input.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    into.set(key);
    sodium.memzero(key);
    return performance.now() - started;
  } finally {
    scrubFreedArgon2Memory(input.memLimitBytes);
  }
}

/**
 * In this thread, synchronously (sync's setup, which wraps its own key): Argon2's freed memory
 * is scrubbed afterwards, but this thread's WASM memory keeps Argon2's size. The vault itself
 * uses deriveKeyOffThread.
 */
export function deriveKeyTimed(sodium: Sodium, password: string, params: KdfParams): { key: Uint8Array; ms: number } {
  const passwordBytes = copyBytes(new TextEncoder().encode(password));
  const key = offHeap(KEY_BYTES);
  try {
    argon2Runs += 1;
    const ms = pwhashHere(sodium, { password: passwordBytes, salt: params.salt, opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes, keyBytes: KEY_BYTES }, key);
    return { key, ms };
  } finally {
    passwordBytes.fill(0);
  }
}

export function deriveKey(sodium: Sodium, password: string, params: KdfParams): Uint8Array {
  return deriveKeyTimed(sodium, password, params).key;
}

/**
 * Chooses passes and memory so one derivation takes about `targetMs` here. It times one pass
 * at 64 MiB and scales it to 256 MiB (Argon2's work is linear in its memory; measured here a
 * 256 MiB pass costs a little over four 64 MiB ones, so the scaled timing errs fast and the
 * parameters chosen err strong), takes the nearest whole number of passes, then scales memory
 * so the total lands on target (between 64 MiB and 1 GiB). A slow machine gets less memory,
 * never under 64 MiB, and never fewer than MIN_OPS passes (it then takes longer than the
 * target). The probe used to be a 256 MiB pass: a quarter of its CPU and page faults now.
 */
export async function calibrateKdf(sodium: Sodium, targetMs = DEFAULT_TARGET_MS): Promise<Omit<KdfParams, 'salt'>> {
  const probe = offHeap(32);
  const input = { password: new TextEncoder().encode('calibration'), salt: randomFillSync(new Uint8Array(16)), opsLimit: 1, memLimitBytes: PROBE_MEMORY, keyBytes: 32 };
  argon2Runs += 1;
  const ms = await pwhashOffThread(sodium, input, probe);
  probe.fill(0);
  return paramsFromProbe(ms, targetMs);
}

const PROBE_MEMORY = MIN_MEMORY;

/** Passes and memory for `targetMs`, given that one pass at PROBE_MEMORY took `probeMs` here. */
export function paramsFromProbe(probeMs: number, targetMs: number): Omit<KdfParams, 'salt'> {
  return paramsForTarget((probeMs * PREFERRED_MEMORY) / PROBE_MEMORY, targetMs);
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
