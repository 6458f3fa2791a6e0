// Types for packed-binding.cjs (CommonJS: electron-builder's config requires it).
export declare const BINDING: string;
export declare function registeredAbi(bytes: Buffer): string | null;
export declare function electronAbi(projectDir: string): string;
export declare function checkPackedBinding(resourcesDir: string, wantedAbi: string): { file: string; abi: string };
