// Master password → key-encryption key, with Argon2id parameters calibrated on the machine
// that creates the vault and stored beside it (in clear: they are not secret).
import { randomFillSync } from 'node:crypto';
import { loadSodium, scrubFreedArgon2Memory, type Sodium } from './sodium';
import { copyBytes, offHeap } from './sodium-raw';
import { calibrateAndDeriveInWorker, KdfWorkerUnavailable, pwhashInWorker, type WorkerKdfInput } from './kdf-worker';
import { MAX_MEMORY_BYTES, MAX_OPS, MIN_MEMORY, MIN_OPS, paramsForTarget, paramsFromProbe, PREFERRED_MEMORY_BYTES, PROBE_MEMORY } from './kdf-params.mjs';

/** XChaCha20-Poly1305's key size: the key-encryption key wraps the vault key with it. */
const KEY_BYTES = 32;

export interface KdfParams {
  alg: 'argon2id13';
  opsLimit: number;
  memLimitBytes: number;
  salt: Uint8Array;
}

// The floor, the ranges and the calibration arithmetic: shared with the worker (kdf-params.mjs).
export { MIN_MEMORY, MIN_OPS, paramsFromProbe } from './kdf-params.mjs';
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

/**
 * A new vault's parameters and key in one worker, one run after the other (calibrateKdf's probe,
 * then the key at the parameters it gives): one worker start, and nothing asked of this thread
 * in between, so it can read and seal rows meanwhile. Explicit parameters skip the probe. The
 * key is returned outside V8's heap; the caller wipes it. Where the worker's file cannot be
 * loaded, the same two steps run here.
 */
export async function calibrateAndDerive(
  password: string,
  salt: Uint8Array,
  choice: { targetMs: number } | { params: Omit<KdfParams, 'salt'> },
): Promise<{ key: Uint8Array; params: Omit<KdfParams, 'salt'> }> {
  if ('params' in choice) return { key: (await deriveKeyOffThread(await loadSodium(), password, { ...choice.params, salt })).key, params: choice.params };
  const passwordBytes = copyBytes(new TextEncoder().encode(password));
  const key = offHeap(KEY_BYTES);
  try {
    argon2Runs += 2;
    try {
      return { key, params: await calibrateAndDeriveInWorker({ password: passwordBytes, salt, keyBytes: KEY_BYTES, targetMs: choice.targetMs }, key) };
    } catch (error) {
      if (!(error instanceof KdfWorkerUnavailable)) throw error;
    }
    const sodium = await loadSodium();
    const params = paramsFromProbe(probeHere(sodium), choice.targetMs);
    pwhashHere(sodium, { password: passwordBytes, salt, opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes, keyBytes: KEY_BYTES }, key);
    return { key, params };
  } catch (error) {
    key.fill(0);
    throw error;
  } finally {
    passwordBytes.fill(0);
  }
}

export function deriveKey(sodium: Sodium, password: string, params: KdfParams): Uint8Array {
  return deriveKeyTimed(sodium, password, params).key;
}

/**
 * Chooses passes and memory so one derivation takes about `targetMs` here: times one pass at
 * 64 MiB and scales it (kdf-params.mjs paramsFromProbe, which says why the result errs strong).
 * A new vault calibrates and derives in one worker instead (calibrateAndDerive).
 */
export async function calibrateKdf(sodium: Sodium, targetMs = DEFAULT_TARGET_MS): Promise<Omit<KdfParams, 'salt'>> {
  const probe = offHeap(32);
  argon2Runs += 1;
  const ms = await pwhashOffThread(sodium, probeInput(), probe);
  probe.fill(0);
  return paramsFromProbe(ms, targetMs);
}

/** The calibration probe: one pass at PROBE_MEMORY of a fixed word under a random salt. */
const probeInput = (): WorkerKdfInput => ({ password: new TextEncoder().encode('calibration'), salt: randomFillSync(new Uint8Array(16)), opsLimit: 1, memLimitBytes: PROBE_MEMORY, keyBytes: 32 });

/** The probe's time in this thread (calibrateAndDerive's fallback when the worker cannot load). */
function probeHere(sodium: Sodium): number {
  const probe = offHeap(32);
  const ms = pwhashHere(sodium, probeInput(), probe);
  probe.fill(0);
  return ms;
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
  const onePassAtPreferred = (tookMs / current.opsLimit) * (PREFERRED_MEMORY_BYTES / current.memLimitBytes);
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
    p.memLimitBytes <= MAX_MEMORY_BYTES &&
    p.salt.length === 16
  );
}
