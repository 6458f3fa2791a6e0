// KeePass's AES-KDF (the KDF of every KDBX 3.1 file and an option in KDBX 4): each 16-byte half
// of the key is AES-256-encrypted `rounds` times under the seed. The same function as kdbxweb's
// KeyEncryptorAes.encrypt, computed the same way — AES-CBC over zero blocks, whose chaining is
// exactly one more encryption per block, in the crypto thread pool, both halves at once — but in
// chunks of 65,536 rounds instead of 10,000: kdbxweb's thousands of small calls cost as much CPU
// again as the AES itself (14.7 M rounds, KeePassXC's 500 ms: 1.2–1.4 s of CPU → 0.7 s here).

/** Rounds per call: 1 MiB of zeros in, 1 MiB out; larger buffers cost page faults instead. */
const CHUNK_ROUNDS = 1 << 16;
const BLOCK = 16;

/**
 * kdbxweb's KeyEncryptorAes.encrypt(credentials, seed, rounds): the 32 transformed bytes. kdbxweb
 * passes a KDBX 3.1 header's seed as an ArrayBuffer, a KDBX 4 one as a Uint8Array.
 */
export async function aesKdf(credentials: Uint8Array, seed: Uint8Array | ArrayBuffer, rounds: number): Promise<Uint8Array> {
  if (credentials.length !== 2 * BLOCK) throw new Error('AES-KDF transforms 32 bytes');
  const key = await crypto.subtle.importKey('raw', new Uint8Array(seed).slice(), { name: 'AES-CBC' }, false, ['encrypt']);
  const zeros = new Uint8Array(BLOCK * Math.max(1, Math.min(rounds, CHUNK_ROUNDS)));
  const half = async (from: number): Promise<Uint8Array> => {
    let block = credentials.slice(from, from + BLOCK);
    for (let left = rounds; left > 0; ) {
      const n = Math.min(left, CHUNK_ROUNDS);
      const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: block }, key, n === CHUNK_ROUNDS ? zeros : zeros.subarray(0, BLOCK * n)));
      // Any block of the chain is as good as the result to whoever continues it: none is left behind.
      block.fill(0);
      // WebCrypto pads: the last block is the padding's; the one before is round n's.
      block = out.slice(BLOCK * (n - 1), BLOCK * n);
      out.fill(0);
      left -= n;
    }
    return block;
  };
  const [low, high] = await Promise.all([half(0), half(BLOCK)]);
  const result = new Uint8Array(2 * BLOCK);
  result.set(low, 0);
  result.set(high, BLOCK);
  low.fill(0);
  high.fill(0);
  return result;
}
