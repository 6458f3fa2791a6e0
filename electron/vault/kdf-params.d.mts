// Types for kdf-params.mjs (plain JavaScript: the KDF worker runs it without a TypeScript loader).
export interface Argon2Params {
  alg: 'argon2id13';
  opsLimit: number;
  memLimitBytes: number;
}
export declare const MIN_MEMORY: number;
export declare const MAX_OPS: number;
export declare const MIN_OPS: number;
export declare const PROBE_MEMORY: number;
export declare const MAX_MEMORY_BYTES: number;
export declare const PREFERRED_MEMORY_BYTES: number;
export declare function paramsFromProbe(probeMs: number, targetMs: number): Argon2Params;
export declare function paramsForTarget(onePassMs: number, targetMs: number): Argon2Params;
