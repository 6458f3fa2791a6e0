// Types for sign-feed.mjs.
export interface FeedSigningTarget {
  channel: string;
  platform: string;
  arches: string[];
}
export interface SignOptions {
  /** When it is signed (default: now). */
  issuedAt?: Date;
  /** How long it is believed (default FEED_VALID_DAYS). */
  validDays?: number;
  /** The system it is for (default: from the file name). */
  target?: FeedSigningTarget | null;
}
export declare const FEED_VALID_DAYS: number;
export declare function feedTarget(name: string): FeedSigningTarget | null;
export declare function signedStatement(name: string, bytes: Uint8Array, secretKeyBase64: string, options?: SignOptions): Promise<string>;
export declare function signFeed(dir: string, secretKeyBase64: string | undefined, options?: SignOptions): Promise<string[]>;
