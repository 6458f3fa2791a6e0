// The worker thread that opens a KeePass database (kdbx-run.ts starts it): the key derivation
// and decryption are seconds to minutes of CPU, which must not stop the app's main process
// (auto-lock, the window's calls) or be impossible to cancel. Answers once, then ends.
import { parentPort, workerData } from 'node:worker_threads';
import { isVaultError } from './errors';
import { readKdbxHere, type KdbxCredentials } from './kdbx-reader';

interface Job {
  bytes: Uint8Array;
  name: string;
  credentials: KdbxCredentials;
}

if (parentPort && (workerData as { tokenVaultKdbx?: Job } | null)?.tokenVaultKdbx) {
  const { bytes, name, credentials } = (workerData as { tokenVaultKdbx: Job }).tokenVaultKdbx;
  const port = parentPort;
  readKdbxHere(bytes, name, credentials).then(
    (contents) => port.postMessage({ contents }),
    // Only a VaultError's code and sentence cross; anything else is reported as damage.
    (error: unknown) => port.postMessage({ error: isVaultError(error) ? { code: error.code, message: error.message } : null }),
  );
}
