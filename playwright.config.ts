// E2E in Debian's Chromium against the built renderer served by the preview server (the same
// handler table as the desktop app). `npm run test:e2e` builds the renderer first.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two spec files side by side (E2E_WORKERS changes it), each file's tests in order (most share
  // one page): a spec mostly waits on the page and on main, so two cost about the CPU of one.
  // The whole suite: 829 s with one worker at a load average of 15, 605 s with two at 20; two
  // passed twice at 19-35. Steps that outran their nets at ~35 (with one worker too) got the
  // file-step net, and the harness's GitLab client no longer gives up at 5 s on a held answer.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  timeout: 180_000,
  // A net, not a budget: the same state must come about, only the patience differs. Steps that
  // run Argon2 (sync setup, a team vault) took over 10 s at a load average of 28.
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1200, height: 780 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
});
