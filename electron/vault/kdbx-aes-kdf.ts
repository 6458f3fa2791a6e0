// KeePass's AES-KDF (the KDF of every KDBX 3.1 file and an option in KDBX 4): each 16-byte half
// of the key is AES-256-encrypted `rounds` times under the seed. The same function as kdbxweb's
// KeyEncryptorAes.encrypt, computed as AES-CBC over zero blocks, whose chaining is exactly one
// more encryption per block, in large steps: kdbxweb's thousands of small WebCrypto calls cost as
// much CPU again as the AES itself. The two halves run at once, as in kdbxweb and KeePassXC:
// - the low half in WebCrypto (the crypto thread pool), 8,192 rounds a call: WebCrypto copies
//   its input and allocates its output each call, and at 65,536 rounds (1 MiB) that was fresh
//   memory, page faults and copying every time — 0.25 s of the 0.8 s the bench's 14.7 M rounds
//   (keepassxc-cli's 500 ms) took;
// - the high half on this thread, one Node cipher whose CBC state carries on from one update to
//   the next (no copy in, 128 KiB out), giving way between steps so the other half's calls go on.
// Together 0.8 → 0.6 s of CPU for the bench's file, the same time on the clock.
import { createCipheriv } from 'node:crypto';

/** Rounds per step: 128 KiB of zeros in, 128 KiB out, reused from the allocator, not mapped anew. */
export const CHUNK_ROUNDS = 1 << 13;
const BLOCK = 16;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * kdbxweb's KeyEncryptorAes.encrypt(credentials, seed, rounds): the 32 transformed bytes. kdbxweb
 * passes a KDBX 3.1 header's seed as an ArrayBuffer, a KDBX 4 one as a Uint8Array.
 */
export async function aesKdf(credentials: Uint8Array, seed: Uint8Array | ArrayBuffer, rounds: number): Promise<Uint8Array> {
  if (credentials.length !== 2 * BLOCK) throw new Error('AES-KDF transforms 32 bytes');
  const seedBytes = new Uint8Array(seed).slice();
  const zeros = new Uint8Array(BLOCK * Math.max(1, Math.min(rounds, CHUNK_ROUNDS)));
  const step = (left: number) => Math.min(left, CHUNK_ROUNDS);
  const inThreadPool = async (from: number): Promise<Uint8Array> => {
    const key = await crypto.subtle.importKey('raw', seedBytes, { name: 'AES-CBC' }, false, ['encrypt']);
    // A copy (Uint8Array.slice): a Buffer's slice would be a view, zeroed below with the caller's bytes.
    let block = Uint8Array.prototype.slice.call(credentials, from, from + BLOCK);
    for (let left = rounds; left > 0; ) {
      const n = step(left);
      const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: block }, key, zeros.subarray(0, BLOCK * n)));
      // Any block of the chain is as good as the result to whoever continues it: none is left behind.
      block.fill(0);
      // WebCrypto pads: the last block is the padding's; the one before is round n's.
      block = out.slice(BLOCK * (n - 1), BLOCK * n);
      out.fill(0);
      left -= n;
    }
    return block;
  };
  const onThisThread = async (from: number): Promise<Uint8Array> => {
    const block = Uint8Array.prototype.slice.call(credentials, from, from + BLOCK);
    if (rounds === 0) return block;
    const cipher = createCipheriv('aes-256-cbc', seedBytes, block);
    cipher.setAutoPadding(false);
    for (let left = rounds; left > 0; ) {
      const n = step(left);
      const out = cipher.update(zeros.subarray(0, BLOCK * n));
      block.set(out.subarray(out.length - BLOCK));
      out.fill(0);
      left -= n;
      if (left > 0) await nextTurn();
    }
    cipher.final();
    return block;
  };
  try {
    const [low, high] = await Promise.all([inThreadPool(0), onThisThread(BLOCK)]);
    const result = new Uint8Array(2 * BLOCK);
    result.set(low, 0);
    result.set(high, BLOCK);
    low.fill(0);
    high.fill(0);
    return result;
  } finally {
    seedBytes.fill(0);
  }
}
