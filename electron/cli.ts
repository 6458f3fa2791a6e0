// `tokenvault`: the vault from a terminal. Same services as the desktop app, no Electron.
// Every failure ends as one sentence on standard error and an exit status from cli.md.
// The command that starts is cli-entry.ts (dist/cli.cjs): it answers help and the commands
// the unlocked agent serves by itself, and loads this, every command's definition and
// commander, for everything else.
import { Command, CommanderError } from 'commander';
import { registerAgentCommands } from './cli/agent-commands';
import { registerGitCredentialCommand } from './cli/git-credential';
import { registerRunCommand } from './cli/run';
import { registerEditCommand } from './cli/edit';
import { registerSyncCommands } from './cli/sync-commands';
import { registerTeamCommands } from './cli/team-commands';
import { registerBackupCommands } from './cli/backup-commands';
import { registerCalendarCommands } from './cli/calendar';
import { EXIT } from './cli/context';
import { createContext, type GlobalOptions } from './cli/make-context';
import { vaultSide } from './cli/vault-side';
import { distFile, useDistDir } from './cli/dist-files';
import { exitStatusFor } from './cli/exit-status';
import { registerCopyCommand } from './cli/copy';
import { registerGitlabCommands } from './cli/gitlab';
import { registerIdentifyCommand } from './cli/identify';
import { registerImportCommand } from './cli/import';
import { registerVaultCommands } from './cli/vault-commands';
import { registerTrashCommands } from './cli/trash-commands';
import { setKdfThreadFile } from './vault/kdf-worker';
import type { AgentClient } from './agent/client';
import type { Vault } from './vault/vault';
import { visibleText } from './cli/terminal-text';

export function buildProgram(): { program: Command; opened: Vault[]; agents: AgentClient[] } {
  const program = new Command('tokenvault');
  const { ctx, opened, agents } = createContext(() => program.opts<GlobalOptions>(), vaultSide);

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

function commanderStatus(error: unknown): { status: number; message: string | null } {
  if (error instanceof CommanderError) {
    const quiet = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { status: quiet ? EXIT.ok : EXIT.usage, message: null };
  }
  return exitStatusFor(error);
}

/**
 * Runs one command line (process.argv's shape) and returns its exit status. `distDir`: the
 * folder of the built dist/cli.cjs, where the worker threads' files are; null from the sources.
 */
export async function runCli(argv: string[], distDir: URL | null): Promise<number> {
  useDistDir(distDir);
  const kdfThread = distFile('kdf-thread.mjs');
  if (kdfThread) setKdfThreadFile(kdfThread);
  const { program, opened, agents } = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    const { status, message } = commanderStatus(error);
    if (message) process.stderr.write(`tokenvault: ${visibleText(message)}\n`);
    return status;
  } finally {
    for (const vault of opened) vault.close();
    for (const agent of agents) agent.close();
  }
}

// The build takes every command's help from here (scripts/build-cli.mjs).
export { helpTemplates } from './cli/help-template';
