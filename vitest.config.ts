import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // The CLI is built once here; test files spawn dist/cli.mjs and never rebuild it themselves.
    globalSetup: ['tests/helpers/build-cli-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Argon2id at 64+ MiB per unlock: two cores, so keep workers to the core count.
    maxWorkers: 2,
  },
});
