// Types for feed-key.cjs (CommonJS, as the other release checks).
export declare const DEV_FEED_PUBLIC_KEY: string;
export declare function builtInFeedKey(source: string): string | null;
export declare function releaseFeedKeyProblem(source: string, secretKeyBase64?: string, sodium?: unknown): string | null;
