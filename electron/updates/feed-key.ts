// The Ed25519 public key that signs the release feed (latest*.yml → latest*.yml.sig; made by
// `node scripts/sign-feed.mjs` in `npm run release`). Built into the app: a feed, or a
// mirror, or a changed feed URL in Settings cannot announce an update this key did not sign.
//
// The key committed here was generated for development and its secret half was not kept:
// before the first release, the release owner runs `node scripts/sign-feed.mjs keygen`, keeps
// the secret key (TOKENVAULT_FEED_SIGNING_KEY, in the release job's protected variables) and
// puts the public key here. Until then no feed verifies, and the app says so; `npm run release`
// refuses to build with this key (scripts/release/feed-key.cjs).
export const FEED_PUBLIC_KEY = 'LojJ5Ig6U/8XHCMI/vEiQT0yzejYWvklLKzSdtwLaBA=';

/** Where the app looks for releases unless Settings says otherwise (electron-builder.config.cjs: publish). */
export const DEFAULT_FEED_URL = 'https://gitlab.com/token-vault/token-vault/-/releases/permalink/latest/downloads';
/** Where a person reads about a release and downloads it by hand (Linux: the deb). */
export const RELEASES_PAGE = 'https://gitlab.com/token-vault/token-vault/-/releases';
