// Argon2id in a worker thread that ends when it is done. In the main thread, libsodium's WASM
// memory would grow to the KDF's memory (256 MiB and more) and never shrink again — in the
// app and in every agent, for as long as they run. A worker's WASM memory goes with the
// worker. The password goes in and the key comes out through SharedArrayBuffers, which the
// caller zeroes; the worker (kdf-thread.mjs) zeroes its own copies before it ends.
//
// The worker's file: kdf-thread.mjs beside this one when the sources run (tests, tsx); each
// bundle names its own copy at start (setKdfThreadFile): dist/kdf-thread.mjs beside the CLI,
// kdf-thread.js beside the app's main.js (vite.kdf-thread.config.ts), where hash-wasm is bundled
// in because the packaged app has no node_modules to load it from.
import { Worker } from 'node:worker_threads';
import type { Argon2Params } from './kdf-params.mjs';

// A name in a constant, not a literal: Vite would otherwise take `new URL('./x', import.meta.url)` for an asset to copy.
const SOURCE_FILE = './kdf-thread.mjs';
let threadFile: URL | null = null;

/** Set by each bundle's entry to its built worker; unset, the sources' kdf-thread.mjs runs. */
export function setKdfThreadFile(url: URL): void {
  threadFile = url;
}

export interface WorkerKdfInput {
  password: Uint8Array;
  salt: Uint8Array;
  opsLimit: number;
  memLimitBytes: number;
  keyBytes: number;
}

/** The worker's file could not be loaded (as opposed to failing while it worked): the caller may derive in its own thread instead. */
export class KdfWorkerUnavailable extends Error {}
const LOAD_FAILURES = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND', 'ERR_UNKNOWN_FILE_EXTENSION', 'ERR_UNSUPPORTED_ESM_URL_SCHEME', 'ERR_WORKER_PATH', 'ERR_WORKER_INIT_FAILED', 'ENOENT', 'ENOTDIR']);

/** Runs Argon2id in a fresh worker; `into` receives the key. Resolves with Argon2's own time. */
export async function pwhashInWorker(input: WorkerKdfInput, into: Uint8Array): Promise<number> {
  const { ms } = await runKdfThread(input.password, input.keyBytes, { salt: input.salt, opsLimit: input.opsLimit, memLimitBytes: input.memLimitBytes }, into);
  return ms;
}

/**
 * A new vault's calibration and key in one worker: it times one pass at the probe's memory,
 * chooses the parameters for `targetMs` (kdf-params.mjs, the same arithmetic as calibrateKdf)
 * and derives the key at them. Resolves with the parameters chosen; `into` receives the key.
 */
export async function calibrateAndDeriveInWorker(input: { password: Uint8Array; salt: Uint8Array; keyBytes: number; targetMs: number }, into: Uint8Array): Promise<Argon2Params> {
  const { params } = await runKdfThread(input.password, input.keyBytes, { salt: input.salt, targetMs: input.targetMs }, into);
  if (!params) throw new Error('the key derivation worker gave no parameters');
  return params;
}

/** How long a worker started ahead waits for its job before it is ended (started again at the next prewarm). */
const WARM_IDLE_MS = 5 * 60_000;

const workerOptions = (workerData: Record<string, unknown> | undefined) => ({
  ...(workerData ? { workerData } : {}),
  // No inherited loaders or flags: the worker needs hash-wasm and nothing else.
  execArgv: [],
  env: {},
  // It prints nothing. Left shared, Node would open this process's standard output and error
  // as streams to relay it, which switches those pipes to non-blocking mode for this process
  // and whatever shares them: a plain synchronous write then fails with EAGAIN.
  stdout: true,
  stderr: true,
});

/** A worker started ahead of a derivation, hash-wasm loaded and compiled; it holds nothing until it is given its job. */
let warm: { worker: Worker; ready: boolean; timer: ReturnType<typeof setTimeout> } | null = null;

/**
 * Starts the next derivation's worker now (the app, while its unlock screen waits for the
 * password), so the unlock pays for Argon2 alone and not for a thread's start and hash-wasm's
 * load and compilation too (tens of milliseconds on an idle machine, hundreds on a loaded one).
 * It holds no secret; it keeps the process from nothing (unref'd) and ends after WARM_IDLE_MS
 * unused. One at a time; a second call while one waits does nothing.
 */
export function prewarmKdfWorker(): void {
  if (warm) return;
  let worker: Worker;
  try {
    worker = new Worker(threadFile ?? new URL(SOURCE_FILE, import.meta.url), workerOptions(undefined));
  } catch {
    return; // The derivation will start its own (and fall back as it does).
  }
  worker.unref();
  const timer = setTimeout(() => void worker.terminate(), WARM_IDLE_MS);
  timer.unref?.();
  const entry = { worker, ready: false, timer };
  warm = entry;
  const drop = () => {
    clearTimeout(timer);
    if (warm === entry) warm = null;
  };
  worker.once('message', (message: { ready?: boolean }) => {
    if (message.ready) entry.ready = true;
    else {
      drop();
      void worker.terminate();
    }
  });
  worker.once('error', drop);
  worker.once('exit', drop);
}

/** Whether a worker started ahead is loaded and waiting for its job (for tests). */
export function kdfWorkerWaiting(): boolean {
  return warm?.ready === true;
}

/** The worker started ahead, if it is loaded and waiting; it is then the caller's. */
function takeWarmWorker(): Worker | null {
  const entry = warm;
  if (!entry?.ready) return null;
  warm = null;
  clearTimeout(entry.timer);
  entry.worker.ref();
  return entry.worker;
}

/** One worker run: the password in and the key out through SharedArrayBuffers, both zeroed here when it ends. */
function runKdfThread(passwordBytes: Uint8Array, keyBytes: number, job: Record<string, unknown>, into: Uint8Array): Promise<{ ms: number; params?: Argon2Params }> {
  const password = new Uint8Array(new SharedArrayBuffer(passwordBytes.length));
  password.set(passwordBytes);
  const out = new Uint8Array(new SharedArrayBuffer(keyBytes));
  let worker: Worker;
  const ready = takeWarmWorker();
  if (ready) {
    worker = ready;
    // Shared memory crosses by reference, as workerData's does: the same two buffers, zeroed below.
    worker.postMessage({ password, out, ...job });
  } else {
    try {
      worker = new Worker(threadFile ?? new URL(SOURCE_FILE, import.meta.url), workerOptions({ password, out, ...job }));
    } catch (error) {
      password.fill(0);
      return Promise.reject(new KdfWorkerUnavailable(String(error)));
    }
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, message: { ms?: number; params?: Argon2Params } = {}) => {
      if (settled) return;
      settled = true;
      password.fill(0);
      if (!error) into.set(out);
      out.fill(0);
      void worker.terminate();
      if (error) reject(error);
      else resolve({ ms: message.ms ?? 0, params: message.params });
    };
    worker.once('message', (message: { ms?: number; params?: Argon2Params; error?: string }) => finish(message.error ? new Error(message.error) : null, message));
    worker.once('error', (error: Error & { code?: string }) => finish(LOAD_FAILURES.has(error.code ?? '') ? new KdfWorkerUnavailable(error.message) : error));
    worker.once('exit', (code) => finish(new Error(`the key derivation worker stopped (${code})`)));
  });
}
