// A reminder notification's click (main.ts emits `reminderDue`) opens that token: at once
// when unlocked, from any screen and past a search that hides it; right after unlock when
// locked. The preview's emit stands in for main.ts; everything else is the real app.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ApiEvents } from '../../electron/api';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'reminders open the right token';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let h: Harness;
let page: Page;
const ids = new Map<string, string>();
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const reminder = (name: string, daysLeft: number): ApiEvents['reminderDue'] => ({ id: ids.get(name)!, name, expiresAt: dayFromNow(daysLeft), daysLeft });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  // Forty tokens, so the ones a reminder opens sit below the list's first screen.
  const made = vault.addMany(
    Array.from({ length: 40 }, (_, i) => ({
      input: { name: `service-${String(i).padStart(2, '0')}`, kind: 'project' as const, instance: 'gitlab.example.com', expiresAt: dayFromNow(20 + i) },
      secret: `glpat-reminder-e2e-${i}`,
    })),
  );
  for (const e of made) ids.set(e.name, e.id);
  vault.close();
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText('40 tokens');
});

test('unlocked: the click opens the Tokens screen with that token selected, even from another screen and past a search', async () => {
  await page.getByRole('searchbox', { name: 'Search tokens' }).fill('service-0');
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Calendar', exact: true })).toHaveAttribute('aria-current', 'page');

  h.preview.emit({ event: 'reminderDue', payload: reminder('service-33', 7) });

  await expect(page.getByRole('button', { name: 'Tokens', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'service-33' })).toBeVisible();
  await expect(rows().getByRole('option', { selected: true })).toContainText('service-33');
  await expect(rows().getByRole('option', { selected: true })).toBeInViewport();
  // The search hid the token, so it was cleared; the toast says why the screen changed.
  await expect(page.getByRole('searchbox', { name: 'Search tokens' })).toHaveValue('');
  await expect(page.getByText('service-33 expires in 7 days.')).toBeVisible();
  await shoot(page, '60-reminder-opened');
});

test('a search that still shows the token is kept', async () => {
  await page.getByRole('searchbox', { name: 'Search tokens' }).fill('service-1');
  h.preview.emit({ event: 'reminderDue', payload: reminder('service-12', 1) });
  await expect(rows().getByRole('option', { selected: true })).toContainText('service-12');
  await expect(page.getByRole('searchbox', { name: 'Search tokens' })).toHaveValue('service-1');
  await expect(page.getByTestId('result-count')).toHaveText('10 of 40 tokens');
});

test('locked: the click leads to unlock, and the token opens right after', async () => {
  await h.preview.services.lock('manual');
  await expect(page.getByLabel('Master password')).toBeVisible();

  h.preview.emit({ event: 'reminderDue', payload: reminder('service-38', 0) });

  await expect(page.getByTestId('opens-after-unlock')).toBeVisible();
  // The unlock screen names no token: the toasts of the session are gone and the new one is nameless.
  await expect(page.getByText('A token expires today. Unlock to see which.')).toBeVisible();
  await expect(page.getByText(/service-\d\d/)).toHaveCount(0);
  await shoot(page, '61-reminder-locked');
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');

  await expect(page.getByRole('heading', { name: 'service-38' })).toBeVisible();
  await expect(rows().getByRole('option', { selected: true })).toContainText('service-38');
  await expect(rows().getByRole('option', { selected: true })).toBeInViewport();
  await expect(page.getByTestId('opens-after-unlock')).toHaveCount(0);
});

test('a reminder shown while locked carries only the id, and still opens its token after unlock', async () => {
  await h.preview.services.lock('manual');
  await expect(page.getByLabel('Master password')).toBeVisible();
  h.preview.emit({ event: 'reminderDue', payload: { id: ids.get('service-05')!, name: '', expiresAt: '', daysLeft: 30 } });
  await expect(page.getByText('A token expires in 30 days. Unlock to see which.')).toBeVisible();
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('heading', { name: 'service-05' })).toBeVisible();
  // "Unlock to see which" was for the unlock screen; it goes with it.
  await expect(page.getByText('Unlock to see which')).toHaveCount(0);
});

test('Settings: reminders while locked is an opt-in check box that says what it writes', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const box = page.getByRole('checkbox', { name: 'Show reminders while the vault is locked' });
  await expect(box).not.toBeChecked();
  await expect(box).toHaveAccessibleDescription(/token ids and reminder times only, never names/);
  await box.check();
  await shoot(page, '62-settings-remind-while-locked');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect((await h.preview.services.api.settingsGet({})).remindWhileLocked).toBe(true);
  // A reload asks main again (the session stays unlocked there): the box shows what is stored.
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Show reminders while the vault is locked' })).toBeChecked();
});
