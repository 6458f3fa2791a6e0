// Reads the command lines the CLI's entry may run through the unlocked agent without the full
// CLI (fast-agent.ts): show, add, copy --stdout and git's credential helper. Strictly: only the
// plain shapes (the program's --vault/--no-password first, then the command, its own options
// and its one argument); anything else — another option, "--", a value that looks like an
// option — is left to the full CLI, whose commander reading stays the reference. No imports:
// the entry reads every command line with this before it loads anything.
import type { GlobalOptions } from './make-context';

export type AgentCommandName = 'show' | 'add' | 'copy' | 'git-credential';

export interface AgentCommandLine {
  global: GlobalOptions;
  command: AgentCommandName;
  /** The one argument: NAME, REF, or git-credential's operation. */
  argument: string;
  flags: Set<string>;
  values: Map<string, string>;
}

const SHAPES: Record<AgentCommandName, { flags: readonly string[]; values: readonly string[] }> = {
  show: { flags: ['--json'], values: [] },
  add: { flags: [], values: ['--instance', '--kind', '--scopes', '--expires', '--description'] },
  // The clipboard waits to clear it: only --stdout is served here.
  copy: { flags: ['--stdout'], values: [] },
  'git-credential': { flags: [], values: [] },
};

/** A value as commander would take it, or undefined when this reading leaves the line to commander. */
const plainValue = (value: string | undefined) => (value === undefined || value === '' || value.startsWith('-') ? undefined : value);

/** The command line read, or null when it is not one of the plain shapes. */
export function readAgentCommand(args: readonly string[]): AgentCommandLine | null {
  const global: GlobalOptions = {};
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const arg = args[i]!;
    if (arg === '--no-password') global.password = false;
    else if (arg === '--vault' || arg.startsWith('--vault=')) {
      const value = plainValue(arg === '--vault' ? args[++i] : arg.slice('--vault='.length));
      if (value === undefined) return null;
      global.vault = value;
    } else return null;
  }
  const command = args[i] as AgentCommandName;
  if (!Object.hasOwn(SHAPES, command)) return null;
  const shape = SHAPES[command];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (i++; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (shape.flags.includes(arg)) flags.add(arg);
    else if (shape.values.includes(name)) {
      const value = plainValue(equals < 0 ? args[++i] : arg.slice(equals + 1));
      if (value === undefined) return null;
      values.set(name, value);
    } else return null;
  }
  if (positional.length !== 1) return null;
  if (command === 'copy' && !flags.has('--stdout')) return null;
  if (command === 'git-credential' && !['get', 'store', 'erase'].includes(positional[0]!)) return null;
  return { global, command, argument: positional[0]!, flags, values };
}
