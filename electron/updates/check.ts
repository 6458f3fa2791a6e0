// Is there a newer Token Vault? Reads the release feed electron-builder writes (latest.yml,
// latest-mac.yml, latest-linux.yml: version, files with their sha512, release notes) and
// believes it only when the signed statement beside it (.sig; feed-signature.ts) verifies under
// the key built into the app (feed-key.ts), names this very feed file, this system, architecture
// and channel, has not expired, and is no older — in signing time or in version — than the
// newest feed this computer believed before (`seen`). The files' sha512 values in a verified feed are
// then the only thing a download is checked against before it may run (sha512Matches;
// electron-updater checks the same value). No Electron here: tested in Node against a local feed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider.js';
import { statementProblem, verifiedStatement, type SeenFeed } from './feed-signature';

export type { SeenFeed } from './feed-signature';

/** FEED_STALE: signed, but expired, for another system, or older than a feed already believed here. */
export type FeedFailure = 'FEED_URL' | 'FEED_UNREACHABLE' | 'FEED_SIGNATURE' | 'FEED_INVALID' | 'FEED_STALE';

/** The only channel this app follows (electron-builder's default). */
export const FEED_CHANNEL = 'latest';

export interface FeedFile {
  url: string;
  sha512: string;
  size: number | null;
}

export type UpdateCheck =
  | { status: 'newer'; current: string; version: string; notes: string; releaseDate: string | null; files: FeedFile[]; feedText: string; seen: SeenFeed }
  | { status: 'current' | 'older'; current: string; version: string; seen: SeenFeed }
  | { status: 'failed'; code: FeedFailure; message: string };

/** The feed file electron-builder writes for each platform (Linux names every architecture but x64; one mac feed lists both). */
export function feedFileName(platform: NodeJS.Platform, arch = 'x64'): string {
  if (platform === 'darwin') return `${FEED_CHANNEL}-mac.yml`;
  if (platform === 'linux') return arch === 'x64' ? `${FEED_CHANNEL}-linux.yml` : `${FEED_CHANNEL}-linux-${arch}.yml`;
  return `${FEED_CHANNEL}.yml`;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Semantic version order: -1, 0 or 1; throws on something that is not a version. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const [pa, pb] = [VERSION.exec(a.trim()), VERSION.exec(b.trim())];
  if (!pa || !pb) throw new Error(`Not a version: ${!pa ? a : b}`);
  for (let i = 1; i <= 3; i += 1) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const [ra, rb] = [pa[4], pb[4]];
  if (ra === rb) return 0;
  // A release is newer than its pre-releases.
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  const [xa, xb] = [ra.split('.'), rb.split('.')];
  for (let i = 0; i < Math.max(xa.length, xb.length); i += 1) {
    const [ia, ib] = [xa[i], xb[i]];
    if (ia === undefined) return -1;
    if (ib === undefined) return 1;
    const [na, nb] = [/^\d+$/.test(ia), /^\d+$/.test(ib)];
    if (na && nb && Number(ia) !== Number(ib)) return Number(ia) < Number(ib) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (ia !== ib) return ia < ib ? -1 : 1;
  }
  return 0;
}

/** A feed must be https; plain http only on this machine (a local mirror, the tests). */
export function feedUrlProblem(feedUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(feedUrl);
  } catch {
    return 'The update feed address is not a web address.';
  }
  if (url.username || url.password) return 'The update feed address must not carry a user name or password.';
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'The update feed must be an https:// address.';
  return null;
}

/** Whether a downloaded file's SHA-512 (base64, as electron-builder writes it) is the one the signed feed lists. */
export function sha512Matches(file: string, expectedBase64: string): Promise<boolean> {
  return new Promise((resolve) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolve(false))
      .on('end', () => resolve(expectedBase64.length > 0 && hash.digest('base64') === expectedBase64));
  });
}

