// The help the CLI's entry prints without loading commander: `tokenvault` alone, --help/-h,
// `help [command]` and `COMMAND [SUBCOMMAND] --help`, from the templates taken from commander at
// build time (help-template.ts). Any other shape (help after other words, an unknown command, a
// flag before the command) is left to commander, which decides as it always has.
import { renderHelp, type HelpTemplates } from './help-render';

declare const TOKENVAULT_HELP_JSON: string | undefined;

/** Written in by scripts/build-cli.mjs; from the sources there is none, and commander answers. */
const helpJson = ((): string | null => {
  try {
    return TOKENVAULT_HELP_JSON!;
  } catch {
    return null;
  }
})();

export interface HelpRequest {
  /** The command's path: "" for the program, "gitlab verify". */
  path: string;
  /** Written to standard error, as commander does when no command was given. */
  toStderr: boolean;
}

const HELP_FLAGS = new Set(['--help', '-h']);

/** Which help these arguments ask for, or null when they ask for something else (or a shape left to commander). */
export function helpRequest(args: readonly string[], templates: HelpTemplates): HelpRequest | null {
  const root = templates.commands['']!;
  if (args.length === 0) return { path: '', toStderr: true };
  if (args[0] === 'help' && args.length <= 2 && !root.names.help) {
    if (args.length === 1) return { path: '', toStderr: false };
    const name = root.names[args[1]!];
    return name ? { path: name, toStderr: false } : null;
  }
  if (!HELP_FLAGS.has(args[args.length - 1]!)) return null;
  const path: string[] = [];
  for (const word of args.slice(0, -1)) {
    const name = templates.commands[path.join(' ')]!.names[word];
    if (!name) return null;
    path.push(name);
  }
  return { path: path.join(' '), toStderr: false };
}

/** Prints the help these arguments ask for and returns the exit status, or null when they ask for something else. */
export function answerHelp(args: readonly string[]): number | null {
  // Most command lines are not help: read the templates only for one that may be.
  if (!helpJson || !(args.length === 0 || args[0] === 'help' || HELP_FLAGS.has(args[args.length - 1]!))) return null;
  const templates = JSON.parse(helpJson) as HelpTemplates;
  const request = helpRequest(args, templates);
  if (!request) return null;
  const stream = request.toStderr ? process.stderr : process.stdout;
  stream.write(renderHelp(templates.commands[request.path]!, stream.isTTY ? stream.columns : undefined));
  return 0;
}
