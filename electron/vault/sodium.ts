// libsodium, full ("sumo") build: the standard libsodium-wrappers build ships without
// crypto_pwhash (Argon2id) at run time even though its types declare it.
import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

let ready: Promise<Sodium> | null = null;

/** Resolves once the WASM module is initialised; cheap to call again. */
export function loadSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => sodiumModule);
  return ready;
}

/** For synchronous code that runs only after loadSodium() resolved (e.g. an unlocked vault). */
export function sodiumNow(): Sodium {
  if (!ready) throw new Error('libsodium used before loadSodium()');
  return sodiumModule;
}
