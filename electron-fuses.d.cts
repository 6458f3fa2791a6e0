// Types for electron-fuses.cjs (plain CommonJS so electron-builder's config can require it).
export interface FuseSetting {
  name: string;
  /** @electron/fuses' FuseV1Options name; null for fuses the library does not know. */
  option: string | null;
  /** electron-builder's electronFuses key; null where it has none. */
  builder: string | null;
  enabled: boolean;
  why: string;
}
export interface FuseWire {
  version: number | undefined;
  fuses: string[];
}
export declare const SENTINEL: string;
export declare const FUSE_WIRE_VERSION: number;
export declare const FUSES: readonly FuseSetting[];
export declare function fusesLibraryConfig(): { version: '1' } & Record<number, boolean>;
export declare function builderFusesConfig(): Record<string, boolean>;
export declare function fuseFilePath(pathToElectron: string): string;
export declare function readFuseWires(binary: Buffer): FuseWire[];
export declare function fuseWireProblems(binary: Buffer): string[];
export declare function checkFuseWire(pathToElectron: string): Promise<void>;
export declare function needsAdHocSignatureReset(platform: string, arch: string): boolean;
