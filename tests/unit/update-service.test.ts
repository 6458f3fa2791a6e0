// The update check's preference and flow (electron/updates/service.ts), with the feed check
// answered by a fake fetch serving a feed signed here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpdateServices } from '../../electron/updates/service';

const scratch = mkdtempSync(join(tmpdir(), 'tv-update-service-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let publicKey: string;
let fetchFeed: typeof fetch;
const SHA = 'A'.repeat(86) + '==';

beforeAll(async () => {
  await sodium.ready;
  const pair = sodium.crypto_sign_keypair();
  publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL);
  const yml = `version: 0.3.0\nfiles:\n  - url: Token-Vault-0.3.0.dmg\n    sha512: ${SHA}\n    size: 10\npath: Token-Vault-0.3.0.dmg\nsha512: ${SHA}\nreleaseNotes: Fixes the lock on resume.\n`;
  const sig = sodium.to_base64(sodium.crypto_sign_detached(new TextEncoder().encode(yml), pair.privateKey), sodium.base64_variants.ORIGINAL);
  fetchFeed = (async (url: URL) => new Response(String(url).endsWith('.sig') ? sig : yml)) as unknown as typeof fetch;
});

const service = (name: string, extra: Partial<Parameters<typeof createUpdateServices>[0]> = {}) =>
  createUpdateServices({
    preferencesPath: join(scratch, name, 'updates.json'),
    currentVersion: '0.2.0',
    platform: 'darwin',
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
});
