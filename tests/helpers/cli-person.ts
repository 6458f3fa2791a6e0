// A person at a terminal for the team CLI tests: a HOME of their own (their personal vault in its
// default place), a runtime folder for their agent, a master password, and a team copy beside it.
// Asynchronous runs, because the GitLab emulator some tests use answers in this same process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { CLI } from './run-cli';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `heard` sees every finished run (e.g. to check later that a secret is in no output). */
export function cliPerson(root: string, name: string, heard: (args: string[], run: Run) => void = () => undefined) {
  const home = path.join(root, name);
  const runtime = path.join(root, `${name}-run`);
  fs.mkdirSync(path.join(home, '.config', 'Token Vault'), { recursive: true });
  fs.mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const pw = `${name} master password`;
  // No vault, display or proxy from the machine running the tests leaks in.
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_RUNTIME_DIR: runtime, TOKENVAULT_VAULT: '', DISPLAY: '', WAYLAND_DISPLAY: '', HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };
  const team = path.join(home, 'team.tokenvault');
  const cli = (args: string[], input = `${pw}\n`): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.end(input);
      child.on('close', (status) => {
        const run = { status, stdout, stderr };
        heard(args, run);
        resolve(run);
      });
    });
  const onTeam = (args: string[], input?: string) => cli(['--vault', team, ...args], input);
  return { name, pw, team, cli, onTeam };
}

/** The run, once it has exited 0 (else the test fails showing what it printed). */
export async function ok(run: Promise<Run>): Promise<Run> {
  const r = await run;
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return r;
}
