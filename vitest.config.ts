import { defineConfig } from 'vitest/config';

export default defineConfig({
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
