// A .kdbx whose XML is too large to hold is refused with a sentence and nothing imported, never a
// crash or "damaged": past the inflate cap (injected small here: the real one is 510 MiB), XML
// that will not decode to one string (V8's longest is 2^29 - 24 characters; a decoder's failure
// is simulated, as a 512 MiB payload is too heavy for a test), and past the worker's heap
// (given small here; the real one is kdbx-run.ts WORKER_HEAP_MIB).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultError } from '../../electron/vault/errors';
import { setMaxInflatedBytesForTests } from '../../electron/vault/kdbx-inflate';
import { readKdbxHere } from '../../electron/vault/kdbx-reader';
import { readKdbxInWorker } from '../../electron/vault/kdbx-run';
import { bigKdbx } from '../helpers/kdbx-fixture';
import { tempDir } from '../helpers/vault-fixture';

const DBPW = 'keepass database password';
const dir = tempDir('tv-kdbx-large-');
let small: Buffer;
let large: Buffer;

beforeAll(async () => {
  small = fs.readFileSync(await bigKdbx(path.join(dir, 'small.kdbx'), DBPW, { logins: 20, tokens: 5, attachmentMiB: 0 }));
  large = fs.readFileSync(await bigKdbx(path.join(dir, 'large.kdbx'), DBPW, { logins: 40_000, tokens: 100, attachmentMiB: 0 }));
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    expect(isVaultError(error), String(error)).toBe(true);
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('not refused');
}

describe('a .kdbx too large to read', () => {
  it('past the inflate cap: refused with the cap in the sentence, on this thread and in the worker path alike', async () => {
    const undo = setMaxInflatedBytesForTests(64 * 1024);
    try {
      expect(await refusal(() => readKdbxHere(large, 'large.kdbx', { password: DBPW, keyFile: null }))).toEqual({
        code: 'INVALID_INPUT', message: 'The database unpacks to more than 64 KiB; Token Vault stops there, so nothing was imported.',
      });
    } finally {
      undo();
    }
    // Under the real cap the same file reads.
    expect((await readKdbxHere(small, 'small.kdbx', { password: DBPW, keyFile: null })).records.length).toBeGreaterThan(0);
  }, 120_000);

  it('XML that will not decode to one string: refused as too large, not as damaged', async () => {
    const decode = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
      // What Node's decoder throws past V8's longest string, for any input over 64 KiB here.
      if (input && input.byteLength > 64 * 1024) throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
      return decode.call(this, input, options);
    };
    try {
      const { code, message } = await refusal(() => readKdbxHere(large, 'large.kdbx', { password: DBPW, keyFile: null }));
      expect(code).toBe('INVALID_INPUT');
      expect(message).toMatch(/^large\.kdbx holds more text than Token Vault can read \(over [\d,]+ characters\); nothing was imported\.$/);
    } finally {
      TextDecoder.prototype.decode = decode;
    }
  }, 120_000);

  it('past the worker\'s heap: a sentence naming the limit, not a crash; the same worker reads a small file', async () => {
    const credentials = { password: DBPW, keyFile: null };
    expect(await refusal(() => readKdbxInWorker(large, 'large.kdbx', credentials, undefined, 48))).toEqual({
      code: 'INVALID_INPUT', message: 'large.kdbx needs more memory to read than Token Vault gives an import (48 MiB); nothing was imported.',
    });
    expect((await readKdbxInWorker(small, 'small.kdbx', credentials, undefined, 48)).records.length).toBeGreaterThan(0);
  }, 300_000);
});
