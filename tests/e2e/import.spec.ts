// Import from the app: main opens the file through the native dialog (answered here by the
// test), the dialog shows counts, clashing names and refused rows with reasons, and the import
// lands in one go after a backup. The page never holds the file's secrets.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { kdbxFromXml, keepassXml } from '../helpers/kdbx-fixture';
import { FILE_STEP, pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'copper kettles hum at midnight';
const HEADER = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';
const SECRETS = ['glpat-clash-secret-1111', 'gldt-registry-secret-2222', 'glpat-deploy-secret-3333'];
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  await h.preview.services.api.vaultCreate({ password: PASSWORD });
  await h.preview.services.api.tokensAdd({ entry: { name: 'ci-clone' }, secret: 'glpat-already-stored-0000' });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

const openImport = async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Import tokens…' }).click();
  return page.getByRole('dialog', { name: 'Import tokens' });
};

test('cancelling the file dialog changes nothing', async () => {
  const dialog = await openImport();
  await shoot(page, '43-import-start');
  h.dialogs.answer(null);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(dialog.getByRole('button', { name: 'Choose a file…' })).toBeEnabled();
  expect(h.dialogs.asked.at(-1)).toMatchObject({ kind: 'open', title: 'Import tokens' });
  expect(h.dialogs.asked.at(-1)!.filters![0]!.extensions).toEqual(expect.arrayContaining(['csv', 'json']));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

test('a KeePassXC CSV: the preview counts, names the clash, says why a row is refused; renamed clashes import too', async () => {
  const file = join(h.dir, 'keepassxc.csv');
  writeFileSync(file, `${HEADER}"GitLab","ci-clone","","${SECRETS[0]}","https://gitlab.com","","","0","",""
"GitLab","registry-pull","","${SECRETS[1]}","https://gitlab.example.com","","","0","",""
"GitLab","deploy-key","bot","${SECRETS[2]}","","","","0","",""
"GitLab","forgotten","","","","","","0","",""
`);
  const dialog = await openImport();
  h.dialogs.answer(file);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(dialog.getByText(/holds 4 entries: 2 tokens ready to import, 1 name already in the vault, 1 row refused\./)).toBeVisible();
  await expect(dialog.getByRole('group', { name: 'Already in the vault' })).toContainText('ci-clone');
  await expect(dialog.getByRole('region', { name: 'Refused rows' })).toContainText('forgotten: Row 5 ("forgotten") has no password');
  await expect(dialog.getByRole('button', { name: 'Import 2 tokens' })).toBeVisible();
  await shoot(page, '44-import-preview');
  const text = await pageText(page);
  for (const secret of SECRETS) expect(text).not.toContain(secret);

  await dialog.getByLabel('Import them too, as “name (imported)”').check();
  await dialog.getByRole('button', { name: 'Import 3 tokens' }).click();
  await expect(page.getByText('Imported 3 tokens, 1 renamed, 1 skipped. A backup was made first.')).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveText('4 tokens');
  const names = (await h.preview.services.api.tokensList({})).map((e) => e.name).sort();
  expect(names).toEqual(['ci-clone', 'ci-clone (imported)', 'deploy-key', 'registry-pull']);
  const backups = await h.preview.services.api.backupsList({});
  expect(backups.some((b) => b.reason === 'before-import')).toBe(true);
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'ci-clone (imported)')!;
  expect((await h.preview.services.api.tokensReveal({ id: stored.id })).secret).toBe(SECRETS[0]);
  for (const secret of SECRETS) expect(await pageText(page)).not.toContain(secret);
});

test('Token Vault JSON: a row the vault would refuse is named with its reason; skipping the clash imports the rest', async () => {
  const file = join(h.dir, 'export.json');
  writeFileSync(file, JSON.stringify({ entries: [
    { name: 'deploy-key', secret: 'glpat-json-clash-4444' },
    { name: 'pages-deploy', kind: 'project', expiresAt: '2031-02-03', secret: 'glpat-json-good-5555' },
    { name: 'bad-date', expiresAt: '3 March', secret: 'glpat-json-bad-6666' },
  ] }));
  const dialog = await openImport();
  h.dialogs.answer(file);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(dialog.getByText(/\(Token Vault JSON\) holds 3 entries: 1 token ready to import, 1 name already in the vault, 1 row refused\./)).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Refused rows' })).toContainText('bad-date: Entry 3: "expiresAt": Dates are written YYYY-MM-DD');
  await shoot(page, '45-import-json-refused');
  await dialog.getByRole('button', { name: 'Import 1 token' }).click();
  await expect(page.getByText('Imported 1 token, 2 skipped. A backup was made first.')).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveText('5 tokens');
  expect(await pageText(page)).not.toContain('glpat-json-good-5555');
});

test('a file that is not an export is refused in one sentence and nothing changes', async () => {
  const file = join(h.dir, 'notes.csv');
  writeFileSync(file, '"Title","Username"\n"a","b"\n');
  const dialog = await openImport();
  h.dialogs.answer(file);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/The CSV has no "Password" column/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('result-count')).toHaveText('5 tokens');
});

