// The update check's preference and flow (electron/updates/service.ts), with the feed check
// answered by a fake fetch serving a feed signed here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpdateServices } from '../../electron/updates/service';
import { signedStatement } from '../../scripts/sign-feed.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'tv-update-service-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let publicKey: string;
let secretKey: string;
let fetchFeed: typeof fetch;
const SHA = 'A'.repeat(86) + '==';
const yml = (version: string) => `version: ${version}\nfiles:\n  - url: Token-Vault-${version}.dmg\n    sha512: ${SHA}\n    size: 10\npath: Token-Vault-${version}.dmg\nsha512: ${SHA}\nreleaseNotes: Fixes the lock on resume.\n`;

/** A fetch answering one mac feed of `version`, signed by the release script at `issuedAt`. */
async function macFeed(version: string, issuedAt = new Date()): Promise<typeof fetch> {
  const text = yml(version);
  const sig = await signedStatement('latest-mac.yml', new TextEncoder().encode(text), secretKey, { issuedAt });
  return (async (url: URL) => new Response(String(url).endsWith('.sig') ? sig : text)) as unknown as typeof fetch;
}

beforeAll(async () => {
  await sodium.ready;
  const pair = sodium.crypto_sign_keypair();
  publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL);
  secretKey = sodium.to_base64(pair.privateKey, sodium.base64_variants.ORIGINAL);
  fetchFeed = await macFeed('0.3.0');
});

const service = (name: string, extra: Partial<Parameters<typeof createUpdateServices>[0]> = {}) =>
  createUpdateServices({
    preferencesPath: join(scratch, name, 'updates.json'),
    currentVersion: '0.2.0',
    platform: 'darwin',
    arch: 'arm64',
    publicKey,
    defaultFeedUrl: 'https://updates.example.com/feed',
    releasesPage: 'https://gitlab.com/token-vault/token-vault/-/releases',
    fetch: fetchFeed,
    ...extra,
  });

describe('the update service', () => {
  it('does not check at start until the person said yes', async () => {
    const fetch = vi.fn(fetchFeed);
    const updates = service('unasked', { fetch: fetch as unknown as typeof globalThis.fetch });
    expect(await updates.checkOnStart()).toMatchObject({ check: 'unasked', last: null });
    expect(fetch).not.toHaveBeenCalled();
    await updates.updatesSet({ check: false });
    expect(await updates.checkOnStart()).toMatchObject({ check: 'off', last: null });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('once on, checks at start, tells main, and remembers the answer owner-only; installs nothing until asked', async () => {
    const onNewer = vi.fn();
    const install = vi.fn(async () => undefined);
    const first = service('on', { onNewer, install });
    await first.updatesSet({ check: true });
    const path = join(scratch, 'on', 'updates.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = service('on', { onNewer, install });
    const state = await again.checkOnStart();
    expect(state).toMatchObject({ check: 'on', available: true, install: 'automatic', last: { status: 'newer', version: '0.3.0', notes: 'Fixes the lock on resume.' } });
    expect(onNewer).toHaveBeenCalledWith(expect.objectContaining({ available: true }));
    expect(install).not.toHaveBeenCalled();
    await again.updatesInstall();
    expect(install).toHaveBeenCalledWith(expect.objectContaining({ status: 'newer', version: '0.3.0' }), 'https://updates.example.com/feed');
  });

  it('installs only a release a check verified, and says so plainly when the install fails', async () => {
    const install = vi.fn(async () => {
      throw new Error('sha512 checksum mismatch');
    });
    const updates = service('install', { install });
    await expect(updates.updatesInstall()).rejects.toMatchObject({ code: 'NO_UPDATE' });
    await updates.updatesSet({ check: true });
    await updates.updatesCheck();
    await expect(updates.updatesInstall()).rejects.toMatchObject({ code: 'INSTALL_FAILED', message: expect.stringMatching(/nothing was installed/) });
    await updates.updatesSet({ check: false });
    install.mockClear();
    await expect(updates.updatesInstall()).rejects.toMatchObject({ code: 'NO_UPDATE' });
    expect(install).not.toHaveBeenCalled();
    await expect(service('manual').updatesInstall()).rejects.toMatchObject({ code: 'UPDATES_MANUAL' });
  });

  it('keeps a chosen https feed, goes back to the default on null, and refuses a plain-http one', async () => {
    const updates = service('feed');
    expect(await updates.updatesSet({ check: true, feedUrl: 'https://mirror.example.org/tv/' })).toMatchObject({ feedUrl: 'https://mirror.example.org/tv/', isDefaultFeed: false });
    await expect(updates.updatesSet({ check: true, feedUrl: 'http://mirror.example.org/' })).rejects.toMatchObject({ code: 'FEED_URL' });
    expect(updates.updatesGet().feedUrl).toBe('https://mirror.example.org/tv/');
    expect(await updates.updatesSet({ check: true, feedUrl: null })).toMatchObject({ feedUrl: 'https://updates.example.com/feed', isDefaultFeed: true });
  });

  it('asks again when its file is damaged, rather than checking without consent', () => {
    const path = join(scratch, 'damaged', 'updates.json');
    mkdirSync(join(scratch, 'damaged'));
    writeFileSync(path, '{"check": "yes please"');
    expect(service('damaged').updatesGet().check).toBe('unasked');
    expect(readFileSync(path, 'utf8')).toContain('yes please');
  });

  it('remembers the newest feed it believed, across restarts: a replayed older feed is refused, and the answer says why', async () => {
    const lastWeek = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000);
    const first = service('seen', { fetch: await macFeed('0.3.0') });
    await first.updatesSet({ check: true });
    expect(await first.updatesCheck()).toMatchObject({ last: { status: 'newer', version: '0.3.0' } });
    const saved = JSON.parse(readFileSync(join(scratch, 'seen', 'updates.json'), 'utf8')) as { seen: { version: string; issuedAt: string } };
    expect(saved.seen.version).toBe('0.3.0');

    // Next start: the network serves a genuine feed signed last week, or one signed now with an older version.
    const replayed = await service('seen', { fetch: await macFeed('0.3.0', lastWeek) }).checkOnStart();
    expect(replayed).toMatchObject({ available: false, last: { status: 'failed', message: expect.stringMatching(/before one this computer already saw .*: an old feed is being replayed; it was ignored\.$/) } });
    const older = await service('seen', { fetch: await macFeed('0.2.5') }).checkOnStart();
    expect(older).toMatchObject({ available: false, last: { status: 'failed', message: 'The update feed offers version 0.2.5, older than the 0.3.0 it offered before: an old feed is being replayed; it was ignored.' } });
    // A refused feed does not move what was seen; turning updates off and on keeps it.
    await service('seen').updatesSet({ check: false });
    await service('seen').updatesSet({ check: true });
    expect((JSON.parse(readFileSync(join(scratch, 'seen', 'updates.json'), 'utf8')) as typeof saved).seen).toEqual(saved.seen);
    // A newer release is believed and becomes what was seen.
    expect(await service('seen', { fetch: await macFeed('0.4.0') }).checkOnStart()).toMatchObject({ available: true, last: { version: '0.4.0' } });
  });
});
