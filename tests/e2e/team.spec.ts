// Team vaults in the app, with the real core behind two windows (two preview servers, two
// people): Alice makes her identity and a team vault through a folder, adds Bob from his invite
// code after seeing his fingerprint, Bob joins from his own window, an invite under Bob's name
// with another key is a loud warning, and removing Bob lists what he still knows and rotates
// it against the GitLab emulator — one token rotated, one that cannot be, one whose address Bob
// moved to his own server not sent there; the report says which, and why.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { inviteCode, newIdentity } from '../../electron/team/identity';
import { loadSodium } from '../../electron/vault/sodium';
import type { Preview } from '../../scripts/preview-server';
import { shoot, startHarness, type Harness, sharedPageHooks, startTeammate } from './harness';

const ALICE_PW = 'alice keeps the lighthouse lit';
const BOB_PW = 'bob rows across the still bay';
let h: Harness;
let page: Page;
let bob: { preview: Preview; page: Page; unexpected: string[] };
let folder: string;
let ciSecret: string;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  folder = path.join(h.dir, 'TeamSync');
  fs.mkdirSync(folder);
  await h.preview.services.api.vaultCreate({ password: ALICE_PW });
  await h.preview.services.api.tokensAdd({ entry: { name: 'alice-own' }, secret: 'glpat-alice-own-personal-1' });
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);

  const teammate = await startTeammate(h, 'bob', BOB_PW);
  bob = { ...teammate, page: await browser.newPage({ viewport: { width: 1200, height: 800 } }) };
  await bob.page.goto(teammate.preview.url);
});

test.afterAll(async () => {
  await bob?.page.close();
  await bob?.preview.close();
  expect(bob?.unexpected ?? []).toEqual([]);
});

/** Made through the services, each personal vault is open already: the window shows it unlocked. */
const ready = (p: Page) => expect(p.getByRole('button', { name: 'Lock' })).toBeVisible();
const openTeam = (p: Page) => p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Team', exact: true }).click();

test('your identity: made under a name, its fingerprint in ten groups, the invite code copied', async () => {
  await ready(page);
  await openTeam(page);
  await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
  await page.getByLabel('Your name, as your teammates know you').fill('Alice');
  await page.getByRole('button', { name: 'Make my identity' }).click();
  const print = page.getByRole('img', { name: /^Your fingerprint/ });
  await expect(print).toBeVisible();
  await expect(print.locator('code')).toHaveCount(10);
  const spoken = (await print.getAttribute('aria-label'))!.replace('Your fingerprint ', '');
  expect(spoken).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){9}$/);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText('Invite code copied.')).toBeVisible();
  expect(h.clipboard.text).toBe(await page.getByLabel('Your invite code').inputValue());
  expect(h.clipboard.text.startsWith('tvid1.')).toBe(true);
  await shoot(page, 'team-01-identity');
});

