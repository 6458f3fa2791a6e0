// Hostile .kdbx files, built here and patched in their header bytes as an attacker would: the
// key derivation runs before any password check with whatever the header asks, so its
// parameters are capped (refused with a sentence naming the one at fault), and what stays
// under the caps runs in a worker thread that a cancel stops at once while the caller's own
// thread keeps running (the app's auto-lock and IPC live there).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxArgon2KiB } from '../../electron/vault/kdbx-limits';
import { readKdbx } from '../../electron/vault/kdbx-reader';
import { emptyKdbx, kdbxFromXml, keepassxcAdd, keepassXml } from '../helpers/kdbx-fixture';
import { runCli } from '../helpers/run-cli';
import { fileBytes, tempDir } from '../helpers/vault-fixture';

const PW = 'vault master password';
const DBPW = 'keepass database password';
const dir = tempDir('tv-kdbx-hostile-');
const file = (name: string) => path.join(dir, name);

/** Sets a KDBX 4 KDF parameter in place: VarDictionary entry [type][name length][name][value length][value]. */
function patchKdfParam(bytes: Buffer, key: string, value: bigint): Buffer {
  const out = Buffer.from(bytes);
  for (const [type, size] of [[0x05, 8], [0x04, 4]] as const) {
    const head = Buffer.concat([Buffer.from([type]), Buffer.from([key.length, 0, 0, 0]), Buffer.from(key), Buffer.from([size, 0, 0, 0])]);
    const at = out.indexOf(head);
    if (at < 0) continue;
    if (size === 8) out.writeBigUInt64LE(value, at + head.length);
    else out.writeUInt32LE(Number(value), at + head.length);
    return out;
  }
  throw new Error(`no KDF parameter ${key} in the header`);
}

/** KDBX 3.1: header field 6 (TransformRounds), 8 bytes. */
function patchAesRounds3(bytes: Buffer, rounds: bigint): Buffer {
  const out = Buffer.from(bytes);
  const head = Buffer.from([0x06, 0x08, 0x00]);
  const at = out.indexOf(head, 12);
  out.writeBigUInt64LE(rounds, at + 3);
  return out;
}

let vault = '';
let argon2 = Buffer.alloc(0);
beforeAll(async () => {
  vault = path.join(dir, 'v.tokenvault');
  expect(runCli(['--vault', vault, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
  const db = await emptyKdbx(file('argon2.kdbx'), { password: DBPW, kdf: 'argon2d', cipher: 'aes' });
  keepassxcAdd(db, DBPW, { title: 'ci', password: 'glpat-ci-0123456789' });
  argon2 = fs.readFileSync(db);
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('key-derivation parameters past the caps are refused before any prompt (exit 2)', () => {
  const refusedWith = (name: string, bytes: Buffer, sentence: string) => {
    fs.writeFileSync(file(name), bytes);
    const before = fileBytes(vault);
    // No input at all: the refusal comes before the master password and the database password.
    const result = runCli(['--vault', vault, 'import', file(name)], '');
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`tokenvault: ${name} asks for ${sentence}, so it was not opened (a database made by KeePassXC never asks for so much; the file may be hostile or damaged).\n`);
    expect(fileBytes(vault).equals(before)).toBe(true);
  };

  it('AES-KDF rounds 2^46 (KDBX 3.1 and KDBX 4), which once ran out of memory after two minutes', async () => {
    const v3 = fs.readFileSync(await emptyKdbx(file('v3.kdbx'), { password: DBPW, kdf: 'aes-kdf', cipher: 'aes', version: 3 }));
    refusedWith('rounds3.kdbx', patchAesRounds3(v3, 2n ** 46n), "70,368,744,177,664 AES-KDF rounds; Token Vault stops at 1,000,000,000, KeePassXC's own maximum");
    const v4 = fs.readFileSync(await emptyKdbx(file('v4aes.kdbx'), { password: DBPW, kdf: 'aes-kdf', cipher: 'aes' }));
    refusedWith('rounds4.kdbx', patchKdfParam(v4, 'R', 2n ** 46n), "70,368,744,177,664 AES-KDF rounds; Token Vault stops at 1,000,000,000, KeePassXC's own maximum");
  });

  it('Argon2 iterations 2^32, memory 2^40 bytes, parallelism 2^24-1', () => {
    refusedWith('iterations.kdbx', patchKdfParam(argon2, 'I', 2n ** 32n), '4,294,967,296 Argon2 iterations at 1 MiB; Token Vault stops at 65,536 iterations for that memory (64 GiB of work in all)');
    const cap = Math.floor(maxArgon2KiB() / 1024).toLocaleString('en-US');
    refusedWith('memory.kdbx', patchKdfParam(argon2, 'M', 2n ** 40n), `1,048,576 MiB of Argon2 memory; Token Vault stops at ${cap} MiB (half of this computer's memory, at most 4 GiB)`);
    refusedWith('threads.kdbx', patchKdfParam(argon2, 'P', 2n ** 24n - 1n), "16,777,215 Argon2 threads (parallelism); Token Vault stops at 128, KeePassXC's own maximum");
  });
});

describe('a derivation under the caps runs off the caller’s thread and can be cancelled', () => {
  it('the caller keeps running while a 60,000-pass Argon2 derives, and an abort ends it at once', async () => {
    // Under the caps (60 GiB of work at 1 MiB), and minutes of CPU: the attacker's best.
    const slow = patchKdfParam(argon2, 'I', 60_000n);
    const stop = new AbortController();
    let settled = false;
    const opening = readKdbx(slow, 'slow.kdbx', { password: DBPW }, stop.signal).finally(() => {
      settled = true;
    });
    opening.catch(() => undefined);
    // Timers on this thread fire while the derivation runs (on the main thread they could not).
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    while (ticks < 10) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(timer);
    expect(settled).toBe(false);
    stop.abort();
    await expect(opening).rejects.toMatchObject({ code: 'CANCELLED', message: 'Opening the database was cancelled; nothing was imported.' });
  }, 60_000);

  it('the same file with an untouched header opens in the worker', async () => {
    const { records } = await readKdbx(argon2, 'argon2.kdbx', { password: DBPW });
    expect(records.map((r) => [r.title, r.password])).toEqual([['ci', 'glpat-ci-0123456789']]);
  });
});

describe('with the right password, a hostile body', () => {
  it('groups nested 150 deep (KeePassXC itself writes them): refused with exit 2 and a sentence', () => {
    const db = kdbxFromXml(file('deep.kdbx'), keepassXml([{ title: 'deep', group: Array.from({ length: 150 }, (_, i) => `g${i}`), password: 'glpat-deep' }]), DBPW);
    const result = runCli(['--vault', vault, 'import', db], `${PW}\n${DBPW}\n`);
    expect(result).toMatchObject({ status: 2, stderr: 'tokenvault: The database nests its groups more than 100 deep; Token Vault stops there, so nothing was imported.\n' });
  }, 120_000);
});
