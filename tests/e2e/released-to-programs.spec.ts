// Issue 12: the release log in the app, and "ask before a token leaves the vault". The preview
// serves its vault's agent socket the way the desktop app does (createAppAgent over the same
// services and handler table); the real CLI and real git then take tokens through it, and the
// page shows what left, when and to what. The allow/deny question is the app's port (main.ts
// fills it with a native dialog); here the test answers it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import type { ReleaseQuestion } from '../../electron/agent/agent-methods';
import { createAppAgent, type AppAgent } from '../../electron/agent/app-agent';
import { createHandlerTable } from '../../electron/ipc';
import { pageText, shoot, startHarness, type Harness } from './harness';

const PASSWORD = 'released to programs';
const CI = 'glpat-ciTokenCiToken_01234567';
const BOT = 'glpat-deployBotDeploy_0123456';
const CLI = resolve('dist/cli.mjs');
let h: Harness;
let page: Page;
let agent: AppAgent;
let runtime = '';
let ciId = '';
const questions: ReleaseQuestion[] = [];
let allow = false;

test.describe.configure({ mode: 'serial' });

/** A child process without blocking this one: the agent it talks to lives in this process. */
function run(command: string, args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', XDG_RUNTIME_DIR: runtime, TOKENVAULT_VAULT: join(h.dir, 'vault.db'), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
/** A script relying on the agent (cli.md): no master password on standard input. */
const cli = (args: string[], input = '') => run(process.execPath, [CLI, ...args], input, { TOKENVAULT_NO_PASSWORD: '1' });

test.beforeAll(async ({ browser }) => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  ciId = (await api.tokensAdd({ entry: { name: 'ci-token', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_repository'] }, secret: CI })).id;
  await api.tokensAdd({ entry: { name: 'deploy-bot', kind: 'project', instance: 'https://gitlab.example.com' }, secret: BOT });
  runtime = mkdtempSync(join(tmpdir(), 'tv-e2e-run-'));
  chmodSync(runtime, 0o700);
  agent = createAppAgent({
    services: h.preview.services,
    table: createHandlerTable(api),
    approveRelease: async (question) => {
      questions.push(question);
      return allow;
    },
    env: { XDG_RUNTIME_DIR: runtime },
  });
  await agent.ensure();
  expect(agent.endpoint).not.toBeNull();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test.afterAll(async () => {
  await page?.close();
  await agent?.close();
  await h?.close();
  if (runtime) rmSync(runtime, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(h.unexpected).toEqual([]);
});

const releases = () => page.getByRole('region', { name: 'Given to programs' }).getByTestId('releases').getByRole('listitem');

test('what the CLI, run and git took through the app is listed in Settings, newest first, in words and local time', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('releases-empty')).toHaveText('No token has left the vault for another program yet.');

  expect(await cli(['copy', 'ci-token', '--stdout'])).toMatchObject({ status: 0, stdout: `${CI}\n` });
  expect(await cli(['run', '--env', 'GITLAB_TOKEN=deploy-bot', '--', 'sh', '-c', 'test -n "$GITLAB_TOKEN"'])).toMatchObject({ status: 0 });
  const home = mkdtempSync(join(tmpdir(), 'tv-e2e-git-home-'));
  const fill = await run('git', ['-c', 'credential.helper=', '-c', `credential.helper=!"${process.execPath}" "${CLI}" git-credential`, 'credential', 'fill'], 'protocol=https\nhost=gitlab.example.com\n\n', {
    HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '',
  });
  rmSync(home, { recursive: true, force: true });
  expect(fill.stdout).toContain(`password=${CI}\n`);

  // Coming back to the window reads the log again (the user ran those in a terminal).
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(releases()).toHaveCount(3);
  await expect(releases().nth(0)).toContainText('ci-token given to git');
  await expect(releases().nth(0)).toContainText('git credential for https://gitlab.example.com (git -c credential.helper=');
  await expect(releases().nth(0)).toContainText("Asked by a Node.js script or the tokenvault command; handed out by this app.");
  await expect(releases().nth(1)).toContainText('deploy-bot given to a program started by “tokenvault run”');
  await expect(releases().nth(1)).toContainText('tokenvault run sh -c');
  await expect(releases().nth(2)).toContainText('ci-token given to a terminal (“tokenvault copy --stdout”)');

  // Local dates, as this computer writes them; no ISO instants, no ids, no secrets.
  const log = (await h.preview.services.api.releasesList({})).rows;
  const local = await page.evaluate((iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)), log[0]!.at);
  await expect(releases().nth(0).locator('time')).toHaveText(local);
  const text = await page.getByRole('region', { name: 'Given to programs' }).innerText();
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  expect(text).not.toContain(ciId);
  const all = await pageText(page);
  expect(all).not.toContain(CI);
  expect(all).not.toContain(BOT);

  await page.getByRole('heading', { name: 'Given to programs' }).scrollIntoViewIfNeeded();
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await page.getByRole('heading', { name: 'Given to programs' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(releases().nth(0)).toBeInViewport({ ratio: 1 });
    await shoot(page, `i12-released-settings-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('a token\'s name in the log opens it, and its detail lists only what it was given to', async () => {
  await releases().nth(0).getByRole('button', { name: 'ci-token' }).click();
  const detail = page.getByRole('article', { name: 'ci-token' });
  await expect(detail.getByRole('heading', { name: 'ci-token', level: 1 })).toBeVisible();
  const own = detail.getByTestId('releases').getByRole('listitem');
  await expect(own).toHaveCount(2);
  await expect(own.nth(0)).toContainText('Given to git');
  await expect(own.nth(1)).toContainText('Given to a terminal');
  await expect(detail).not.toContainText('deploy-bot');
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await detail.getByRole('heading', { name: 'Given to programs' }).scrollIntoViewIfNeeded();
    await shoot(page, `i12-released-detail-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('"Ask before a token leaves the vault": off by default; on, the app asks and a refusal reaches the command; off again, no question', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const box = page.getByRole('checkbox', { name: 'Ask before a token leaves the vault for git or another program' });
  await expect(box).not.toBeChecked();
  await expect(page.locator('#ask-first-hint')).toContainText('has no window to ask in: it hands tokens over without asking');
  expect(await cli(['copy', 'ci-token', '--stdout'])).toMatchObject({ status: 0 });
  expect(questions).toHaveLength(0);

  await box.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect((await h.preview.services.api.settingsGet({})).askBeforeRelease).toBe(true);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await box.scrollIntoViewIfNeeded();
    await shoot(page, `i12-ask-before-release-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });

  allow = false;
  const denied = await cli(['copy', 'ci-token', '--stdout']);
  expect(denied.status).not.toBe(0);
  expect(denied.stdout).not.toContain(CI);
  expect(denied.stderr).toMatch(/You declined to hand "ci-token" to tokenvault/);
  expect(questions).toEqual([expect.objectContaining({ entryName: 'ci-token', purpose: 'show', command: 'tokenvault copy --stdout' })]);

  allow = true;
  expect(await cli(['copy', 'ci-token', '--stdout'])).toMatchObject({ status: 0, stdout: `${CI}\n` });
  expect(questions).toHaveLength(2);

  // The setting survives a reload of the screen, and unticking it stops the questions.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(box).toBeChecked();
  await box.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect(await cli(['copy', 'ci-token', '--stdout'])).toMatchObject({ status: 0 });
  expect(questions).toHaveLength(2);
});

test('a change a program made through the agent is listed as "changed by a program", with what it did', async () => {
  expect(await cli(['rm', 'deploy-bot'])).toMatchObject({ status: 0 });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(releases().nth(0)).toContainText('deploy-bot changed by a program');
  await expect(releases().nth(0)).toContainText('Moving "deploy-bot" to the Trash');
  await expect(releases().nth(0)).toContainText('; done through this app.');
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    // The heading at the top, its rows under it: "if needed" left a heading already in sight
    // where it was, and at 1200×800 the "changed by a program" row at the bottom edge.
    await page.getByRole('heading', { name: 'Given to programs' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(releases().nth(0)).toBeInViewport({ ratio: 1 });
    await shoot(page, `socket-acts-changed-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});
