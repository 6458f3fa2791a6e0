// The CLI's entry prints help without commander (cli-entry.ts): from templates taken from
// commander at build time, wrapped at run time to the terminal's width. Every command's help,
// at every width, must be commander's own, byte for byte — so the two cannot drift apart.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../electron/cli';
import { helpRequest } from '../../electron/cli/fast-help';
import { renderHelp } from '../../electron/cli/help-render';
import { helpTemplates } from '../../electron/cli/help-template';

const { program } = buildProgram();
const templates = helpTemplates(program);

function commands(command: Command, path: string[] = []): [string, Command][] {
  return [[path.join(' '), command], ...command.commands.flatMap((sub) => commands(sub, [...path, sub.name()]))];
}

/** What commander prints for this command at this width (the terminal's columns; undefined off a terminal). */
function commanderHelp(command: Command, width: number | undefined): string {
  const saved = command.configureOutput();
  command.configureOutput({ ...saved, getOutHelpWidth: () => width as number, getOutHasColors: () => false });
  try {
    return command.helpInformation();
  } finally {
    command.configureOutput(saved);
  }
}

const WIDTHS = [undefined, 0, 1, 20, 39, 40, 41, 45, 50, 55, 60, 64, 70, 72, 79, 80, 81, 90, 100, 120, 132, 160, 200, 250, 1000];

describe('help from the build-time templates', () => {
  const all = commands(program);

  it('covers every command, hidden ones too', () => {
    expect(Object.keys(templates.commands).sort()).toEqual(all.map(([path]) => path).sort());
    expect(all.length).toBeGreaterThan(50);
  });

  it.each(all.map(([path, command]) => [path || 'tokenvault', path, command] as const))('"%s" reads as commander writes it at every width', (_name, path, command) => {
    for (const width of WIDTHS) expect(renderHelp(templates.commands[path]!, width), `width ${width}`).toBe(commanderHelp(command, width));
  });

  it('wraps descriptions with spaces, long words and preformatted lines as commander does', () => {
    const sample = new Command('sample').description('a  description  with   runs of spaces and a-very-long-hyphenated-word-that-cannot-break-anywhere-at-all\n\nand a second paragraph');
    sample.option('--pre <x>', 'preformatted:\n  indented line one\n  indented line two');
    sample.option('--long <x>', `${'word '.repeat(40)}end`);
    sample.command('child <arg>').description('x'.repeat(90));
    const template = helpTemplates(sample).commands['']!;
    for (const width of WIDTHS) expect(renderHelp(template, width), `width ${width}`).toBe(commanderHelp(sample, width));
  });
});

describe('which help a command line asks for', () => {
  it('reads --help and -h after a command path, help NAME, and nothing at all', () => {
    expect(helpRequest([], templates)).toEqual({ path: '', toStderr: true });
    expect(helpRequest(['--help'], templates)).toEqual({ path: '', toStderr: false });
    expect(helpRequest(['-h'], templates)).toEqual({ path: '', toStderr: false });
    expect(helpRequest(['help'], templates)).toEqual({ path: '', toStderr: false });
    expect(helpRequest(['help', 'add'], templates)).toEqual({ path: 'add', toStderr: false });
    expect(helpRequest(['gitlab', 'verify', '--help'], templates)).toEqual({ path: 'gitlab verify', toStderr: false });
    expect(helpRequest(['git-credential', 'get', '-h'], templates)).toEqual({ path: 'git-credential get', toStderr: false });
  });

  it('leaves every other shape to commander', () => {
    for (const args of [['show', 'x'], ['help', 'nope'], ['help', 'gitlab', 'verify'], ['nope', '--help'], ['show', 'x', '--help'], ['--vault', 'v', '--help'], ['--version'], ['add', '--', '--help']]) {
      expect(helpRequest(args, templates), args.join(' ')).toBeNull();
    }
  });
});
