// A private world for agent tests: a vault made by the real CLI, and a runtime folder of its
// own (XDG_RUNTIME_DIR) so each test's agent has its own socket; agents are stopped after.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { CLI, runCli, type CliResult } from './run-cli';
import { tempDir } from './vault-fixture';

export const PW = 'agent master password';
/**
 * Agent tests are scripts that rely on the agent, so the world's CLI runs with
 * TOKENVAULT_NO_PASSWORD=1 (cli.md: piped input otherwise starts with the master password).
 * A call that gives the password on standard input passes this as its extra environment.
 */
export const WITH_PASSWORD: NodeJS.ProcessEnv = { TOKENVAULT_NO_PASSWORD: '' };

export interface AgentWorld {
  vault: string;
  env: NodeJS.ProcessEnv;
  runtime: string;
  cli(args: string[], input?: string, extraEnv?: NodeJS.ProcessEnv): CliResult;
  /** The same, without blocking this process (for servers the CLI's children talk to). */
  cliAsync(args: string[], input?: string, extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  agentPid(): number | null;
  /** git with only our helper configured, no prompts, none of this machine's git config; without blocking this process. */
  git(args: string[], input?: string, extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  stop(): void;
}

/**
 * The bytes the first world's `init` wrote, kept aside: each later world in the same test file
 * starts from a copy (an init is a process, a calibration probe and a derivation, and no agent
 * test is about init). Copies share one vault id; each world has its own runtime folder, so its
 * own agent and socket. A test that needs a second, different vault runs init itself (agent-guard).
 */
let template: string | null = null;

export function agentWorld(): AgentWorld {
  const dir = tempDir('tv-agent-');
  const runtime = tempDir('tv-run-');
  fs.chmodSync(runtime, 0o700);
  const vault = path.join(dir, 'v.tokenvault');
  const env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: runtime, TOKENVAULT_VAULT: vault, TOKENVAULT_NO_PASSWORD: '1' };
  const cli = (args: string[], input = '', extraEnv: NodeJS.ProcessEnv = {}) => runCli(args, input, { ...env, ...extraEnv });
  if (template) {
    fs.copyFileSync(template, vault);
  } else {
    const init = cli(['init', '--decryption-time', '100'], `${PW}\n${PW}\n`);
    expect(init.status, init.stderr).toBe(0);
    template = path.join(tempDir('tv-agent-template-'), 'v.tokenvault');
    fs.copyFileSync(vault, template);
  }
  const world: AgentWorld = {
    vault,
    env,
    runtime,
    cli,
    cliAsync: (args, input = '', extraEnv = {}) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env, ...extraEnv } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
        child.stdin.end(input);
      }),
    git: (args, input = '', extraEnv = {}) =>
      new Promise((resolve) => {
        const home = tempDir('tv-git-home-');
        const child = spawn('git', ['-c', 'credential.helper=', '-c', `credential.helper=!"${process.execPath}" "${CLI}" git-credential`, ...args], {
          env: { ...process.env, ...env, ...extraEnv, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => {
          fs.rmSync(home, { recursive: true, force: true });
          resolve({ status, stdout, stderr });
        });
        child.stdin.end(input);
      }),
    agentPid: () => {
      const status = cli(['agent', 'status', '--json']);
      const info = JSON.parse(status.stdout || '{}') as { running?: boolean; pid?: number };
      return info.running ? info.pid! : null;
    },
    stop: () => {
      const pid = world.agentPid();
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      fs.rmSync(runtime, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The vault's newest 100 release-log rows, read with the master password beside the agent. */
export async function releaseLog(w: AgentWorld) {
  const vault = Vault.open(w.vault);
  await vault.unlock(PW);
  try {
    return vault.releases(100);
  } finally {
    vault.close();
  }
}

/**
 * The attacker tests' start: the user's own personal token `mine` at `host`, stored with the master
 * password (git's first answer there is the user's choice), then the headless agent unlocked.
 */
export async function unlockedWithMine(w: AgentWorld, secret: string, host = 'gitlab.example.com', scopes?: string): Promise<void> {
  const added = w.cli(['add', 'mine', '--instance', `https://${host}`, '--kind', 'personal', ...(scopes ? ['--scopes', scopes] : [])], `${PW}\n${secret}\n`, WITH_PASSWORD);
  expect(added.status, added.stderr).toBe(0);
  expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
}
