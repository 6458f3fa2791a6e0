// The update check (electron/updates/check.ts) against a release feed served over HTTP from
// this machine, signed by the release script (scripts/sign-feed.mjs) with a key made here.
// From the attacker's side: a feed that is not signed by the built-in key, or was changed
// after signing, or a download whose hash is not the signed one, must change nothing.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkForUpdate, compareVersions, feedUrlProblem, sha512Matches, type SeenFeed } from '../../electron/updates/check';
import { FEED_PUBLIC_KEY } from '../../electron/updates/feed-key';
import { signFeed } from '../../scripts/sign-feed.mjs';
import { sha512Base64 as sha512, startLocalFeed, type LocalFeed, type ReleaseOptions } from '../helpers/update-feed';

let feed: LocalFeed;
let origin: string;
let scratch: string;
let installer: Buffer;
const release = (name: string, version: string, options?: ReleaseOptions) => feed.release(name, version, options);
const check = (feedUrl: string, currentVersion = '0.1.0', platform: NodeJS.Platform = 'win32', more: { arch?: string; seen?: SeenFeed | null; now?: Date } = {}) =>
  checkForUpdate({ feedUrl, currentVersion, platform, arch: more.arch ?? 'x64', seen: more.seen ?? null, now: more.now, publicKey: feed.releaseKey.publicKey, timeoutMs: 10_000 });
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  feed = await startLocalFeed();
  ({ origin, installer, dir: scratch } = feed);
});
afterAll(() => feed?.close());

describe('the update check against a local feed', () => {
  it('finds a newer version and says what it fixes, as plain text', async () => {
    const result = await check(await release('newer', '0.2.0'));
    expect(result).toMatchObject({ status: 'newer', current: '0.1.0', version: '0.2.0', notes: 'Fixes the expiry reminder on Mondays.', releaseDate: '2027-01-10T10:00:00.000Z' });
    expect(result.status === 'newer' && result.files).toEqual([{ url: 'Token-Vault-Setup.exe', sha512: sha512(installer), size: installer.length }]);
  });

  it('reads the feed of each platform (latest-mac.yml, latest-linux.yml)', async () => {
    const feed = await release('platforms', '0.2.0');
    for (const platform of ['darwin', 'linux'] as const) expect((await check(feed, '0.1.0', platform)).status).toBe('newer');
  });

  it('says the same version is current, and an older feed is older (never a downgrade)', async () => {
    expect(await check(await release('same', '0.1.0'))).toMatchObject({ status: 'current', current: '0.1.0', version: '0.1.0' });
    expect(await check(await release('older', '0.0.9'))).toMatchObject({ status: 'older', current: '0.1.0', version: '0.0.9' });
  });

  it('ignores a feed signed by another key', async () => {
    expect(await check(await release('other-key', '9.0.0', { key: feed.otherKey.secretKey }))).toMatchObject({ status: 'failed', code: 'FEED_SIGNATURE' });
  });

  it('ignores a feed changed after it was signed (a newer version, or another hash, slipped in), and says so', async () => {
    const feed = await release('tampered', '0.2.0');
    const file = join(scratch, 'tampered', 'latest.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 0.2.0', 'version: 9.9.9'));
    expect(await check(feed)).toEqual({ status: 'failed', code: 'FEED_SIGNATURE', message: 'The update feed was changed after it was signed; it was ignored.' });
  });

  it('ignores a statement whose signed lines were edited (a later expiry, another system)', async () => {
    const feed = await release('edited-statement', '0.2.0');
    const sig = join(scratch, 'edited-statement', 'latest.yml.sig');
    writeFileSync(sig, readFileSync(sig, 'utf8').replace(/expires: \d{4}/, 'expires: 2999'));
    expect(await check(feed)).toMatchObject({ status: 'failed', code: 'FEED_SIGNATURE' });
  });

  it('ignores an unsigned feed', async () => {
    const feed = await release('unsigned', '0.2.0');
    rmSync(join(scratch, 'unsigned', 'latest.yml.sig'));
    expect(await check(feed)).toMatchObject({ status: 'failed', code: 'FEED_SIGNATURE' });
  });

  it('ignores a signed feed whose files carry no usable SHA-512', async () => {
    expect(await check(await release('no-hash', '0.2.0', { sha: 'abc' }))).toMatchObject({ status: 'failed', code: 'FEED_INVALID' });
  });

  it('says the feed is down when nothing answers, or it has no feed', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise((resolve) => down.close(resolve));
    expect(await check(`http://127.0.0.1:${port}/feed/`)).toMatchObject({ status: 'failed', code: 'FEED_UNREACHABLE' });
    expect(await check(`${origin}/nothing-here/`)).toMatchObject({ status: 'failed', code: 'FEED_UNREACHABLE' });
  });

  it('accepts only https feeds (plain http on this machine alone)', async () => {
    expect(feedUrlProblem('http://updates.example.com/feed/')).toMatch(/https/);
    expect(feedUrlProblem('https://user:pw@example.com/')).toMatch(/user name or password/);
    expect(feedUrlProblem('https://gitlab.com/token-vault/token-vault/-/releases/permalink/latest/downloads')).toBeNull();
    expect(await check('http://updates.example.com/feed/')).toMatchObject({ status: 'failed', code: 'FEED_URL' });
  });
});

