// The key derivation's worker must not change the host process's standard output and error.
// A worker that shares them makes Node open both as streams, which puts the pipes in
// non-blocking mode: a plain synchronous write (fs.writeSync(1, …) in a helper, a program that
// inherits the pipe) then fails with EAGAIN as soon as the reader is slower — the
// restore-while-held holder died of exactly that, and its test waited for ever.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/vault-fixture';

describe.runIf(process.platform === 'linux')('key derivation in a worker', () => {
  it('leaves the process’s standard output and error pipes in blocking mode', async () => {
    const script = path.join(tempDir('tv-stdio-mode-'), 'stdio-mode-child.mjs');
    await build({ entryPoints: ['tests/helpers/stdio-mode-child.ts'], outfile: script, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
    fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(script), 'node_modules'));
    const child = spawnSync(process.execPath, [script, path.resolve('electron/vault/kdf-thread.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(child.status, child.stderr).toBe(0);
    // Both pipes start blocking (so the comparison means something) and stay so.
    expect(child.stdout.trim()).toBe('before 0 0 after 0 0');
  });
});
