// E2E in Debian's Chromium against the built renderer served by the preview server (the same
// handler table as the desktop app). `npm run test:e2e` builds the renderer first.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Files in parallel when E2E_WORKERS says so, each file's tests in order (most share one page).
  // Two workers cut 4 specs from 248 s to 153 s at the same CPU time (a spec mostly waits on the
  // page and on main), but the whole suite at two workers and a load average of 28-34 had three
  // steps outrun their nets (preview start-up, a team join, held GitLab answers past the 5 s
  // client timeout): one stays the default until a quiet machine shows two are safe.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 1),
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
