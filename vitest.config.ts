import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest starts the files that took longest in its last run first (its results cache, under
  // cacheDir), so no long file starts last and leaves one core alone at the end; with no cache it
  // goes by file size, which put two small crash tests (sync-crash, team-log-crash: minutes each
  // under load) in the last quarter. npm ci deletes node_modules and the default cache with it:
  // CI keeps it in the machine's cache instead (.ci/run sets TOKENVAULT_VITEST_CACHE).
  cacheDir: process.env.TOKENVAULT_VITEST_CACHE || undefined,
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // The CLI is built once here; test files spawn dist/cli.mjs and never rebuild it themselves.
    globalSetup: ['tests/helpers/build-cli-once.ts'],
    // Nets, not budgets: every slow test waits on events, and a full unlock is a 64+ MiB Argon2 run.
    // At a load average of 18 on two cores (CI shares its machine) CLI tests with five unlocks
    // passed 60 s while still progressing.
    testTimeout: 150_000,
    hookTimeout: 150_000,
    // Argon2id at 64+ MiB per unlock: two cores, so keep workers to the core count.
    maxWorkers: 2,
  },
});
