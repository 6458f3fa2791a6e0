// A release feed served over HTTP on this machine, as `npm run release` leaves one: latest*.yml
// for a version, the installer it lists, and latest*.yml.sig signed by scripts/sign-feed.mjs
// with a key made here. The update-feed integration test and the update E2E both use it.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { signFeed } from '../../scripts/sign-feed.mjs';

export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

export interface ReleaseOptions {
  /** Sign with this secret key instead of the feed's own (a feed the app must not believe). */
  key?: string;
  /** The SHA-512 the feed lists for the installer, instead of the real one. */
  sha?: string;
  notes?: string;
  /** When the feed says it was signed (default: now), and for how many days it is good. */
  issuedAt?: Date;
  validDays?: number;
}

export interface LocalFeed {
  origin: string;
  /** The key the app under test should trust. */
  releaseKey: KeyPair;
  /** Another key: what a feed not signed by the release owner is signed with. */
  otherKey: KeyPair;
  /** The installer every release lists. */
  installer: Buffer;
  /** Every path asked of this feed, in order: what a check sent. */
  requests: string[];
  /** The folder the feeds live in (a test may change a file after signing). */
  dir: string;
  /** Writes and signs a release in its own folder; answers the feed's address. */
  release(name: string, version: string, options?: ReleaseOptions): Promise<string>;
  close(): Promise<void>;
}

export const sha512Base64 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

export async function makeKeyPair(): Promise<KeyPair> {
  await sodium.ready;
  const k = sodium.crypto_sign_keypair();
  const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);
  return { publicKey: b64(k.publicKey), secretKey: b64(k.privateKey) };
}

export async function startLocalFeed(): Promise<LocalFeed> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-update-feed-'));
  const releaseKey = await makeKeyPair();
  const otherKey = await makeKeyPair();
  const installer = Buffer.from('pretend NSIS installer for 0.2.0\n');
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      if (path.includes('..')) throw new Error('outside the feeds');
      const body = readFileSync(join(dir, path));
      response.writeHead(200).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const release = async (name: string, version: string, options: ReleaseOptions = {}): Promise<string> => {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'Token-Vault-Setup.exe'), installer);
    const sha = options.sha ?? sha512Base64(installer);
    const notes = (options.notes ?? '<p>Fixes the <b>expiry</b> reminder on Mondays.</p>').split('\n').map((line) => `  ${line}`);
    const yml = [
      `version: ${version}`,
      'files:',
      '  - url: Token-Vault-Setup.exe',
      `    sha512: ${sha}`,
      `    size: ${installer.length}`,
      'path: Token-Vault-Setup.exe',
      `sha512: ${sha}`,
      "releaseDate: '2027-01-10T10:00:00.000Z'",
      'releaseNotes: |',
      ...notes,
      '',
    ].join('\n');
    for (const file of ['latest.yml', 'latest-mac.yml', 'latest-linux.yml']) writeFileSync(join(folder, file), yml);
    await signFeed(folder, options.key ?? releaseKey.secretKey, { issuedAt: options.issuedAt, validDays: options.validDays });
    return `${origin}/${name}/`;
  };

  return {
    origin,
    releaseKey,
    otherKey,
    installer,
    requests,
    dir,
    release,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
