// Vitest global setup: build the CLI once before any test file runs. Test files used to
// rebuild it in their own beforeAll, and with two workers one file's rebuild deleted
// dist/ under another file's running CLI (or a detached agent it had started).
// `npm test` builds it before Vitest and Playwright start side by side and says so with
// TOKENVAULT_CLI_BUILT=1: a rebuild here would delete dist/ under an E2E spec's CLI.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function buildCliOnce(): void {
  if (process.env.TOKENVAULT_CLI_BUILT === '1' && existsSync('dist/cli.cjs')) return;
  execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });
}
