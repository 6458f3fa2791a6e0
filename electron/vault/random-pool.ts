// Public random bytes (nonces, secret versions) from Node's CSPRNG, drawn 4 KiB at a time:
// one randomFillSync per 24-byte nonce cost more than the sealing itself when a password
// change re-seals 10,000 rows (two nonces and a version each). Node's randomUUID pools the
// same way. Never for keys or salts: those are drawn on their own where they are made.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let offset = 0;

export function publicRandomBytes(length: number): Uint8Array {
  if (length > POOL_BYTES) return randomFillSync(new Uint8Array(length));
  if (offset + length > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  const out = pool.slice(offset, offset + length);
  // Handed out once: the pool keeps no copy of what it gave.
  pool.fill(0, offset, offset + length);
  offset += length;
  return out;
}

/** `length` public random bytes as hex, read straight from the pool (no byte array per call). */
export function publicRandomHex(length: number): string {
  if (length > POOL_BYTES) return randomFillSync(Buffer.alloc(length)).toString('hex');
  if (offset + length > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  const hex = Buffer.from(pool.buffer, pool.byteOffset + offset, length).toString('hex');
  pool.fill(0, offset, offset + length);
  offset += length;
  return hex;
}
