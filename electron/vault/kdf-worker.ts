// Argon2id in a worker thread that ends when it is done. In the main thread, libsodium's WASM
// memory would grow to the KDF's memory (256 MiB and more) and never shrink again — in the
// app and in every agent, for as long as they run. A worker's WASM memory goes with the
// worker. The password goes in and the key comes out through SharedArrayBuffers, which the
// caller zeroes; the worker zeroes its own copies before it ends.
//
// The worker's code is a string (eval), so the CLI bundle, the Electron build and tsx need no
// separate worker file; libsodium is required by the absolute path resolved here.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const { password, out, salt, opsLimit, memLimitBytes } = workerData;
  const input = new Uint8Array(password.length);
  input.set(password);
  const started = performance.now();
  let key;
  try {
    key = sodium.crypto_pwhash(out.length, input, salt, opsLimit, memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    out.set(key);
    parentPort.postMessage({ ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  } finally {
    input.fill(0);
    if (key) key.fill(0);
  }
}, (error) => parentPort.postMessage({ error: String(error && error.message || error) }));
`;

let sodiumPath: string | null | undefined;

/** Where a worker can require libsodium from, or null where it is not a file (bundled into the packaged app). */
export function workerSodiumPath(): string | null {
  if (sodiumPath === undefined) {
    try {
      sodiumPath = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');
    } catch {
      sodiumPath = null;
    }
  }
  return sodiumPath;
}

export interface WorkerKdfInput {
  password: Uint8Array;
  salt: Uint8Array;
  opsLimit: number;
  memLimitBytes: number;
  keyBytes: number;
}

/** Runs crypto_pwhash in a fresh worker; `into` receives the key. Resolves with Argon2's own time. */
export function pwhashInWorker(sodiumPath: string, input: WorkerKdfInput, into: Uint8Array): Promise<number> {
  const password = new Uint8Array(new SharedArrayBuffer(input.password.length));
  password.set(input.password);
  const out = new Uint8Array(new SharedArrayBuffer(input.keyBytes));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { sodiumPath, password, out, salt: input.salt, opsLimit: input.opsLimit, memLimitBytes: input.memLimitBytes },
    // No inherited loaders or flags: the worker needs libsodium and nothing else.
    execArgv: [],
    env: {},
  });
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, ms = 0) => {
      if (settled) return;
      settled = true;
      password.fill(0);
      if (!error) into.set(out);
      out.fill(0);
      void worker.terminate();
      if (error) reject(error);
      else resolve(ms);
    };
    worker.once('message', (message: { ms?: number; error?: string }) => finish(message.error ? new Error(message.error) : null, message.ms));
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => finish(new Error(`the key derivation worker stopped (${code})`)));
  });
}