test('a KeePassXC database: its password (and key file) asked in the app, a preview in sentences, the tokens imported', async () => {
  const dbSecrets = ['glpat-kdbx-e2e-7777', 'hunter2-e2e'];
  const keyFile = join(h.dir, 'e2e.keyx');
  const file = kdbxFromXml(join(h.dir, 'tokens.kdbx'), keepassXml([
    { title: 'kdbx-token', group: ['GitLab'], password: dbSecrets[0], url: 'https://gitlab.example.com/-/user_settings/personal_access_tokens', expires: '2031-04-01T00:00:00Z', history: ['glpat-old-e2e'] },
    { title: 'bank', password: dbSecrets[1], url: 'https://bank.example' },
  ]), 'e2e keepass password', keyFile);
  const dialog = await openImport();
  h.dialogs.answer(file);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(dialog.getByText('tokens.kdbx is a KeePassXC database locked with its own password.')).toBeVisible();
  h.dialogs.answer(keyFile);
  await dialog.getByRole('button', { name: 'Key file…' }).click();
  await expect(dialog.getByText('Key file: e2e.keyx')).toBeVisible();
  await dialog.getByLabel(/Password of tokens\.kdbx/).fill('wrong password');
  await dialog.getByRole('button', { name: 'Open file' }).click();
  // Each try runs the database's own KDF (AES-KDF, a million rounds, as keepassxc-cli writes it):
  // over 20 s at a load average near 30. The same answer must come; only the patience differs.
  await expect(dialog.getByRole('alert')).toContainText('The database password or key file is wrong', FILE_STEP);
  await dialog.getByLabel(/Password of tokens\.kdbx/).fill('e2e keepass password');
  await shoot(page, '46-import-kdbx-password');
  await dialog.getByRole('button', { name: 'Open file' }).click();
  await expect(dialog.getByText(/\(KeePassXC database\) holds 2 entries: 1 token ready to import, 1 other entry listed unticked\./)).toBeVisible(FILE_STEP);
  const notes = dialog.getByRole('region', { name: 'What the database import takes and leaves' });
  await expect(notes).toContainText('1 other left out (ticking them in the table takes them too)');
  // The bank login is in the table, unticked, with why; the token is ticked.
  await expect(dialog.getByRole('checkbox', { name: 'Import bank' })).not.toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Import kdbx-token' })).toBeChecked();
  await expect(notes).toContainText('History is not imported: 1 older version stays in KeePass');
  await shoot(page, '47-import-kdbx-preview');
  for (const secret of dbSecrets) expect(await pageText(page)).not.toContain(secret);
  expect(await pageText(page)).not.toContain(readFileSync(keyFile, 'utf8').split('<Data')[1]!.slice(10, 40));
  await dialog.getByRole('button', { name: 'Import 1 token' }).click();
  await expect(page.getByText('Imported 1 token, 1 skipped. A backup was made first.')).toBeVisible();
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'kdbx-token')!;
  expect(stored).toMatchObject({ expiresAt: '2031-04-01', instance: 'https://gitlab.example.com' });
});

test('one rule for every format: a CSV\'s AWS key is listed unticked with why; ticking it imports it, not as a GitLab address', async () => {
  const awsKey = 'AKIAIOSFODNN7EXAMPLE-e2e';
  const file = join(h.dir, 'mixed.csv');
  writeFileSync(file, `${HEADER}"Cloud","aws-prod","me","${awsKey}","https://console.aws.amazon.com","","","0","",""
"GitLab","ci-runner","","glrt-runner-e2e-8888","https://gitlab.example.com","","","0","",""
"GitLab","self-hosted-ci","","opaque-on-gitlab-9999","https://gitlab.corp.example/-/profile","","","0","",""
"Web","bank-login","me","hunter2-e2e","https://bank.example","","","0","",""
`);
  const dialog = await openImport();
  h.dialogs.answer(file);
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  const table = dialog.getByRole('table', { name: 'Entries to import' });
  await expect(dialog.getByText(/holds 4 entries: 2 tokens ready to import, 2 other entries listed unticked\./)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(dialog.getByRole('checkbox', { name: 'Import ci-runner' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Import self-hosted-ci' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Import aws-prod' })).not.toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Import bank-login' })).not.toBeChecked();
  await expect(table.getByRole('row', { name: /aws-prod/ })).toContainText('Not a GitLab token: no GitLab prefix such as glpat-, and no GitLab address');
  await expect(dialog.getByRole('button', { name: 'Import 2 tokens' })).toBeVisible();
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `48-import-table-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  for (const secret of [awsKey, 'hunter2-e2e', 'glrt-runner-e2e-8888']) expect(await pageText(page)).not.toContain(secret);

  await dialog.getByRole('checkbox', { name: 'Import aws-prod' }).check();
  await dialog.getByRole('button', { name: 'Import 3 tokens' }).click();
  await expect(page.getByText('Imported 3 tokens, 1 skipped. A backup was made first.')).toBeVisible();
  const stored = await h.preview.services.api.tokensList({});
  expect(stored.map((e) => e.name)).toEqual(expect.arrayContaining(['aws-prod', 'ci-runner', 'self-hosted-ci']));
  expect(stored.map((e) => e.name)).not.toContain('bank-login');
  expect(stored.find((e) => e.name === 'aws-prod')).toMatchObject({ instance: null, kind: 'other', description: expect.stringContaining('URL: https://console.aws.amazon.com') });
  expect(stored.find((e) => e.name === 'self-hosted-ci')).toMatchObject({ instance: 'https://gitlab.corp.example' });
});
