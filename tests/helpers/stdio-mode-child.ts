// Child process for the kdf-worker stdio test, bundled by esbuild and run by plain node (tsx
// would itself open standard output as a stream): reports whether standard output and error are
// in non-blocking mode before and after one key derivation in the worker. Linux only
// (/proc/self/fdinfo). Prints one line: `before OUT ERR after OUT ERR` (1 = non-blocking).
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { pwhashInWorker, setKdfThreadFile } from '../../electron/vault/kdf-worker';

const [threadFile] = process.argv.slice(2) as [string];
const O_NONBLOCK = 0o4000;
const nonBlocking = (fd: number) => {
  const flags = /flags:\s*([0-7]+)/.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!;
  return (parseInt(flags, 8) & O_NONBLOCK) !== 0 ? 1 : 0;
};

// The worker itself, never the in-thread fallback: a worker that cannot start fails this child.
setKdfThreadFile(pathToFileURL(threadFile));
const before = `${nonBlocking(1)} ${nonBlocking(2)}`;
const input = { password: new TextEncoder().encode('a password'), salt: randomFillSync(new Uint8Array(16)), opsLimit: 2, memLimitBytes: 64 * 1024 * 1024, keyBytes: 32 };
await pwhashInWorker(input, new Uint8Array(32));
fs.writeSync(1, `before ${before} after ${nonBlocking(1)} ${nonBlocking(2)}\n`);