/** Release notes as plain text: electron-builder may give HTML, a string or a list per version. */
function plainNotes(notes: unknown): string {
  const text = Array.isArray(notes)
    ? notes.map((n: { version?: string; note?: string | null }) => `${n.version ?? ''}: ${n.note ?? ''}`).join('\n')
    : typeof notes === 'string'
      ? notes
      : '';
  return text.replace(/<[^>]*>/g, '').replace(/\n{3,}/g, '\n\n').trim().slice(0, 4000);
}

export interface CheckOptions {
  feedUrl: string;
  currentVersion: string;
  platform: NodeJS.Platform;
  /** process.arch of this build. */
  arch: string;
  publicKey: string;
  /** The newest feed this computer believed before (service.ts keeps it); null the first time. */
  seen: SeenFeed | null;
  now?: Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const failed = (code: FeedFailure, message: string): UpdateCheck => ({ status: 'failed', code, message });

/** Fetches the feed and its signature, verifies, and compares the feed's version with ours. */
export async function checkForUpdate(options: CheckOptions): Promise<UpdateCheck> {
  const problem = feedUrlProblem(options.feedUrl);
  if (problem) return failed('FEED_URL', problem);
  const get = options.fetch ?? fetch;
  const base = options.feedUrl.endsWith('/') ? options.feedUrl : `${options.feedUrl}/`;
  const name = feedFileName(options.platform, options.arch);
  const fetchBytes = async (file: string): Promise<Uint8Array | null> => {
    const response = await get(new URL(file, base), { redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
    if (!response.ok) return null;
    return new Uint8Array(await response.arrayBuffer());
  };
  let feed: Uint8Array | null;
  let signature: Uint8Array | null;
  try {
    [feed, signature] = await Promise.all([fetchBytes(name), fetchBytes(`${name}.sig`)]);
  } catch {
    return failed('FEED_UNREACHABLE', 'The update feed could not be reached; Token Vault will ask again later.');
  }
  if (!feed) return failed('FEED_UNREACHABLE', 'The update feed has no release for this system yet.');
  const statement = signature ? await verifiedStatement(new TextDecoder().decode(signature), options.publicKey) : null;
  if (!statement) return failed('FEED_SIGNATURE', 'The update feed is not signed by Token Vault\'s release key; it was ignored.');
  const target = { file: name, channel: FEED_CHANNEL, platform: options.platform, arch: options.arch };
  const refused = statementProblem(statement, feed, target, options.now ?? new Date(), options.seen);
  if (refused) return failed(refused.code, refused.message);
  const text = new TextDecoder().decode(feed);
  let info: ReturnType<typeof parseUpdateInfo>;
  let order: -1 | 0 | 1;
  try {
    info = parseUpdateInfo(text, name, new URL(name, base));
    order = compareVersions(info.version, options.currentVersion);
  } catch {
    return failed('FEED_INVALID', 'The update feed is signed but not readable; it was ignored.');
  }
  if (options.seen && compareVersions(info.version, options.seen.version) < 0) {
    return failed('FEED_STALE', `The update feed offers version ${info.version}, older than the ${options.seen.version} it offered before: an old feed is being replayed; it was ignored.`);
  }
  const files = info.files.map((file) => ({ url: file.url, sha512: file.sha512, size: file.size ?? null }));
  if (files.length === 0 || files.some((file) => !/^[A-Za-z0-9+/]{86}==$/.test(file.sha512))) {
    return failed('FEED_INVALID', 'The update feed lists a file without a SHA-512 hash; it was ignored.');
  }
  const seen = { version: info.version, issuedAt: statement.issuedAt };
  if (order <= 0) return { status: order === 0 ? 'current' : 'older', current: options.currentVersion, version: info.version, seen };
  return { status: 'newer', current: options.currentVersion, version: info.version, notes: plainNotes(info.releaseNotes), releaseDate: info.releaseDate ?? null, files, feedText: text, seen };
}
