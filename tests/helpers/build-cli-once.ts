// Vitest global setup: build the CLI once before any test file runs. Test files used to
// rebuild it in their own beforeAll, and with two workers one file's rebuild deleted
// dist/ under another file's running CLI (or a detached agent it had started).
import { execFileSync } from 'node:child_process';

export default function buildCliOnce(): void {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });
}