test('create a team vault through a folder: a new vault beside this one, shown unlocked, Alice its manager', async () => {
  await page.getByRole('button', { name: 'Create a team vault…' }).click();
  await page.getByLabel('Team name').fill('Platform');
  await page.getByLabel('Folder', { exact: true }).fill(folder);
  await page.getByLabel('Master password of this vault').fill('not the password');
  await page.getByRole('button', { name: 'Create team vault' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not this vault’s master password' })).toBeVisible();
  expect(fs.existsSync(path.join(h.dir, 'Platform.tokenvault'))).toBe(false);
  await page.getByLabel('Master password of this vault').fill(ALICE_PW);
  await shoot(page, 'team-02-create');
  await page.getByRole('button', { name: 'Create team vault' }).click();
  await expect(page.getByRole('heading', { name: 'Team Platform' })).toBeVisible();
  expect(h.preview.services.session.path).toBe(path.join(h.dir, 'Platform.tokenvault'));
  const rows = page.getByTestId('member-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Alice (you)');
  await expect(rows.first()).toContainText('Manager');
  // The team vault holds the team's tokens, not Alice's personal ones.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tokens' }).click();
  await expect(page.getByText('alice-own')).toHaveCount(0);
});

test('add Bob from his invite code: who it names and his fingerprint first, then a role', async () => {
  h.emulator.addUser('alice');
  const ci = h.emulator.issueToken({ username: 'alice', name: 'ci-deploy', scopes: ['api'] });
  ciSecret = ci.secret;
  const api = h.preview.services.api;
  await api.tokensAdd({ entry: { name: 'ci-deploy', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: ci.secret });
  await api.tokensAdd({ entry: { name: 'shared-webhook', kind: 'other' }, secret: 'whsec-shared-webhook-1234567' });
  const pages = h.emulator.issueToken({ username: 'alice', name: 'pages-deploy', scopes: ['api'] });
  await api.tokensAdd({ entry: { name: 'pages-deploy', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: pages.secret });

  const bobId = await bob.preview.services.api.teamMakeIdentity({ name: 'Bob' });
  await openTeam(page);
  await page.getByLabel('Their invite code').fill(bobId.invite);
  const who = page.getByTestId('invite-who');
  await expect(who).toContainText('Bob’s, with the fingerprint');
  await expect(who.getByRole('img', { name: `Bob’s fingerprint ${bobId.fingerprint}` })).toBeVisible();
  await shoot(page, 'team-03-invite');
  await page.getByRole('button', { name: 'Add Bob' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  await expect(page.getByTestId('member-row').filter({ hasText: 'Bob' })).toContainText('Member');
  // The tokens go to the team with the sync: Bob's copy will find them.
  await page.getByRole('button', { name: 'Sync with the team' }).click();
  await expect(page.getByText(/Synced with the team/)).toBeVisible();
});

test('a code that says it is Bob with another key is refused loudly until Alice says she compared the new fingerprint', async () => {
  const sodium = await loadSodium();
  const impostor = inviteCode(sodium, newIdentity(sodium, 'Bob'));
  await page.getByLabel('Their invite code').fill(impostor);
  await page.getByRole('button', { name: 'Add Bob' }).click();
  const warning = page.getByTestId('key-warning');
  await expect(warning).toContainText('Key changed');
  await expect(warning).toContainText('Someone may be posing as Bob');
  await expect(page.getByRole('button', { name: 'Add Bob' })).toBeDisabled();
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  await warning.scrollIntoViewIfNeeded();
  await shoot(page, 'team-04-key-changed');
  await page.getByLabel('Their invite code').fill('');
  await expect(warning).toHaveCount(0);
});

test('Bob joins from his own window: the team vault opens with the team’s tokens and both fingerprints', async () => {
  const p = bob.page;
  await ready(p);
  await openTeam(p);
  await p.getByRole('button', { name: 'Join a team vault…' }).click();
  await p.getByLabel('Folder', { exact: true }).fill(folder);
  await p.getByLabel('Master password of this vault').fill(BOB_PW);
  await p.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(p.getByRole('heading', { name: 'Team Platform' })).toBeVisible();
  await expect(p.getByTestId('member-row')).toHaveCount(2);
  await expect(p.getByTestId('member-row').filter({ hasText: 'Bob (you)' })).toContainText('Member');
  // A member sees no manager's controls.
  await expect(p.getByRole('button', { name: /Remove…/ })).toHaveCount(0);
  await expect(p.getByRole('heading', { name: 'Add a member' })).toHaveCount(0);
  await shoot(p, 'team-05-member-view');
  await p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tokens' }).click();
  await expect(p.getByText('ci-deploy')).toBeVisible();
  // Before he is removed, Bob points a team token at a server of his own and publishes it: after
  // his removal a rotation sent there would hand him the new secret.
  const bobApi = bob.preview.services.api;
  const target = (await bobApi.tokensList({})).find((e) => e.name === 'pages-deploy')!;
  await bobApi.tokensUpdate({ id: target.id, patch: { instance: 'https://gitlab.bob-proxy.example' } });
  await bobApi.teamSyncNow({});
});

test('removing Bob says what he still knows; Rotate all of them rotates through GitLab and reports what could not be, and why', async () => {
  await page.reload();
  await openTeam(page);
  await page.getByTestId('member-row').filter({ hasText: 'Bob' }).getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Bob from Platform?' });
  await expect(dialog).toContainText('Bob still knows every token they could read until now');
  await shoot(page, 'team-06-remove');
  await dialog.getByRole('button', { name: 'Remove Bob' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  const exposed = page.getByRole('region', { name: 'What Bob still knows' });
  await expect(exposed).toContainText('Bob could read 3 tokens below, and still can');
  await expect(exposed).toContainText('ci-deploy');
  await expect(exposed).toContainText('shared-webhook');
  // Before any rotation nothing was sent anywhere, and the way out is the app's own Edit… dialog.
  const held = exposed.getByRole('listitem').filter({ hasText: 'pages-deploy' });
  await expect(held).toContainText('Its GitLab address (https://gitlab.bob-proxy.example) was last set by Bob (removed on ');
  await expect(held).toContainText('it will not be rotated until you check the address in its Edit… dialog (GitLab address)');
  await expect(held).not.toContainText('was not sent');
  await expect(held).not.toContainText('--instance');
  await shoot(page, 'team-07-exposed');
  await exposed.getByRole('button', { name: 'Rotate all of them' }).click();
  const report = page.getByTestId('rotation-report');
  await expect(report).toContainText('1 rotated, 2 could not be');
  await expect(report.locator('li.rotated')).toContainText('ci-deploy');
  await expect(report.locator('li.not-rotated').filter({ hasText: 'shared-webhook' })).toContainText('Token Vault does not know which kind of GitLab credential it is');
  const notSent = report.locator('li.not-rotated').filter({ hasText: 'pages-deploy' });
  await expect(notSent).toContainText('Not sent to GitLab: its GitLab address https://gitlab.bob-proxy.example was last set by Bob, removed from the team on ');
  await expect(notSent).toContainText('Check the address in the token’s Edit… dialog (GitLab address), then rotate it.');
  await expect(notSent).not.toContainText('--instance');
  await shoot(page, 'team-08-rotation-report');
  // Behind the report: the stored secret is the new one GitLab issued, and GitLab refuses the old.
  const vault = h.preview.services.session.unlocked();
  const stored = vault.readSecret(vault.list().find((e) => e.name === 'ci-deploy')!.id);
  expect(stored).not.toBe(ciSecret);
  const old = await fetch(`${h.emulator.url}/api/v4/personal_access_tokens/self`, { headers: { 'PRIVATE-TOKEN': ciSecret } });
  expect(old.status).toBe(401);
  // Only the one not rotated is still listed as known to Bob.
  await page.reload();
  await openTeam(page);
  await expect(page.getByRole('region', { name: 'What Bob still knows' }).getByRole('listitem')).toHaveCount(2);
});

test('Bob’s own screen after his removal: no Sync with the team, and it says plainly this copy no longer syncs', async () => {
  const p = bob.page;
  await p.setViewportSize({ width: 1200, height: 800 });
  await p.reload();
  await openTeam(p);
  // His copy learns of the removal from the team's place, on his next sync.
  await p.getByRole('button', { name: 'Sync with the team' }).click();
  const notice = p.getByTestId('removed-notice');
  await expect(notice).toContainText('This copy no longer syncs with the team.');
  await expect(notice).toContainText('You were removed from Platform by Alice on ');
  await expect(p.getByRole('button', { name: /Sync with the team|Syncing/ })).toHaveCount(0);
  await expect(p.getByRole('button', { name: 'Rotate all of them' })).toHaveCount(0);
  await expect(p.getByRole('heading', { name: 'Add a member' })).toHaveCount(0);
  // The same after a reload: the copy itself remembers.
  await p.reload();
  await openTeam(p);
  await expect(p.getByTestId('removed-notice')).toBeVisible();
  await expect(p.getByRole('button', { name: 'Sync with the team' })).toHaveCount(0);
  // The header says it too, read from the copy itself (Bob's window remembers no vaults).
  await expect(p.getByTestId('vault-switcher')).toHaveAccessibleName('Platform, team vault (you were removed) — switch vault');
  // No actions column here: the fingerprint still starts under its heading.
  const heading = await p.getByRole('columnheader', { name: 'Fingerprint' }).boundingBox();
  const print = await p.getByTestId('member-row').first().getByRole('img', { name: /fingerprint/ }).boundingBox();
  expect(Math.abs(print!.x - heading!.x)).toBeLessThan(12);
  await shoot(p, 'team-11-removed-member');
});

test('the team screens at 800×600', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, 'team-09-manager-800');
  await bob.page.setViewportSize({ width: 800, height: 600 });
  await openTeam(bob.page);
  await shoot(bob.page, 'team-10-member-800');
});
