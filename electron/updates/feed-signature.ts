// What a feed's signature says, and whether it says it for this computer, today. The .sig beside
// latest*.yml (scripts/sign-feed.mjs writes it) is a short signed statement, one field a line:
//
//   tokenvault-feed-signature: 2
//   file: latest-linux.yml          channel: latest
//   platform: linux                 arch: x64            (a list for the mac feed: x64,arm64)
//   issued: 2026-12-06T16:00:00.000Z
//   expires: 2027-01-05T16:00:00.000Z
//   sha512: <the feed file's SHA-512, base64>
//   signature: <Ed25519 over every byte above this line>
//
// (each field on its own line). Signing the bytes of the feed alone, as format 1 did, let anyone
// serve a genuine old feed for ever (freezing a user on an old version) or the feed of another
// system; binding the target and a validity window into what is signed, and remembering the
// newest statement seen (service.ts), closes both.
import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';

export const SIGNATURE_FORMAT = 'tokenvault-feed-signature: 2';
const FIELDS = ['file', 'channel', 'platform', 'arch', 'issued', 'expires', 'sha512'] as const;

export interface FeedStatement {
  file: string;
  channel: string;
  platform: string;
  arches: string[];
  issuedAt: string;
  expiresAt: string;
  sha512: string;
}

/** The statement a .sig carries when its Ed25519 signature verifies under the key; null otherwise (unsigned, another key, changed, unreadable). */
export async function verifiedStatement(sigText: string, publicKeyBase64: string): Promise<FeedStatement | null> {
  await sodium.ready;
  const at = sigText.lastIndexOf('\nsignature: ');
  if (at < 0) return null;
  const signed = sigText.slice(0, at + 1);
  try {
    const signature = sodium.from_base64(sigText.slice(at + '\nsignature: '.length).trim(), sodium.base64_variants.ORIGINAL);
    const key = sodium.from_base64(publicKeyBase64.trim(), sodium.base64_variants.ORIGINAL);
    if (signature.length !== sodium.crypto_sign_BYTES || key.length !== sodium.crypto_sign_PUBLICKEYBYTES) return null;
    if (!sodium.crypto_sign_verify_detached(signature, new TextEncoder().encode(signed), key)) return null;
  } catch {
    return null;
  }
  const lines = signed.split('\n').slice(0, -1);
  if (lines[0] !== SIGNATURE_FORMAT || lines.length !== FIELDS.length + 1) return null;
  const values: Record<string, string> = {};
  for (const [i, field] of FIELDS.entries()) {
    const line = lines[i + 1]!;
    if (!line.startsWith(`${field}: `)) return null;
    values[field] = line.slice(field.length + 2);
  }
  const { file, channel, platform, arch, issued, expires, sha512 } = values as Record<(typeof FIELDS)[number], string>;
  if (Number.isNaN(Date.parse(issued)) || Number.isNaN(Date.parse(expires))) return null;
  return { file, channel, platform, arches: arch.split(','), issuedAt: new Date(issued).toISOString(), expiresAt: new Date(expires).toISOString(), sha512 };
}

export interface FeedTarget {
  file: string;
  channel: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** The newest statement this computer believed before: a feed older than it is a replay. */
export interface SeenFeed {
  version: string;
  issuedAt: string;
}

const day = (iso: string) => iso.slice(0, 10);

const stale = (message: string) => ({ code: 'FEED_STALE' as const, message });

/** Why a verified statement is not one to believe here and now, in one sentence; null when it is. */
export function statementProblem(statement: FeedStatement, feedBytes: Uint8Array, target: FeedTarget, now: Date, seen: SeenFeed | null): { code: 'FEED_SIGNATURE' | 'FEED_STALE'; message: string } | null {
  if (createHash('sha512').update(feedBytes).digest('base64') !== statement.sha512) {
    return { code: 'FEED_SIGNATURE', message: 'The update feed was changed after it was signed; it was ignored.' };
  }
  if (statement.file !== target.file || statement.channel !== target.channel || statement.platform !== target.platform || !statement.arches.includes(target.arch)) {
    return stale(`The update feed is signed for ${statement.platform} ${statement.arches.join('/')} (${statement.channel}), not for this computer (${target.platform} ${target.arch}); it was ignored.`);
  }
  if (Date.parse(statement.expiresAt) <= now.getTime()) {
    return stale(`The update feed's signature expired on ${day(statement.expiresAt)}: it is an old copy (perhaps replayed to hold back updates), or this computer's clock is wrong; it was ignored.`);
  }
  if (seen && Date.parse(statement.issuedAt) < Date.parse(seen.issuedAt)) {
    return stale(`The update feed was signed on ${day(statement.issuedAt)}, before one this computer already saw (signed ${day(seen.issuedAt)}): an old feed is being replayed; it was ignored.`);
  }
  return null;
}
