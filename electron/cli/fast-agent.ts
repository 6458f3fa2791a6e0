// Runs a command line read by fast-agent-args.ts through the unlocked agent, without the full
// CLI. The bodies are the full CLI's own (agent-served.ts, git-credential.ts) over the same
// context (make-context.ts) — only without the vault's side: whenever the agent cannot serve
// the command (no agent, a locked one, piped input that starts with the master password), the
// context throws NeedsFullCli before anything is read or written, and the full CLI runs it.
import { TOKEN_KINDS } from '../vault/token-kinds';
import { addCommand, commaList, copyToStdout, showCommand } from './agent-served';
import type { CliContext } from './context';
import { reportFailure } from './exit-status';
import type { AgentCommandLine } from './fast-agent-args';
import { answerGit } from './git-credential';
import { createContext, NeedsFullCli } from './make-context';

function commandBody(line: AgentCommandLine): ((ctx: CliContext) => Promise<void>) | null {
  const { argument, flags, values } = line;
  switch (line.command) {
    case 'show':
      return (ctx) => showCommand(ctx, argument, { json: flags.has('--json') || undefined });
    case 'add': {
      const kind = values.get('--kind') ?? 'other';
      if (!(TOKEN_KINDS as readonly string[]).includes(kind)) return null; // commander names the kinds
      const scopes = values.get('--scopes');
      const opts = { instance: values.get('--instance'), kind, scopes: scopes === undefined ? undefined : commaList(scopes), expires: values.get('--expires'), description: values.get('--description') };
      return (ctx) => addCommand(ctx, argument, opts);
    }
    case 'copy':
      return (ctx) => copyToStdout(ctx, argument);
    case 'git-credential':
      return (ctx) => answerGit(ctx, argument as 'get' | 'store' | 'erase');
  }
}

/** Runs the command through the agent and returns its exit status; null when the full CLI is to run it (nothing was read or written). */
export async function answerThroughAgent(line: AgentCommandLine): Promise<number | null> {
  const body = commandBody(line);
  if (!body) return null;
  const { ctx, agents } = createContext(() => line.global, null);
  try {
    await body(ctx);
    return 0;
  } catch (error) {
    if (error instanceof NeedsFullCli) return null;
    return reportFailure(error);
  } finally {
    for (const agent of agents) agent.close();
  }
}
