// Signs the release feed: every latest*.yml in a folder gets a signed statement beside it,
// latest*.yml.sig (format: electron/updates/feed-signature.ts), made with the secret key in
// TOKENVAULT_FEED_SIGNING_KEY. The statement names the file, its channel, the system and
// architectures it is for, when it was signed and until when it is good (FEED_VALID_DAYS), and
// the file's SHA-512; the app believes a feed only when that statement verifies under the
// public key built into it (electron/updates/feed-key.ts), is for its own system and has not
// expired — so the feed must be signed again before it expires even without a new release.
// Part of `npm run release`.
//
//   node scripts/sign-feed.mjs [folder]   sign (default: artifacts/)
//   node scripts/sign-feed.mjs keygen     print a new key pair (keep the secret one secret)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sodium from 'libsodium-wrappers-sumo';

const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);

/** How long a signed feed is believed: a replayed copy can hold a user back at most this long. */
export const FEED_VALID_DAYS = 30;

/**
 * Which system a feed file is for, by the names electron-builder gives them: latest.yml
 * (Windows, x64), latest-mac.yml (one file for Intel and Apple silicon), latest-linux.yml (x64)
 * and latest-linux-ARCH.yml. Another name is refused rather than signed for a guessed system.
 */
export function feedTarget(name) {
  const match = /^([a-z]+)(?:-(mac|linux)(?:-([a-z0-9]+))?)?\.yml$/.exec(name);
  if (!match) return null;
  const [, channel, os, arch] = match;
  if (os === 'mac') return arch ? null : { channel, platform: 'darwin', arches: ['x64', 'arm64'] };
  if (os === 'linux') return { channel, platform: 'linux', arches: [arch ?? 'x64'] };
  return { channel, platform: 'win32', arches: ['x64'] };
}

/** The .sig text for a feed file's bytes: the statement, then its Ed25519 signature. */
export async function signedStatement(name, bytes, secretKeyBase64, { issuedAt = new Date(), validDays = FEED_VALID_DAYS, target = feedTarget(name) } = {}) {
  await sodium.ready;
  if (!target) throw new Error(`sign-feed: ${name} is not a feed file this script knows the system of; nothing was signed.`);
  const secretKey = sodium.from_base64(secretKeyBase64.trim(), sodium.base64_variants.ORIGINAL);
  const expiresAt = new Date(issuedAt.getTime() + validDays * 24 * 60 * 60 * 1000);
  const statement = [
    'tokenvault-feed-signature: 2',
    `file: ${name}`,
    `channel: ${target.channel}`,
    `platform: ${target.platform}`,
    `arch: ${target.arches.join(',')}`,
    `issued: ${issuedAt.toISOString()}`,
    `expires: ${expiresAt.toISOString()}`,
    `sha512: ${createHash('sha512').update(bytes).digest('base64')}`,
    '',
  ].join('\n');
  const signature = sodium.crypto_sign_detached(new TextEncoder().encode(statement), secretKey);
  return `${statement}signature: ${b64(signature)}\n`;
}

/** Signs each latest*.yml in dir; returns the .sig files written. Throws without a usable key. */
export async function signFeed(dir, secretKeyBase64, options = {}) {
  await sodium.ready;
  if (!secretKeyBase64) throw new Error('sign-feed: TOKENVAULT_FEED_SIGNING_KEY is not set: the update feed would be unsigned, and the app would ignore it.');
  const secretKey = sodium.from_base64(secretKeyBase64.trim(), sodium.base64_variants.ORIGINAL);
  if (secretKey.length !== sodium.crypto_sign_SECRETKEYBYTES) throw new Error('sign-feed: TOKENVAULT_FEED_SIGNING_KEY is not an Ed25519 secret key (64 bytes, base64).');
  const feeds = readdirSync(dir).filter((name) => /^latest(-[a-z0-9]+)*\.yml$/.test(name));
  if (feeds.length === 0) throw new Error(`sign-feed: no latest*.yml in ${dir}; build first.`);
  const signed = [];
  for (const name of feeds) {
    writeFileSync(join(dir, `${name}.sig`), await signedStatement(name, readFileSync(join(dir, name)), secretKeyBase64, options));
    signed.push(join(dir, `${name}.sig`));
  }
  return signed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  if (arg === 'keygen') {
    await sodium.ready;
    const pair = sodium.crypto_sign_keypair();
    console.log(`public key (electron/updates/feed-key.ts): ${b64(pair.publicKey)}`);
    console.log(`secret key (TOKENVAULT_FEED_SIGNING_KEY, keep it secret): ${b64(pair.privateKey)}`);
  } else {
    try {
      for (const file of await signFeed(resolve(arg ?? 'artifacts'), process.env.TOKENVAULT_FEED_SIGNING_KEY)) console.log(`sign-feed: ${file}`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}
