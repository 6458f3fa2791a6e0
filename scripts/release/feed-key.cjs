// `npm run release` refuses to build with the development feed key (electron/updates/feed-key.ts):
// its secret half was never kept, so no release feed could ever verify and every installed copy
// would stop hearing about updates. With TOKENVAULT_FEED_SIGNING_KEY set, the secret key must also
// be the one whose public half the app is built with, or the feed it signs would be ignored.
//
//   node scripts/release/feed-key.cjs     exit 1 with one sentence when the release must not go on
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The key committed for development; a release must replace it (README, "The update feed's key"). */
const DEV_FEED_PUBLIC_KEY = 'LojJ5Ig6U/8XHCMI/vEiQT0yzejYWvklLKzSdtwLaBA=';

/** The public key as feed-key.ts states it, or null when it cannot be read there. */
function builtInFeedKey(source) {
  const found = /export const FEED_PUBLIC_KEY = '([A-Za-z0-9+/=]+)';/.exec(source);
  return found ? found[1] : null;
}

/** One sentence saying why a release must not be built with this key (and signing key), or null. */
function releaseFeedKeyProblem(source, secretKeyBase64, sodium) {
  const key = builtInFeedKey(source);
  if (!key) return 'release: electron/updates/feed-key.ts states no FEED_PUBLIC_KEY this check can read; nothing was built.';
  if (key === DEV_FEED_PUBLIC_KEY) {
    return 'release: electron/updates/feed-key.ts still holds the development feed key, whose secret half was never kept; run "node scripts/sign-feed.mjs keygen", put the public key there and the secret one in TOKENVAULT_FEED_SIGNING_KEY (README, "The update feed\'s key"); nothing was built.';
  }
  if (secretKeyBase64 && sodium) {
    let publicHalf = null;
    try {
      publicHalf = sodium.to_base64(sodium.crypto_sign_ed25519_sk_to_pk(sodium.from_base64(secretKeyBase64.trim(), sodium.base64_variants.ORIGINAL)), sodium.base64_variants.ORIGINAL);
    } catch {
      return 'release: TOKENVAULT_FEED_SIGNING_KEY is not an Ed25519 secret key (64 bytes, base64); nothing was built.';
    }
    if (publicHalf !== key) return 'release: TOKENVAULT_FEED_SIGNING_KEY is not the secret half of the key in electron/updates/feed-key.ts: the app would ignore every feed it signs; nothing was built.';
  }
  return null;
}

module.exports = { DEV_FEED_PUBLIC_KEY, builtInFeedKey, releaseFeedKeyProblem };

if (require.main === module) {
  const sodium = require('libsodium-wrappers-sumo');
  sodium.ready.then(() => {
    const source = readFileSync(join(__dirname, '..', '..', 'electron', 'updates', 'feed-key.ts'), 'utf8');
    const problem = releaseFeedKeyProblem(source, process.env.TOKENVAULT_FEED_SIGNING_KEY, sodium);
    if (problem) {
      console.error(problem);
      process.exitCode = 1;
    } else console.log('release: the feed key is a release key.');
  });
}
