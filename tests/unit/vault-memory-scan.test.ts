// After lock(), the whole process — V8's heap, Node's buffers, libsodium's WASM memory, every
// readable page — holds no vault key, no subkey and no padded plaintext of an overview or a
// secret (what decryption produced before it was decoded). What may stay is named in the
// README: JavaScript strings (the decoded overview fields, a secret a caller read, the
// password), which V8 neither lets us wipe nor zeroes when it collects them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/vault-fixture';

/** Every readable mapping of a stopped process, concatenated per region. */
function* readableMemory(pid: number): Generator<Buffer> {
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n');
  const mem = fs.openSync(`/proc/${pid}/mem`, 'r');
  try {
    for (const line of maps) {
      const [range, perms, , , , name] = line.split(/\s+/);
      if (!perms!.startsWith('r') || name === '[vvar]' || name === '[vsyscall]') continue;
      const [start, end] = range!.split('-').map((h) => BigInt(`0x${h}`));
      const length = Number(end! - start!);
      if (length > 2 * 1024 ** 3) continue;
      const chunk = Buffer.alloc(length);
      try {
        const read = fs.readSync(mem, chunk, 0, length, start!);
        yield chunk.subarray(0, read);
      } catch {
        // A mapping that vanished or cannot be read (guard pages): nothing to find there.
      }
    }
  } finally {
    fs.closeSync(mem);
  }
}

describe('nothing the vault decrypted or derived survives lock() anywhere in the process', () => {
  it('a scan of all readable memory of a locked process finds no key and no padded plaintext', async () => {
    const dir = tempDir();
    const keysFile = path.join(dir, 'keys');
    const keysFd = fs.openSync(keysFile, 'w');
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/helpers/memory-scan-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit', keysFd] });
    fs.closeSync(keysFd);
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      // Wait until it has stopped itself: then nothing moves while we read.
      for (let i = 0; i < 100 && !/^State:\s+T/m.test(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 50));
      const keys = fs.readFileSync(keysFile);
      expect(keys.length).toBe(96);
      const needles: [string, Buffer][] = [
        ['vault key', keys.subarray(0, 16)],
        ['entry key', keys.subarray(32, 48)],
        ['name key', keys.subarray(64, 80)],
        // Padded plaintexts: the text, then ISO/IEC 7816-4 padding (0x80, zeros) as decryption left it.
        ['padded secret', Buffer.from('glpat-memscan-Zq81xYw3\x80\0\0\0', 'latin1')],
        ['padded overview (format 1)', Buffer.from('"action":"created"}]}\x80\0\0', 'latin1')],
        ['padded overview (format 2)', Buffer.from('"created"]]]\x80\0\0', 'latin1')],
      ];
      const found: string[] = [];
      let scanned = 0;
      for (const region of readableMemory(child.pid!)) {
        scanned += region.length;
        for (const [what, needle] of needles) if (region.includes(needle)) { found.push(what); if (process.env.SCAN_DEBUG) { const at = region.indexOf(needle); console.log(what, region.length, at, region.subarray(Math.max(0, at - 64), at + 48).toString('hex')); } }
      }
      expect(scanned).toBeGreaterThan(16 * 1024 * 1024);
      expect([...new Set(found)]).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
