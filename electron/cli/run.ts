// `tokenvault run --env VAR=NAME … -- CMD [ARGS…]`: CMD runs with the tokens in its own
// environment only (as `op run` does): nothing is printed, nothing lands in our environment
// or a file. Its exit status is ours; signals sent to us are passed on to it; if it dies of a
// signal, so do we, so the shell sees the same thing as without us.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { entryStatus } from '../reminders/status';
import type { EntryOverview } from '../vault/types';
import { CliError, EXIT, type RegisterCommands } from './context';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;

const collect = (value: string, previous: string[]) => [...previous, value];

export function parseEnvPairs(pairs: string[]): { variable: string; ref: string }[] {
  if (pairs.length === 0) throw new CliError(EXIT.usage, 'Name at least one token: --env VAR=NAME.');
  const seen = new Set<string>();
  return pairs.map((pair) => {
    const equals = pair.indexOf('=');
    const variable = equals > 0 ? pair.slice(0, equals) : '';
    const ref = equals > 0 ? pair.slice(equals + 1).trim() : '';
    if (!ENV_NAME.test(variable) || !ref) throw new CliError(EXIT.usage, `--env takes VAR=NAME (a variable name, then a token's name or id), not "${pair}".`);
    if (seen.has(variable)) throw new CliError(EXIT.usage, `${variable} is given twice in --env.`);
    seen.add(variable);
    return { variable, ref };
  });
}

/** A token GitLab will refuse is no use to CMD: say so before it runs, as the git helper does by staying silent. */
export function refuseUnusable(entry: EntryOverview, now = new Date()): void {
  const status = entryStatus(entry, now);
  if (status === 'expired') {
    throw new CliError(EXIT.failed, `"${entry.name}" expired on ${entry.expiresAt}, so GitLab will refuse it: rotate it with "tokenvault gitlab rotate ${entry.name} --using OTHER" (or pass --allow-expired to hand it over anyway).`);
  }
  if (status === 'revoked') {
    throw new CliError(EXIT.failed, `"${entry.name}" is revoked, so GitLab will refuse it, and "tokenvault gitlab rotate ${entry.name}" cannot bring it back: create a new token and store it in its place (or pass --allow-expired to hand it over anyway).`);
  }
}

export const registerRunCommand: RegisterCommands = (program, ctx) => {
  program
    .command('run')
    .description('run CMD with tokens in its environment only, and exit with its status')
    .option('--env <VAR=NAME>', 'put this token into CMD\'s environment as VAR (repeatable)', collect, [])
    .option('--allow-expired', 'hand over expired and revoked tokens too')
    .argument('<command...>', 'the command and its arguments, after --')
    .action(async (command: string[], opts: { env: string[]; allowExpired?: boolean }) => {
      const wanted = parseEnvPairs(opts.env);
      const [file, ...args] = command;
      const access = await ctx.access();
      const env: NodeJS.ProcessEnv = { ...process.env };
      const described = `tokenvault run ${command.join(' ')}`.slice(0, 300);
      // Every token checked before any leaves: a refusal releases (and logs) nothing.
      if (!opts.allowExpired) for (const { ref } of wanted) refuseUnusable(await access.find(ref));
      for (const { variable, ref } of wanted) env[variable] = (await access.release(ref, 'run', described)).secret;
      ctx.letGo();

      // Listen before spawning: the child runs (and whoever started us may already signal us)
      // before spawn() returns. Without a listener, a signal in that gap kills us with the
      // default action and orphans the child. Listeners run from the event loop, never inside
      // this synchronous stretch, so `child` is always set by the time one runs.
      const forwarders = FORWARDED.map((signal) => {
        const forward = () => child.kill(signal);
        process.on(signal, forward);
        return () => process.off(signal, forward);
      });
      const child = spawn(file!, args, { stdio: 'inherit', env });
      const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
        child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
        child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      forwarders.forEach((stop) => stop());
      if (outcome.error) {
        const missing = outcome.error.code === 'ENOENT';
        throw new CliError(missing ? 127 : 126, missing ? `No program named "${file}" was found.` : `"${file}" could not be started (${outcome.error.code ?? 'error'}).`);
      }
      if (outcome.signal) {
        // Die the same way, so a shell or a supervisor sees the signal, not a made-up status.
        process.kill(process.pid, outcome.signal);
        throw new CliError(128 + (constants.signals[outcome.signal] ?? 0), '');
      }
      if (outcome.code !== 0) throw new CliError(outcome.code ?? EXIT.failed, '');
    });
};
