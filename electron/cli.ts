// `tokenvault`: the vault from a terminal. Same services as the desktop app, no Electron.
// Every failure ends as one sentence on standard error and an exit status from cli.md.
import { Command, CommanderError } from 'commander';
import { AgentClient } from './agent/client';
import { agentTarget } from './agent/vault-id';
import { agentAccess, directAccess } from './cli/access';
import { registerAgentCommands } from './cli/agent-commands';
import { registerGitCredentialCommand } from './cli/git-credential';
import { registerRunCommand } from './cli/run';
import { registerEditCommand } from './cli/edit';
import { registerSyncCommands } from './cli/sync-commands';
import { registerTeamCommands } from './cli/team-commands';
import { registerBackupCommands } from './cli/backup-commands';
import { registerCalendarCommands } from './cli/calendar';
import { CliError, EXIT, type CliContext } from './cli/context';
import { registerCopyCommand } from './cli/copy';
import { registerGitlabCommands } from './cli/gitlab';
import { registerIdentifyCommand } from './cli/identify';
import { registerImportCommand } from './cli/import';
import { createPrompter } from './cli/prompt';
import { registerVaultCommands } from './cli/vault-commands';
import { registerTrashCommands } from './cli/trash-commands';
import { isVaultError, type VaultErrorCode } from './vault/errors';
import { setKdfThreadFile } from './vault/kdf-worker';
import { defaultVaultPath } from './vault/paths';
import type { Vault } from './vault/vault';

// Built, this file is dist/cli.mjs and the key derivation's worker dist/kdf-thread.mjs beside it;
// from the sources, kdf-worker.ts finds its own.
if (!import.meta.url.endsWith('.ts')) setKdfThreadFile(new URL('./kdf-thread.mjs', import.meta.url));

const NO_PASSWORD_FLAG = '--no-password (or TOKENVAULT_NO_PASSWORD=1)';

const EXIT_FOR: Partial<Record<VaultErrorCode, number>> = {
  WRONG_PASSWORD: EXIT.wrongPassword,
  DAMAGED: EXIT.damaged,
  NOT_A_VAULT: EXIT.damaged,
  INVALID_INPUT: EXIT.usage,
};

