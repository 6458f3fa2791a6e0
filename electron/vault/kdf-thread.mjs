// The worker thread that runs Argon2id for the vault's key (started by kdf-worker.ts, one per
// derivation; it ends when done, and its WebAssembly memory — 64 MiB and more — goes with it).
// Plain JavaScript so the same file runs from the sources (tests, tsx), the CLI (dist/kdf-thread.mjs)
// and the packaged app (kdf-thread.js beside main.js, hash-wasm bundled in: the app ships no node_modules for it).
// hash-wasm's Argon2id (RFC 9106, version 1.3) gives the same key as libsodium's crypto_pwhash for
// the same parameters (tests/unit/kdf-thread.test.ts), and loads in a few milliseconds where
// libsodium's WASM takes hundreds — time that every unlock would add to the KDF's.
// Given a targetMs instead of parameters (a new vault), it first times the calibration probe and
// chooses the parameters itself (kdf-params.mjs), so probe and key cost one worker, and the
// main thread is not needed between them.
import { parentPort, workerData } from 'node:worker_threads';
import { argon2id } from 'hash-wasm';
import { paramsFromProbe, PROBE_MEMORY } from './kdf-params.mjs';

/** One job: Argon2 for the password in the shared `password`, the key into the shared `out`. */
async function run({ password, out, salt, targetMs, opsLimit, memLimitBytes }) {
  const input = new Uint8Array(password.length);
  input.set(password);
  try {
    let params = { opsLimit, memLimitBytes };
    if (targetMs !== undefined) {
      const probe = await timed('calibration', crypto.getRandomValues(new Uint8Array(16)), 1, PROBE_MEMORY, 32);
      probe.key.fill(0);
      params = paramsFromProbe(probe.ms, targetMs);
    }
    const { key, ms } = await timed(input, salt, params.opsLimit, params.memLimitBytes, out.length);
    out.set(key);
    key.fill(0);
    parentPort.postMessage(targetMs === undefined ? { ms } : { ms, params });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  } finally {
    input.fill(0);
  }
}

/** Argon2's own time for one run, in milliseconds; `hashLength` bytes come back. */
async function timed(secret, runSalt, opsLimit, memLimitBytes, hashLength) {
  const started = performance.now();
  // libsodium's memlimit is in bytes, Argon2's m_cost in KiB (libsodium divides the same way).
  const key = await argon2id({ password: secret, salt: runSalt, parallelism: 1, iterations: opsLimit, memorySize: Math.floor(memLimitBytes / 1024), hashLength, outputType: 'binary' });
  return { key, ms: performance.now() - started };
}

let warmedUp;
try {
  // hash-wasm compiles its WebAssembly at the first call: a tiny run first, so the time reported
  // is Argon2's alone (calibration scales it by four: a fixed cost in it would weaken the result).
  await argon2id({ password: 'warm-up', salt: new Uint8Array(16), parallelism: 1, iterations: 1, memorySize: 8, hashLength: 32, outputType: 'binary' });
  warmedUp = true;
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error) });
}
// Started with its job (workerData), or ahead of it, while the unlock screen waits for the
// password (kdf-worker.ts: prewarmKdfWorker): then the job comes as the one message it takes,
// and it says it is ready first, so a started one that died is never handed a password.
if (warmedUp) {
  if (workerData && workerData.password) await run(workerData);
  else {
    parentPort.once('message', (job) => void run(job));
    parentPort.postMessage({ ready: true });
  }
}