describe('a genuine signed feed from another time or another system (the attacker replays what the release owner signed)', () => {
  it('refuses the feed of another system served as this one\'s: Linux\'s as Windows\', x64\'s as arm64\'s', async () => {
    const url = await release('other-system', '0.2.0');
    const folder = join(scratch, 'other-system');
    for (const ext of ['', '.sig']) {
      copyFileSync(join(folder, `latest-linux.yml${ext}`), join(folder, `latest.yml${ext}`));
      copyFileSync(join(folder, `latest-linux.yml${ext}`), join(folder, `latest-linux-arm64.yml${ext}`));
    }
    expect(await check(url, '0.1.0', 'win32')).toEqual({
      status: 'failed',
      code: 'FEED_STALE',
      message: 'The update feed is signed for linux x64 (latest), not for this computer (win32 x64); it was ignored.',
    });
    expect(await check(url, '0.1.0', 'linux', { arch: 'arm64' })).toMatchObject({ status: 'failed', code: 'FEED_STALE', message: expect.stringContaining('not for this computer (linux arm64)') });
    // Its own system still reads it; the mac feed is one file for both architectures.
    expect((await check(url, '0.1.0', 'linux')).status).toBe('newer');
    expect((await check(url, '0.1.0', 'darwin', { arch: 'arm64' })).status).toBe('newer');
  });

  it('refuses an expired feed: a replayed copy holds a user back at most until its signature expires', async () => {
    const url = await release('expired', '0.2.0', { issuedAt: new Date(Date.now() - 40 * DAY), validDays: 30 });
    const result = await check(url);
    expect(result).toMatchObject({ status: 'failed', code: 'FEED_STALE' });
    expect(result.status === 'failed' && result.message).toMatch(/^The update feed's signature expired on \d{4}-\d\d-\d\d: it is an old copy \(perhaps replayed to hold back updates\), or this computer's clock is wrong; it was ignored\.$/);
    // The same feed, checked while it was valid, was believed.
    expect((await check(url, '0.1.0', 'win32', { now: new Date(Date.now() - 20 * DAY) })).status).toBe('newer');
  });

  it('refuses a feed signed before the newest one this computer believed (a replay), though still valid', async () => {
    const signedAt = new Date(Date.now() - 5 * DAY);
    const url = await release('replayed', '0.3.0', { issuedAt: signedAt });
    const seen = { version: '0.3.0', issuedAt: new Date(Date.now() - DAY).toISOString() };
    const result = await check(url, '0.1.0', 'win32', { seen });
    expect(result).toMatchObject({ status: 'failed', code: 'FEED_STALE' });
    expect(result.status === 'failed' && result.message).toMatch(/^The update feed was signed on \S+, before one this computer already saw \(signed \S+\): an old feed is being replayed; it was ignored\.$/);
    // The feed seen itself (same signing time) is still believed, and says what it is.
    const same = await check(url, '0.1.0', 'win32', { seen: { version: '0.3.0', issuedAt: signedAt.toISOString() } });
    expect(same).toMatchObject({ status: 'newer', version: '0.3.0' });
  });

  it('refuses a newly signed feed that offers an older version than one already offered (no downgrade), and never offers an older version as an update', async () => {
    const url = await release('downgrade', '0.2.0');
    const seen = { version: '0.3.0', issuedAt: new Date(Date.now() - DAY).toISOString() };
    expect(await check(url, '0.1.0', 'win32', { seen })).toEqual({
      status: 'failed',
      code: 'FEED_STALE',
      message: 'The update feed offers version 0.2.0, older than the 0.3.0 it offered before: an old feed is being replayed; it was ignored.',
    });
    expect(await check(url, '0.3.0')).toMatchObject({ status: 'older', version: '0.2.0' });
  });
});

describe('a download runs only when its hash is the signed one', () => {
  it('matches the installer the signed feed lists, and nothing else', async () => {
    const result = await check(await release('download', '0.2.0'));
    if (result.status !== 'newer') throw new Error(result.status);
    const downloaded = join(scratch, 'downloaded.exe');
    writeFileSync(downloaded, installer);
    expect(await sha512Matches(downloaded, result.files[0]!.sha512)).toBe(true);
    writeFileSync(downloaded, Buffer.concat([installer, Buffer.from('one extra byte')]));
    expect(await sha512Matches(downloaded, result.files[0]!.sha512)).toBe(false);
    expect(await sha512Matches(join(scratch, 'missing.exe'), result.files[0]!.sha512)).toBe(false);
    expect(await sha512Matches(downloaded, '')).toBe(false);
  });
});

describe('versions and keys', () => {
  it('orders versions as semver does, pre-releases before their release', () => {
    expect(compareVersions('0.2.0', '0.1.9')).toBe(1);
    expect(compareVersions('0.10.0', '0.9.0')).toBe(1);
    expect(compareVersions('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
    expect(() => compareVersions('latest', '1.0.0')).toThrow();
  });

  it('builds in a 32-byte Ed25519 public key', () => {
    expect(Buffer.from(FEED_PUBLIC_KEY, 'base64')).toHaveLength(32);
  });

  it('the release script refuses to run without the signing key', async () => {
    const dir = join(scratch, 'keyless');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.yml'), 'version: 0.2.0\n');
    await expect(signFeed(dir, undefined)).rejects.toThrow(/TOKENVAULT_FEED_SIGNING_KEY is not set/);
  });
});
