// The team's audit log in the app, the real core behind two windows through a folder: Bob copies
// and reveals a team token in his window and syncs; Alice's Team screen shows the vault's Activity
// (who, what, which token) and the token's detail its own, exports it as CSV through the save
// dialog with no secret in it, and when Bob's log is cut short in the place says so instead of
// showing less as if it were everything. A personal vault's token shows no team Activity.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Preview } from '../../scripts/preview-server';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks, startTeammate } from './harness';

const ALICE_PW = 'alice keeps the lighthouse lit';
const BOB_PW = 'bob rows across the still bay';
const SECRET = 'glpat-team-activity-0000000';
let h: Harness;
let page: Page;
let bob: { preview: Preview; unexpected: string[] };
let folder: string;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  folder = path.join(h.dir, 'TeamSync');
  fs.mkdirSync(folder);
  const api = h.preview.services.api;
  await api.vaultCreate({ password: ALICE_PW });
  await api.tokensAdd({ entry: { name: 'alice-own' }, secret: 'glpat-alice-own-personal-1' });
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);

  bob = await startTeammate(h, 'bob', BOB_PW);
});

test.afterAll(async () => {
  await bob?.preview.close();
  expect(bob?.unexpected ?? []).toEqual([]);
});

const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
const openToken = async (name: string) => {
  await nav('Tokens').click();
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: new RegExp(`^${name}`) }).click();
};

test('a personal vault\'s token shows no team activity', async () => {
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();
  await openToken('alice-own');
  await expect(page.getByRole('heading', { name: 'Given to programs' })).toBeVisible();
  await expect(page.getByTestId('team-activity')).toHaveCount(0);
});

test('Bob\'s copy and reveal in his window reach Alice\'s Activity, with his name and the token', async () => {
  const api = h.preview.services.api;
  await api.teamMakeIdentity({ name: 'Alice' });
  await api.teamCreate({ name: 'Platform', place: { kind: 'folder', where: folder }, password: ALICE_PW });
  await api.tokensAdd({ entry: { name: 'deploy-bot', kind: 'project', instance: 'https://gitlab.example' }, secret: SECRET });
  const bobApi = bob.preview.services.api;
  const bobId = await bobApi.teamMakeIdentity({ name: 'Bob' });
  await api.teamInvite({ code: bobId.invite, role: 'member', newKey: false });
  await bobApi.teamJoin({ place: { kind: 'folder', where: folder }, password: BOB_PW });
  const token = (await bobApi.tokensList({})).find((e) => e.name === 'deploy-bot')!;
  await bobApi.tokensCopy({ id: token.id });
  await bobApi.tokensReveal({ id: token.id });
  await bobApi.teamSyncNow({});

  await page.reload();
  await nav('Team').click();
  await expect(page.getByRole('heading', { name: 'Team Platform' })).toBeVisible();
  await page.getByRole('button', { name: 'Sync with the team' }).click();
  await expect(page.getByText(/Synced with the team/)).toBeVisible();
  const activity = page.getByRole('region', { name: 'Activity' });
  const rows = activity.getByTestId('activity-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('Bob showed the secret deploy-bot');
  await expect(rows.nth(0)).toContainText('on screen');
  await expect(rows.nth(1)).toContainText('Bob copied deploy-bot');
  await expect(rows.nth(1)).toContainText('to the clipboard');
  await expect(rows.nth(2)).toContainText('Alice added a member Bob');
  await expect(rows.nth(3)).toContainText('Alice added deploy-bot');
  await expect(activity.getByTestId('activity-problems')).toHaveCount(0);
  await activity.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-01-vault-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await activity.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-01-vault-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  expect(await pageText(page)).not.toContain(SECRET);
});

test('the token\'s detail shows its own activity; Export CSV… writes it through the save dialog, without the secret', async () => {
  await openToken('deploy-bot');
  const own = page.getByRole('region', { name: 'Activity in the team' });
  await expect(own.getByTestId('activity-row')).toHaveCount(3);
  await expect(own.getByTestId('activity-row').first()).toContainText('Bob showed the secret');
  await own.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-02-token-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await own.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-02-token-800');
  await page.setViewportSize({ width: 1200, height: 800 });

  const file = path.join(h.dir, 'deploy-bot-log.csv');
  h.dialogs.answer(file);
  await own.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByText('Wrote 3 entries to deploy-bot-log.csv.')).toBeVisible();
  expect(h.dialogs.asked.at(-1)).toMatchObject({ kind: 'save', title: 'Export the team log as CSV', defaultName: 'team-log-deploy-bot.csv' });
  const csv = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('time,author,author fingerprint,author standing,action,token id,token or member name,detail,device,published');
  expect(csv.slice(1).map((l) => l.split(',')[4])).toEqual(['added', 'copied', 'showed the secret']);
  expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
  expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
});

test('Bob\'s log cut short in the place is said above the list, naming whose, not shown as everything', async () => {
  const team = fs.readdirSync(folder)[0]!;
  const devices = fs.readdirSync(path.join(folder, team));
  const bobsDevice = devices.find((d) => {
    try {
      return JSON.parse(JSON.parse(fs.readFileSync(path.join(folder, team, d, 'owner.json'), 'utf8')).body).name === 'Bob';
    } catch {
      return false;
    }
  })!;
  for (const f of fs.readdirSync(path.join(folder, team, bobsDevice))) if (f.startsWith('log-')) fs.rmSync(path.join(folder, team, bobsDevice, f));
  await nav('Team').click();
  const activity = page.getByRole('region', { name: 'Activity' });
  const problems = activity.getByTestId('activity-problems');
  await expect(problems).toContainText('Not shown: one part of the log was refused or is missing.');
  await expect(problems).toContainText(/Bob's log on device .* in the place ends at batch 0, but this copy read it up to batch 1 before/);
  await expect(activity.getByTestId('activity-row')).toHaveCount(2);
  await activity.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-03-cut-short-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await activity.scrollIntoViewIfNeeded();
  await shoot(page, 'team-activity-03-cut-short-800');
  await page.setViewportSize({ width: 1200, height: 800 });
});
