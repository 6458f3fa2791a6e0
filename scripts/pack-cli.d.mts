// Types for pack-cli.mjs.
export declare const CLI_PACKAGE_NAME: string;
export declare function externalPackages(meta: { outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> }): string[];
export declare function cliPackageJson(appPackage: Record<string, unknown>, meta: unknown, options?: { bundle?: boolean }): Record<string, unknown>;
export declare function packCli(outDir: string, options?: { bundle?: boolean }): string;
