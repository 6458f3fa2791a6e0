// What a KeePass database may ask of this computer before its password is even checked. The
// key derivation runs first, with whatever parameters the file's header names: a hostile header
// can ask for days of work or terabytes of memory. KeePassXC's own settings dialog is the guide
// (AES-KDF rounds and Argon2 iterations up to 1,000,000,000, Argon2 threads up to 128); Argon2's
// memory is held to what this computer can give, and its total work (memory × iterations) to
// 64 GiB: KeePassXC calibrates a database to at most 5 seconds on the machine that made it, so
// a real one stays far below, and anything up to the cap runs in a worker the user can cancel.
import os from 'node:os';
import { VaultError } from './errors';

export const MAX_AES_ROUNDS = 1_000_000_000;
export const MAX_ARGON2_PARALLELISM = 128;
/** Memory × iterations, in KiB: 64 GiB of Argon2 work. */
export const MAX_ARGON2_WORK_KIB = 64 * 1024 * 1024;
/** Argon2 memory: 4 GiB (hash-wasm's WebAssembly cannot address more), and never over half of this computer's memory. */
export const maxArgon2KiB = (totalBytes = os.totalmem()) => Math.min(4 * 1024 * 1024, Math.floor(totalBytes / 2 / 1024));

export interface KdfAsk {
  kdf: 'AES-KDF' | 'Argon2d' | 'Argon2id';
  /** AES-KDF rounds. */
  rounds?: number;
  /** Argon2. */
  iterations?: number;
  memoryKiB?: number;
  parallelism?: number;
}

const n = (x: number) => x.toLocaleString('en-US');
const refuse = (name: string, what: string) =>
  new VaultError('INVALID_INPUT', `${name} asks for ${what}, so it was not opened (a database made by KeePassXC never asks for so much; the file may be hostile or damaged).`);

/** Refuses, with a sentence naming the parameter, a key derivation past the caps (or one that makes no sense). */
export function checkKdfAsk(name: string, ask: KdfAsk, totalMemory = os.totalmem()): void {
  if (ask.kdf === 'AES-KDF') {
    const rounds = ask.rounds ?? 0;
    if (!Number.isFinite(rounds) || rounds < 1) throw new VaultError('DAMAGED', `${name} has no valid AES-KDF rounds in its header; the file is damaged.`);
    if (rounds > MAX_AES_ROUNDS) throw refuse(name, `${n(rounds)} AES-KDF rounds; Token Vault stops at ${n(MAX_AES_ROUNDS)}, KeePassXC's own maximum`);
    return;
  }
  const iterations = ask.iterations ?? 0;
  const memoryKiB = ask.memoryKiB ?? 0;
  const parallelism = ask.parallelism ?? 0;
  if (![iterations, memoryKiB, parallelism].every((v) => Number.isFinite(v) && v >= 1)) {
    throw new VaultError('DAMAGED', `${name} has no valid Argon2 parameters in its header; the file is damaged.`);
  }
  if (parallelism > MAX_ARGON2_PARALLELISM) throw refuse(name, `${n(parallelism)} Argon2 threads (parallelism); Token Vault stops at ${MAX_ARGON2_PARALLELISM}, KeePassXC's own maximum`);
  const maxKiB = maxArgon2KiB(totalMemory);
  if (memoryKiB > maxKiB) throw refuse(name, `${n(Math.ceil(memoryKiB / 1024))} MiB of Argon2 memory; Token Vault stops at ${n(Math.floor(maxKiB / 1024))} MiB (half of this computer's memory, at most 4 GiB)`);
  const maxIterations = Math.max(1, Math.floor(MAX_ARGON2_WORK_KIB / memoryKiB));
  if (iterations > Math.min(MAX_AES_ROUNDS, maxIterations)) {
    throw refuse(name, `${n(iterations)} Argon2 iterations at ${n(Math.ceil(memoryKiB / 1024))} MiB; Token Vault stops at ${n(Math.min(MAX_AES_ROUNDS, maxIterations))} iterations for that memory (64 GiB of work in all)`);
  }
}