function buildProgram(): { program: Command; opened: Vault[]; agents: AgentClient[] } {
  const program = new Command('tokenvault');
  const opened: Vault[] = [];
  const agents: AgentClient[] = [];
  const prompt = createPrompter();
  const warned = new Set<string>();
  let agentLookup: Promise<AgentClient | null> | null = null;
  const ctx: CliContext = {
    vaultPath: () => program.opts<{ vault?: string }>().vault || defaultVaultPath(),
    prompt,
    track: (vault) => {
      opened.push(vault);
      return vault;
    },
    noPassword: () => program.opts<{ password?: boolean }>().password === false || process.env.TOKENVAULT_NO_PASSWORD === '1',
    // Piped input means the same with or without an agent (cli.md): its first line is the master
    // password, checked against the vault, so an agent may stand in for it only on a terminal —
    // or when the script said it relies on the agent.
    mayUseAgent: () => ctx.noPassword() || process.stdin.isTTY === true,
    async openUnlocked() {
      if (ctx.noPassword()) throw new CliError(EXIT.usage, `This command opens the vault itself and needs its master password, so it cannot run with ${NO_PASSWORD_FLAG}.`);
      // The vault's code (SQLite, libsodium) loads only here: commands the agent answers never need it.
      const [{ Vault }, { maybeDailyBackup, tryBackup }] = await Promise.all([import('./vault/vault'), import('./vault/backups')]);
      const vault = ctx.track(Vault.open(ctx.vaultPath()));
      await vault.unlock(await prompt.secret('Master password'));
      // The backups folder the app chose on this computer for this vault (read, never written here).
      const [{ MachineSettings, machineSettingsPath }, { useLocalBackupDir }] = await Promise.all([import('./vault/machine-settings'), import('./vault/backups')]);
      const folder = new MachineSettings(machineSettingsPath()).backupDir(vault.path);
      if (folder !== undefined) useLocalBackupDir(vault, folder);
      await ctx.secureFiles(vault);
      if (vault.kdfBelowFloor) {
        const { opsLimit, memLimitBytes } = vault.kdfParams;
        ctx.warn(`this vault's key derivation (${opsLimit} pass${opsLimit === 1 ? '' : 'es'}, ${memLimitBytes / 1024 / 1024} MiB) is below today's minimum of 2 passes at 64 MiB; "tokenvault passwd" strengthens it.`);
      }
      // An unavailable backup folder costs the backup, never the command.
      const { warning } = await tryBackup(() => maybeDailyBackup(vault));
      if (warning) ctx.warn(warning);
      return vault;
    },
    warn: (text) => {
      if (warned.has(text)) return;
      warned.add(text);
      process.stderr.write(`tokenvault: warning: ${text}\n`);
    },
    async secureFiles(vault) {
      const { tightenBackups } = await import('./vault/backups');
      const changed = [...vault.takeTightened(), ...tightenBackups(vault)];
      if (changed.length > 0) {
        const what = changed.length === 1 ? '1 file' : `${changed.length} files`;
        process.stderr.write(`tokenvault: made ${what} owner-only; other users could read ${changed.length === 1 ? 'it' : 'them'}: ${changed.join(', ')}\n`);
      }
    },
    agentTarget: () => agentTarget(ctx.vaultPath()),
    agent() {
      agentLookup ??= (async () => {
        const client = await AgentClient.connect(await ctx.agentTarget());
        if (client) agents.push(client);
        return client;
      })();
      return agentLookup;
    },
    async access() {
      const agent = ctx.mayUseAgent() ? await ctx.agent() : null;
      if (agent) {
        const hello = await agent.call('agentHello', {});
        // An agent that is locked (or has gone) cannot help: ask for the password as before.
        if (hello.ok && hello.value.unlocked) return agentAccess(agent);
        if (!hello.ok && hello.error.code === 'AGENT_TIMEOUT') ctx.warn(`${hello.error.message}${ctx.noPassword() ? '' : ' Asking for the password instead.'}`);
      }
      if (ctx.noPassword()) throw new CliError(EXIT.failed, `No unlocked agent serves this vault, and ${NO_PASSWORD_FLAG} says not to read a master password: run "tokenvault unlock" first.`);
      return directAccess(await ctx.openUnlocked());
    },
    letGo() {
      prompt.close?.();
      for (const vault of opened) vault.lock();
      for (const agent of agents) agent.close();
    },
    out: (text) => process.stdout.write(`${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
    },
  };

  program
    .description('Token Vault: an encrypted vault for GitLab access tokens.')
    .option('--vault <path>', 'the vault file (default: $TOKENVAULT_VAULT or the desktop app\'s vault)')
    .option('--no-password', 'never read a master password: use the unlocked agent, or fail (also TOKENVAULT_NO_PASSWORD=1); piped input then holds only the secret')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  registerVaultCommands(program, ctx);
  registerTrashCommands(program, ctx);
  registerCopyCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerBackupCommands(program, ctx);
  registerCalendarCommands(program, ctx);
  registerGitlabCommands(program, ctx);
  registerIdentifyCommand(program, ctx);
  registerAgentCommands(program, ctx);
  registerGitCredentialCommand(program, ctx);
  registerRunCommand(program, ctx);
  registerEditCommand(program, ctx);
  registerSyncCommands(program, ctx);
  registerTeamCommands(program, ctx);
  return { program, opened, agents };
}

function exitStatusFor(error: unknown): { status: number; message: string | null } {
  if (error instanceof CommanderError) {
    const quiet = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { status: quiet ? EXIT.ok : EXIT.usage, message: null };
  }
  if (error instanceof CliError) return { status: error.exitCode, message: error.message };
  if (isVaultError(error)) return { status: EXIT_FOR[error.code] ?? EXIT.failed, message: error.message };
  // Anything unexpected: one sentence, no stack (a stack could quote data), and a hint.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { status: EXIT.failed, message: `Unexpected error: ${message}` };
}

async function main(argv: string[]): Promise<number> {
  const { program, opened, agents } = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    const { status, message } = exitStatusFor(error);
    if (message) process.stderr.write(`tokenvault: ${message}\n`);
    return status;
  } finally {
    for (const vault of opened) vault.close();
    for (const agent of agents) agent.close();
  }
}

const status = await main(process.argv);
// Standard input may still be open (piped prompts): exit once our output is flushed.
process.stdout.write('', () => process.exit(status));
