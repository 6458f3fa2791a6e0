// Runs a KeePass database's opening in a worker thread (kdbx-worker.ts), bounded and cancellable:
// the main thread stays free for auto-lock and the window, an abort ends the work at once
// (Worker.terminate), and a heap limit turns a memory bomb into a sentence, not a crash.
import { Worker } from 'node:worker_threads';
import { VaultError, type VaultErrorCode } from './errors';
import type { KdbxContents, KdbxCredentials } from './kdbx-reader';

/** The worker's JavaScript heap; a 256 MiB database of real entries needs a fraction of it. */
export const WORKER_HEAP_MIB = 1536;

let workerFile: URL | null = null;
let fallBack = false;

/**
 * Where the built worker is, set by each bundle's entry (dist/kdbx-worker.mjs beside the CLI,
 * kdbx-worker.js beside the app's main.js). Unset, the sources are running (tests, tsx) and
 * the TypeScript file is loaded through tsx. `fallBackToMainThread`: the packaged app's worker
 * loads from inside app.asar, which cannot be tried here (no Electron binary); should it fail
 * to start, the database is read on the main thread as before rather than not at all.
 */
export function setKdbxWorkerFile(url: URL, options: { fallBackToMainThread?: boolean } = {}): void {
  workerFile = url;
  fallBack = !!options.fallBackToMainThread;
}

function startWorker(job: { bytes: Uint8Array; name: string; credentials: KdbxCredentials }, heapMib: number): Worker {
  // stdout/stderr of its own: it prints nothing, and sharing ours would switch this process's
  // standard output and error pipes to non-blocking mode (see kdf-worker.ts).
  const options = { workerData: { tokenVaultKdbx: job }, resourceLimits: { maxOldGenerationSizeMb: heapMib }, stdout: true, stderr: true };
  if (workerFile) return new Worker(workerFile, options);
  const source = new URL('./kdbx-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true });
}

/** The worker's file could not be loaded (as opposed to failing while it worked). */
const LOAD_FAILURES = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND', 'ERR_UNKNOWN_FILE_EXTENSION', 'ERR_UNSUPPORTED_ESM_URL_SCHEME', 'ERR_WORKER_PATH', 'ERR_WORKER_INIT_FAILED', 'ENOENT', 'ENOTDIR']);

export const cancelled = () => new VaultError('CANCELLED', 'Opening the database was cancelled; nothing was imported.');

/** Opens the database in a worker; `signal` cancels it (rejects with CANCELLED at once). `heapMib`: tests give a small one. */
export function readKdbxInWorker(bytes: Uint8Array, name: string, credentials: KdbxCredentials, signal?: AbortSignal, heapMib = WORKER_HEAP_MIB): Promise<KdbxContents> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const worker = startWorker({ bytes, name, credentials }, heapMib);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      outcome();
    };
    const abort = () => finish(() => reject(cancelled()));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (reply: { contents?: KdbxContents; error?: { code: VaultErrorCode; message: string } | null }) => {
      if (reply.contents) finish(() => resolve(reply.contents!));
      else if (reply.error) finish(() => reject(new VaultError(reply.error!.code, reply.error!.message)));
      else finish(() => reject(new VaultError('DAMAGED', `${name} is damaged or truncated; nothing was imported.`)));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (fallBack && LOAD_FAILURES.has(error.code ?? '')) {
        finish(() => resolve(import('./kdbx-reader').then((reader) => reader.readKdbxHere(bytes, name, credentials))));
      } else if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(() => reject(new VaultError('INVALID_INPUT', `${name} needs more memory to read than Token Vault gives an import (${heapMib} MiB); nothing was imported.`)));
      } else finish(() => reject(new VaultError('DAMAGED', `${name} could not be read; nothing was imported.`)));
    });
    worker.on('exit', () => finish(() => reject(new VaultError('DAMAGED', `${name} could not be read; nothing was imported.`))));
  });
}
