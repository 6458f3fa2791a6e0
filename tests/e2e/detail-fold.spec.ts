// The token detail's actions stay in sight: at 800×600 a token with a history and places of use
// is taller than the pane, and Revoke… and Delete… sat two screens down while Copy and Rotate…
// scrolled away. Both toolbars now stick to the pane's edges, and nothing scrolls out from
// under them unseen (the pane's last line ends above the footer).
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

let h: Harness;
let page: Page;
const pane = () => page.locator('.detail-pane');

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('dana');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: 'buttons in plain sight' });
  const issued = h.emulator.issueToken({ username: 'dana', name: 'release-bot', scopes: ['api', 'read_repository', 'write_repository'] });
  const added = await api.tokensAdd({
    entry: { name: 'release-bot', kind: 'personal', instance: h.emulator.url, scopes: ['api', 'read_repository', 'write_repository'], usedIn: ['CI variable RELEASE_TOKEN', 'release script on build-01', 'nightly changelog job', 'grafana annotations'] },
    secret: issued.secret,
  });
  // Some history to scroll through.
  for (let i = 1; i <= 6; i += 1) await api.tokensUpdate({ id: added.id, patch: { description: `release bot, take ${i}` } });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(h.preview.url);
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /release-bot/ }).click();
  await expect(page.getByRole('heading', { name: 'release-bot', level: 1 })).toBeVisible();
});

async function actionsInSight(): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Token actions' });
  const more = page.getByRole('toolbar', { name: 'More actions' });
  for (const button of [toolbar.getByRole('button', { name: 'Copy' }), toolbar.getByRole('button', { name: 'Rotate…' }), more.getByRole('button', { name: 'Revoke…' }), more.getByRole('button', { name: 'Delete…' })])
    await expect(button).toBeInViewport({ ratio: 1 });
}

for (const size of [{ width: 800, height: 600 }, { width: 1600, height: 1000 }]) {
  test(`at ${size.width}×${size.height} Copy, Rotate…, Revoke… and Delete… are in sight wherever the detail is scrolled`, async () => {
    await page.setViewportSize(size);
    await pane().evaluate((e) => e.scrollTo(0, 0));
    await actionsInSight();
    await shoot(page, `detail-fold-top-${size.width}`);

    const tall = await pane().evaluate((e) => e.scrollHeight > e.clientHeight);
    if (size.width === 800) expect(tall).toBe(true);
    await pane().evaluate((e) => e.scrollTo(0, e.scrollHeight / 2));
    await actionsInSight();
    await shoot(page, `detail-fold-middle-${size.width}`);

    // At the end, the pane's last line is above the footer, not under it.
    await pane().evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await actionsInSight();
    const footerTop = (await page.getByRole('toolbar', { name: 'More actions' }).boundingBox())!.y;
    const lastHistory = (await page.locator('.history li').last().boundingBox())!;
    expect(lastHistory.y + lastHistory.height).toBeLessThanOrEqual(footerTop);
  });
}

test('Revoke… clicked from the scrolled pane opens its dialog without the pane jumping', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await pane().evaluate((e) => e.scrollTo(0, e.scrollHeight / 2));
  const before = await pane().evaluate((e) => e.scrollTop);
  // Where the button is on screen, as a pointer finds it (locator.click would scroll it into view first).
  const box = (await page.getByRole('toolbar', { name: 'More actions' }).getByRole('button', { name: 'Revoke…' }).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const dialog = page.getByRole('dialog', { name: 'Revoke “release-bot” on GitLab?' });
  await expect(dialog).toBeVisible();
  expect(await pane().evaluate((e) => e.scrollTop)).toBe(before);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
