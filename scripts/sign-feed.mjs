// Signs the release feed: every latest*.yml in a folder gets a detached Ed25519 signature
// (base64) beside it, latest*.yml.sig, made with the secret key in TOKENVAULT_FEED_SIGNING_KEY.
// The app believes a feed only when that signature verifies under the public key built into it
// (electron/updates/feed-key.ts). Part of `npm run release`.
//
//   node scripts/sign-feed.mjs [folder]   sign (default: artifacts/)
//   node scripts/sign-feed.mjs keygen     print a new key pair (keep the secret one secret)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sodium from 'libsodium-wrappers-sumo';

const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);

/** Signs each latest*.yml in dir; returns the .sig files written. Throws without a usable key. */
export async function signFeed(dir, secretKeyBase64) {
  await sodium.ready;
  if (!secretKeyBase64) throw new Error('sign-feed: TOKENVAULT_FEED_SIGNING_KEY is not set: the update feed would be unsigned, and the app would ignore it.');
  const secretKey = sodium.from_base64(secretKeyBase64.trim(), sodium.base64_variants.ORIGINAL);
  if (secretKey.length !== sodium.crypto_sign_SECRETKEYBYTES) throw new Error('sign-feed: TOKENVAULT_FEED_SIGNING_KEY is not an Ed25519 secret key (64 bytes, base64).');
  const feeds = readdirSync(dir).filter((name) => /^latest(-[a-z0-9]+)?\.yml$/.test(name));
  if (feeds.length === 0) throw new Error(`sign-feed: no latest*.yml in ${dir}; build first.`);
  return feeds.map((name) => {
    const signature = sodium.crypto_sign_detached(readFileSync(join(dir, name)), secretKey);
    writeFileSync(join(dir, `${name}.sig`), `${b64(signature)}\n`);
    return join(dir, `${name}.sig`);
  });
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
