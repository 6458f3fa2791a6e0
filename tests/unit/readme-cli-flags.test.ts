// README's CLI section names every command and every flag the CLI has (what --help prints):
// the commands are registered here exactly as electron/cli.ts registers them, and walked.
import fs from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../electron/cli/context';
import { registerAgentCommands } from '../../electron/cli/agent-commands';
import { registerBackupCommands } from '../../electron/cli/backup-commands';
import { registerCalendarCommands } from '../../electron/cli/calendar';
import { registerCopyCommand } from '../../electron/cli/copy';
import { registerEditCommand } from '../../electron/cli/edit';
import { registerGitCredentialCommand } from '../../electron/cli/git-credential';
import { registerGitlabCommands } from '../../electron/cli/gitlab';
import { registerIdentifyCommand } from '../../electron/cli/identify';
import { registerImportCommand } from '../../electron/cli/import';
import { registerRunCommand } from '../../electron/cli/run';
import { registerSyncCommands } from '../../electron/cli/sync-commands';
import { registerTeamCommands } from '../../electron/cli/team-commands';
import { registerTrashCommands } from '../../electron/cli/trash-commands';
import { registerVaultCommands } from '../../electron/cli/vault-commands';

const REGISTERS = {
  registerVaultCommands, registerTrashCommands, registerCopyCommand, registerImportCommand, registerBackupCommands, registerCalendarCommands,
  registerGitlabCommands, registerIdentifyCommand, registerAgentCommands, registerGitCredentialCommand, registerRunCommand, registerEditCommand,
  registerSyncCommands, registerTeamCommands,
};

interface Listed {
  path: string[];
  flags: string[];
}

function walk(command: Command, path: string[], out: Listed[]): Listed[] {
  out.push({ path, flags: command.options.map((o) => o.long).filter((f): f is string => !!f) });
  // A hidden command (agent serve: what `agent start` runs) is not the user's to type.
  for (const sub of command.commands) if (!(sub as unknown as { _hidden?: boolean })._hidden) walk(sub, [...path, sub.name()], out);
  return out;
}

const readme = fs.readFileSync('README.md', 'utf8');
const section = readme.split('## The `tokenvault` CLI')[1]!.split(/\n## /)[0]!;
const block = section.split('```')[1]!;
const lines = block.split('\n');

describe("README's CLI section", () => {
  it('registers the same commands as the CLI itself', () => {
    const called = [...fs.readFileSync('electron/cli.ts', 'utf8').matchAll(/^\s+(register\w+)\(program, ctx\);$/gm)].map((m) => m[1]).sort();
    expect(called).toEqual(Object.keys(REGISTERS).sort());
  });

  const program = new Command('tokenvault');
  program.option('--vault <path>').option('--no-password');
  for (const register of Object.values(REGISTERS)) register(program, {} as CliContext);
  const listed = walk(program, [], []);

  it.each(listed.filter((c) => c.path.length).map((c) => [c.path.join(' '), c] as const))('names "%s" in its synopsis', (_name, { path }) => {
    // "gitlab verify|rotate|revoke NAME": the group on a line, the command among its words.
    const words = (line: string) => line.replace(/[[\]()|·,]/g, ' ').split(/\s+/);
    const found = lines.some((line) => {
      const w = words(line);
      return path.every((part) => w.includes(part));
    });
    expect(found, `no synopsis line names ${path.join(' ')}`).toBe(true);
  });

  it.each(listed.filter((c) => c.flags.length).map((c) => [c.path.join(' ') || 'tokenvault', c] as const))('lists every flag of "%s"', (_name, { path, flags }) => {
    const mentioning = path.length ? lines.filter((line) => line.includes(path[path.length - 1]!)) : lines.slice(0, 2);
    // A command's flags sit on its lines, or on the indented lines right after (continuations).
    const own = lines.filter((line, i) => mentioning.includes(line) || (/^\s{4,}/.test(line) && lines.slice(0, i).reverse().find((l) => !/^\s{4,}/.test(l)) !== undefined && mentioning.includes(lines.slice(0, i).reverse().find((l) => !/^\s{4,}/.test(l))!)));
    const text = own.join('\n');
    expect(flags.filter((flag) => !text.includes(flag)), `flags of ${path.join(' ') || 'tokenvault'} missing from README`).toEqual([]);
  });
});
