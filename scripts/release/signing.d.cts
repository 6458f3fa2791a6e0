// Types for signing.cjs (CommonJS: electron-builder's config requires it).
export declare function signingStatus(platform: string, env?: Record<string, string | undefined>): { signed: boolean; line: string };
export declare function notarisation(env: Record<string, string | undefined>): string | null;
export declare function writeChecksums(outDir: string, artifactPaths: string[]): Promise<string>;
export declare function sha256File(file: string): Promise<string>;
