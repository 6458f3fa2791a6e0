// Types for electron-fetch.mjs.
export declare function electronBinary(pkg?: string): string | null;
export declare function fetchElectron(pkg?: string): string | null;
