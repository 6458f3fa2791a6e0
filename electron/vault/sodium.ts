// libsodium, full ("sumo") build: the standard libsodium-wrappers build ships without
// crypto_pwhash (Argon2id) at run time even though its types declare it.
//
// libsodium.js copies every argument (keys, plaintexts, passwords) into its WebAssembly heap
// and every result out of it, then frees those heap buffers without zeroing them: wiping our
// own Uint8Array copies would leave the real copies in the heap for a memory dump. So once it
// is loaded, every heap buffer the wrappers free is zeroed first (wipeHeapOnFree), and the
// dead part of the WASM stack (where e.g. BLAKE2b leaves its last output) is zeroed on lock.
// Argon2 never runs here: it runs in a worker whose memory ends with it (kdf-worker.ts). The
// vault's hot paths bypass the wrappers altogether (sodium-raw.ts).
//
// Loaded on first use, not at import: compiling the WASM module costs about as much as all of
// Node's own start-up, and a CLI command answered by the agent never needs it.
import type sodiumTypes from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumTypes;

/** The Emscripten module under the wrappers: the part of it the wiping needs. */
interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
}

let ready: Promise<Sodium> | null = null;
let loaded: Sodium | null = null;

/** Imports and initialises the WASM module once; cheap to call again. */
export function loadSodium(): Promise<Sodium> {
  ready ??= import('libsodium-wrappers-sumo').then(async ({ default: sodium }) => {
    await sodium.ready;
    wipeHeapOnFree(heap(sodium));
    stack = findStack(heap(sodium));
    loaded = sodium;
    return sodium;
  });
  return ready;
}

/** For synchronous code that runs only after loadSodium() resolved (e.g. an unlocked vault). */
export function sodiumNow(): Sodium {
  if (!loaded) throw new Error('libsodium used before loadSodium()');
  return loaded;
}

/** Whether loadSodium() has resolved (a vault opened but never unlocked has nothing to wipe). */
export function sodiumLoaded(): boolean {
  return loaded !== null;
}

function heap(sodium: Sodium = sodiumNow()): WasmModule {
  return (sodium as unknown as { libsodium: WasmModule }).libsodium;
}

/** The wrappers allocate and free through the module's _malloc/_free: remember sizes, zero on free. */
function wipeHeapOnFree(module: WasmModule): void {
  const malloc = module._malloc.bind(module);
  const free = module._free.bind(module);
  const sizes = new Map<number, number>();
  module._malloc = (size: number) => {
    const address = malloc(size);
    if (address) sizes.set(address, size);
    return address;
  };
  module._free = (address: number) => {
    const size = sizes.get(address);
    if (size !== undefined) {
      // HEAPU8 is re-created when memory grows: read it now, not at patch time.
      module.HEAPU8.fill(0, address, address + size);
      sizes.delete(address);
    }
    free(address);
  };
}

/**
 * Emscripten lays memory out as [static data][stack, 64 KiB, growing down][heap]: the stack's
 * top is where the heap begins. Found at load, and checked: a stack not yet used deeply is all
 * zeros below its top few hundred bytes. If this build is laid out otherwise, stack wiping is
 * off rather than risk zeroing static data (the heap-scan test would then fail).
 */
const STACK_BYTES = 64 * 1024;
let stack: { bottom: number; top: number } | null = null;

function findStack(module: WasmModule): { bottom: number; top: number } | null {
  const first = module._malloc(1);
  module._free(first);
  const top = first - 8; // dlmalloc's chunk header sits before the first block
  const bottom = top - STACK_BYTES;
  if (top % 16 !== 0 || bottom < 1024) return null;
  const unused = module.HEAPU8.subarray(bottom, top - 4096);
  return unused.every((b) => b === 0) ? { bottom, top } : null;
}

/**
 * Zeroes the dead part of the WASM stack. Safe only between libsodium calls (no WASM frame
 * is live then: JavaScript is single-threaded and libsodium never calls back into us).
 */
export function wipeSodiumStack(): void {
  if (stack) heap().HEAPU8.fill(0, stack.bottom, stack.top);
}

/** Whether the dead-stack wipe is active in this build (the heap-scan test asserts it). */
export function stackWipeActive(): boolean {
  return stack !== null;
}

/**
 * After Argon2 ran in this thread (only where the worker cannot load libsodium, see kdf.ts):
 * its memory was freed unwiped inside libsodium. Asking the allocator for the same amount
 * hands back that region; zero it, free it.
 */
export function scrubFreedArgon2Memory(memLimitBytes: number): void {
  const module = heap();
  const address = module._malloc(memLimitBytes + 64 * 1024);
  if (address) module._free(address);
  wipeSodiumStack();
}
