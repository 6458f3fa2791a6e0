// Errors that say "check the instance address" lead to where it is changed (issue 15, item 1):
// Verify, Rotate, Revoke, Audit, Verify all, the wizard and "Add an existing token" each offer
// "Edit GitLab address", which opens the field itself, focused. Main marks such errors with
// `fix: 'instance-address'`; no screen reads the sentence.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'the address was wrong all along';
// Nothing listens on port 9 here: every request is refused.
const WRONG = 'http://127.0.0.1:9';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('fay');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  for (const name of ['ops-reader', 'ops-writer']) {
    await api.tokensAdd({ entry: { name, kind: 'personal', instance: WRONG, scopes: ['read_api'] }, secret: `glpat-${name}-000000000000` });
  }
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(h.preview.url);
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /^ops-reader/ }).click();
});

/**
 * The Edit dialog, opened by the fix button, starts on the address field; Escape leaves it,
 * and focus goes back to the page (the fix button, or Edit… when that button's dialog is gone).
 */
async function expectEditOnAddress(focusAfter: 'fix' | 'Edit…'): Promise<void> {
  const edit = page.getByRole('dialog', { name: 'Edit “ops-reader”' });
  await expect(edit.getByLabel('GitLab address')).toBeFocused();
  await expect(edit.getByLabel('GitLab address')).toHaveValue(WRONG);
  await page.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);
  await expect(page.getByRole('button', { name: focusAfter === 'fix' ? 'Edit GitLab address' : 'Edit…' })).toBeFocused();
}

test('Verify now: a refused connection offers "Edit GitLab address", which opens Edit on that field', async () => {
  await page.getByRole('button', { name: 'Verify now' }).click();
  const finding = page.locator('.finding');
  await expect(finding).toContainText('refused the connection');
  const fix = finding.getByRole('button', { name: 'Edit GitLab address' });
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-01-address-verify-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await fix.focus();
  await page.keyboard.press('Enter');
  await expectEditOnAddress('fix');
});

test('Rotate, Revoke and Audit errors lead to the same field', async () => {
  await page.getByRole('button', { name: 'Rotate…' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate “ops-reader”' });
  await rotate.getByRole('button', { name: 'Rotate now' }).click();
  await expect(rotate.getByRole('alert')).toContainText('refused the connection');
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-01-address-rotate-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await rotate.getByRole('button', { name: 'Edit GitLab address' }).click();
  await expectEditOnAddress('Edit…');

  await page.getByRole('button', { name: 'Revoke…' }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke “ops-reader” on GitLab?' });
  await revoke.getByRole('button', { name: 'Revoke token' }).click();
  await expect(revoke.getByRole('alert')).toContainText('refused the connection');
  await revoke.getByRole('button', { name: 'Edit GitLab address' }).click();
  await expectEditOnAddress('Edit…');

  await page.getByRole('button', { name: 'Audit account…' }).click();
  const audit = page.getByRole('dialog', { name: /Tokens of this account/ });
  await expect(audit.getByRole('alert')).toContainText('refused the connection');
  await audit.getByRole('button', { name: 'Edit GitLab address' }).click();
  await expectEditOnAddress('Edit…');
  // Nothing was changed on the way.
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'ops-reader')!;
  expect(stored).toMatchObject({ instance: WRONG, revoked: false, pendingRotation: null });
});

test('Verify all: a refused address is said once, with the same button (and the change for all its tokens)', async () => {
  await page.getByRole('button', { name: /^Verify all 2 unverified tokens/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Verify 2 unverified tokens/ });
  await expect(dialog.getByTestId('verify-all-status')).toContainText('Checked 2 of 2.');
  await expect(dialog.getByRole('status').filter({ hasText: 'refused the connection' })).toHaveCount(1);
  await expect(dialog.getByRole('button', { name: 'Change the address of all 2 tokens on 127.0.0.1:9' })).toBeVisible();
  await shoot(page, 'i15-01-address-verify-all-1200');
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('the wizard: GitLab unreachable at the chosen address leads back to the address field; fixed, the token is checked again', async () => {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const issued = h.emulator.issueToken({ username: 'fay', name: 'new-reader', scopes: ['read_api'], expiresAt });
  await h.preview.services.api.draftSave({ fields: { step: 'paste', purpose: 'read-scripts', name: 'new-reader', kind: 'personal', instance: WRONG, scopes: ['read_api'], expiresAt } });
  await page.getByRole('button', { name: /New token/ }).click();
  await page.getByLabel('Paste the token GitLab showed you').fill(issued.secret);
  await page.getByRole('button', { name: 'Use this token' }).click();
  const warning = page.locator('.verify-result .warning');
  await expect(warning).toContainText('GitLab could not confirm it');
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-01-address-wizard-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await warning.getByRole('button', { name: 'Edit GitLab address' }).click();
  await expect(page.getByRole('heading', { name: 'Purpose', exact: true })).toBeVisible();
  await expect(page.getByLabel('GitLab address')).toBeFocused();
  await expect(page.getByLabel('GitLab address')).toHaveValue(WRONG);
  // The pasted token waits while the address is fixed; back at it, GitLab is asked again.
  await page.getByLabel('GitLab address').fill(h.emulator.url);
  await page.getByRole('note').filter({ hasText: 'is waiting to be stored' }).getByRole('button', { name: 'Go to it' }).click();
  await expect(page.getByText('GitLab knows this token as “new-reader”', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Store token' })).toBeFocused();
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await page.getByRole('dialog', { name: 'Discard the pasted token?' }).getByRole('button', { name: 'Discard token' }).click();
});

test('Add an existing token: a refused address leads back to the address field', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Add an existing token…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an existing token' });
  await dialog.getByLabel('GitLab address').fill(WRONG);
  await dialog.getByLabel('The token').fill('glpat-existing-00000000000');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'refused the connection' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Edit GitLab address' }).click();
  await expect(dialog.getByLabel('GitLab address')).toBeFocused();
  await expect(dialog.getByLabel('GitLab address')).toHaveValue(WRONG);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
