// Types for native-abi-stage.mjs.
export declare const TOOLCHAIN: string;
export declare function registeredAbi(file: string): string | null;
export declare class StagedBuildError extends Error {}
export declare function rebuildStaged(options: {
  moduleDir: string;
  moduleName: string;
  stagingRoot: string;
  wantedAbi: string | undefined;
  build: (projectDir: string) => Promise<unknown>;
}): Promise<string>;
