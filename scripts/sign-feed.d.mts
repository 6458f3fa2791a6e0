// Types for sign-feed.mjs.
export declare function signFeed(dir: string, secretKeyBase64: string | undefined): Promise<string[]>;
