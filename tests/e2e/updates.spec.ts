// The update check as a person meets it (issue 23, item 7), against a release feed served and
// signed on this machine (tests/helpers/update-feed.ts) and the real update service: the
// first-run question (nothing asked of the feed until yes), the banner with what's new, Install
// handing only a verified release to the installer, Settings → Updates, and feeds that must
// not be believed — signed by another key, changed after signing, down.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { UpdateCheck } from '../../electron/updates/check';
import { startLocalFeed, type LocalFeed } from '../helpers/update-feed';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'updates that ask first';
const RELEASES = 'https://gitlab.com/token-vault/token-vault/-/releases';
const SIZES = [{ width: 1200, height: 800 }, { width: 800, height: 600 }];
let h: Harness;
let page: Page;
let feed: LocalFeed;
let newer: string;
const installed: Array<{ version: string; feedUrl: string }> = [];

sharedPageHooks(() => ({ h, page }));
test.afterAll(async () => feed?.close());

async function shootBoth(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shoot(page, `i23-07-${name}-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
}

test.beforeAll(async ({ browser }) => {
  feed = await startLocalFeed();
  newer = await feed.release('newer', '0.2.0', { notes: '<p>Fixes the <b>expiry</b> reminder on Mondays.</p>\n<p>Locks on resume from sleep.</p>' });
  h = await startHarness({
    updates: (dir) => ({
      preferencesPath: join(dir, 'user-data', 'updates.json'),
      currentVersion: '0.1.0',
      platform: 'win32',
      arch: 'x64',
      publicKey: feed.releaseKey.publicKey,
      defaultFeedUrl: newer,
      releasesPage: RELEASES,
      // Stands where electron-updater is on a signed Windows build: records what it was handed.
      install: async (check: Extract<UpdateCheck, { status: 'newer' }>, feedUrl: string) => void installed.push({ version: check.version, feedUrl }),
    }),
  });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('first run asks "Check for updates?", says what is sent, and asks the feed nothing until yes', async () => {
  const question = page.getByTestId('update-question');
  await expect(question.getByRole('heading', { name: 'Check for updates?' })).toBeVisible();
  await expect(question).toContainText(`asks 127.0.0.1:${new URL(feed.origin).port} for a small file naming the newest release`);
  await expect(question).toContainText("carries your computer's IP address and nothing from your vault");
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await shootBoth('update-question');
  await page.reload();
  await expect(page.getByTestId('update-question')).toBeVisible();
  expect(feed.requests).toEqual([]);
  expect(await h.preview.services.api.updatesGet({})).toMatchObject({ check: 'unasked', last: null });
});

test('yes turns it on, checks at once, and a newer signed release shows the banner with what is new', async () => {
  await page.getByRole('button', { name: 'Yes, check for updates' }).click();
  const banner = page.getByTestId('update-banner');
  await expect(banner.getByRole('heading', { name: 'Token Vault 0.2.0 is available' })).toBeVisible();
  await expect(banner).toContainText('You have 0.1.0.');
  await expect(banner.getByLabel("What's new")).toContainText('Fixes the expiry reminder on Mondays.');
  await expect(banner.getByLabel("What's new")).not.toContainText('<b>');
  await expect(page.getByTestId('update-question')).toHaveCount(0);
  expect(feed.requests.sort()).toEqual(['/newer/latest.yml', '/newer/latest.yml.sig']);
  expect(installed).toEqual([]);
  await shootBoth('update-banner-first-run');
});

test('Install hands the verified release to the installer; Later hides the banner until the next start', async () => {
  await page.getByRole('button', { name: 'Install' }).click();
  await expect.poll(() => installed).toEqual([{ version: '0.2.0', feedUrl: newer }]);
  await page.getByRole('button', { name: 'Later' }).click();
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  // The vault form under it kept its place and works.
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('update-banner')).toBeVisible();
});

test('Settings → Updates shows the version, the switch, Check now and when it last checked', async () => {
  // Created (and so unlocked) main-side; the page shows the workspace after a reload.
  await h.preview.services.api.vaultCreate({ password: PASSWORD });
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Updates' });
  await expect(section).toContainText('This is Token Vault 0.1.0.');
  await expect(section.getByLabel('Check for a newer version when Token Vault starts')).toBeChecked();
  await section.getByRole('button', { name: 'Check now' }).click();
  await expect(section.getByTestId('updates-last')).toContainText(/Last checked .*: Token Vault 0\.2\.0 is available\./);
  await expect(page.getByTestId('update-banner')).toBeVisible();
  await page.getByRole('button', { name: 'Later' }).click();
  await section.scrollIntoViewIfNeeded();
  await shootBoth('settings-updates');
});

async function checkFeed(address: string): Promise<void> {
  const section = page.getByRole('region', { name: 'Updates' });
  if (!(await section.getByLabel('Feed address (https)').isVisible())) await section.getByText('Release feed').click();
  await section.getByLabel('Feed address (https)').fill(address);
  await section.getByRole('button', { name: 'Save feed' }).click();
  await expect.poll(async () => (await h.preview.services.api.updatesGet({})).feedUrl).toBe(address);
  await section.getByRole('button', { name: 'Check now' }).click();
}

test('a feed signed by another key is refused in one sentence; no banner, nothing installed', async () => {
  installed.length = 0;
  await checkFeed(await feed.release('other-key', '9.0.0', { key: feed.otherKey.secretKey }));
  const last = page.getByTestId('updates-last');
  await expect(last).toContainText("The update feed is not signed by Token Vault's release key; it was ignored. Nothing was downloaded or installed.");
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  expect(await h.preview.services.api.updatesGet({})).toMatchObject({ available: false, last: { status: 'failed', version: null } });
  // The banner's Install has nothing to hand over: the refused feed replaced the verified one.
  await expect(h.preview.services.api.updatesInstall({})).rejects.toMatchObject({ code: 'NO_UPDATE' });
  expect(installed).toEqual([]);
  await last.scrollIntoViewIfNeeded();
  await shootBoth('settings-updates-bad-signature');
});

test('a feed changed after signing (a higher version slipped in) is refused, and the sentence says so', async () => {
  const tampered = await feed.release('tampered', '0.2.0');
  const file = join(feed.dir, 'tampered', 'latest.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('version: 0.2.0', 'version: 9.9.9'));
  await checkFeed(tampered);
  await expect(page.getByTestId('updates-last')).toContainText('The update feed was changed after it was signed; it was ignored. Nothing was downloaded or installed.');
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  expect(installed).toEqual([]);
});

test('a feed that is down, and one replayed from before 0.2.0 was seen, say so plainly', async () => {
  await checkFeed('http://127.0.0.1:9/feed/');
  await expect(page.getByTestId('updates-last')).toContainText('The update feed could not be reached; Token Vault will ask again later. Nothing was downloaded or installed.');
  // 0.2.0 was seen by the first check: a genuine, still valid feed of 0.1.0 is an old one replayed.
  await checkFeed(await feed.release('same', '0.1.0'));
  await expect(page.getByTestId('updates-last')).toContainText('The update feed offers version 0.1.0, older than the 0.2.0 it offered before: an old feed is being replayed; it was ignored. Nothing was downloaded or installed.');
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
});

test('turning it off stops the check at start and forgets the last outcome', async () => {
  const section = page.getByRole('region', { name: 'Updates' });
  await section.getByLabel('Check for a newer version when Token Vault starts').uncheck();
  await expect(section.getByTestId('updates-last')).toHaveText('Not checked: updates are off.');
  const saved = JSON.parse(readFileSync(join(h.dir, 'user-data', 'updates.json'), 'utf8')) as { check: boolean };
  expect(saved.check).toBe(false);
});

test('where the build cannot install (the deb), a check at start shows the banner and Download opens the releases page', async ({ browser }) => {
  const deb = await startHarness({
    updates: (dir) => {
      // Said yes on an earlier run: the check happens at start, before the page listens.
      mkdirSync(join(dir, 'user-data'), { recursive: true });
      writeFileSync(join(dir, 'user-data', 'updates.json'), JSON.stringify({ check: true, feedUrl: null }));
      return { preferencesPath: join(dir, 'user-data', 'updates.json'), currentVersion: '0.1.0', platform: 'linux', arch: 'x64', publicKey: feed.releaseKey.publicKey, defaultFeedUrl: newer, releasesPage: RELEASES };
    },
  });
  const other = await browser.newPage();
  try {
    await expect.poll(async () => (await deb.preview.services.api.updatesGet({})).available).toBe(true);
    await other.goto(deb.preview.url);
    const banner = other.getByTestId('update-banner');
    await expect(banner.getByRole('heading', { name: 'Token Vault 0.2.0 is available' })).toBeVisible();
    await expect(banner).toContainText('Download opens the releases page in your browser.');
    await expect(banner.getByRole('button', { name: 'Install' })).toHaveCount(0);
    await banner.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => deb.opened).toEqual([RELEASES]);
    await expect(deb.preview.services.api.updatesInstall({})).rejects.toMatchObject({ code: 'UPDATES_MANUAL' });
    expect(deb.unexpected).toEqual([]);
  } finally {
    await other.close();
    await deb.close();
  }
});
