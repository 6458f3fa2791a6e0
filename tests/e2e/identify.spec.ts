// Identify…: a token found in a chat, pasted into the dialog — its kind, the stored token that
// holds it, what GitLab says, and "Revoke it on GitLab" while GitLab still accepts it. No secret
// comes back to the page.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'lanterns over a sleeping harbour';
let h: Harness;
let page: Page;
let secret = '';
let tokenId = 0;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  const t = h.emulator.issueToken({ username: 'erin', name: 'ci-bot', scopes: ['read_api'] });
  secret = t.secret;
  tokenId = t.id;
  await api.tokensAdd({ entry: { name: 'ci-bot', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] }, secret });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('a pasted token is identified, matched to the vault, described by GitLab, and revoked on request', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Identify a token…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Identify a token' });
  await dialog.getByLabel('Token', { exact: true }).fill(secret);
  await dialog.getByRole('button', { name: 'Identify' }).click();
  const result = dialog.getByTestId('identify-result');
  await expect(result).toContainText('personal, project or group access token (glpat-)');
  await expect(result).toContainText('“ci-bot”');
  await expect(result).toContainText(`knows it: token ${tokenId} "ci-bot"`);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i21-identify-${size.width}`);
  }
  await dialog.getByRole('button', { name: 'Revoke it on GitLab' }).click();
  await expect(result).toContainText('it revoked itself');
  expect(h.emulator.state.tokens.get(tokenId)?.revoked).toBe(true);
  await dialog.getByLabel('Token', { exact: true }).fill('');
  expect((await pageText(page)).includes(secret)).toBe(false);
  await shoot(page, 'i21-identify-after-revoke');
});
