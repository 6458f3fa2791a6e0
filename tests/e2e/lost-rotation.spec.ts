// A rotation whose answer was lost, seen after the old token expired: the detail keeps it
// unconfirmed, says the new token may be alive on GitLab, and "Find and revoke the lost token"
// (gitlabVerify with another stored token) finds the orphan by name and creation time and revokes it.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'lanterns over a sleeping harbour';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const deploy = h.emulator.issueToken({ username: 'dana', name: 'deploy', scopes: ['api'], expiresAt: soon });
  const helper = h.emulator.issueToken({ username: 'dana', name: 'dana-api', scopes: ['api'] });
  const id = (await api.tokensAdd({ entry: { name: 'deploy', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: deploy.secret })).id;
  const helperId = (await api.tokensAdd({ entry: { name: 'dana-api', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: helper.secret })).id;
  await api.gitlabVerify({ id });
  await api.gitlabVerify({ id: helperId });
  h.emulator.faults.dropAfterRotate = 1;
  try {
    await api.gitlabRotate({ id, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
  } catch {
    // The answer is lost on purpose: the rotation stays unconfirmed.
  }
  h.emulator.setNow(new Date(Date.now() + 3 * 86_400_000));
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('the lost rotation note offers to find the orphan with another token, and does', async () => {
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /deploy/ }).click();
  const note = page.getByTestId('lost-rotation');
  await expect(note).toContainText('If GitLab made the new token, it is alive there and nobody holds it.');
  await expect(note.getByRole('combobox', { name: 'Find it with' })).toHaveValue(/.+/);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i21-lost-rotation-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await note.getByRole('button', { name: 'Find and revoke the lost token' }).click();
  await expect(page.locator('.finding')).toContainText('after GitLab had rotated it');
  await expect(page.getByTestId('lost-rotation')).toHaveCount(0);
  const orphan = [...h.emulator.state.tokens.values()].find((t) => t.name === 'deploy' && t.createdAt > new Date(Date.now() - 3_600_000).toISOString());
  expect(orphan?.revoked).toBe(true);
  await shoot(page, 'i21-lost-rotation-found-1200');
});
