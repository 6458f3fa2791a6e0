// Runs the built CLI as a user would: a child process, prompts answered on standard input.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The package's bin (dist/cli.mjs, which imports it, still runs it too). */
export const CLI = path.resolve('dist/cli.cjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], input = '', env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
