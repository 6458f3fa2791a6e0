// `tokenvault` starts here (dist/cli.mjs). Start-up is most of what a short command costs, and
// most of start-up was V8 compiling every command's definition and commander: so this file
// answers what it can with little code — help, from templates taken from commander at build
// time, and the commands the unlocked agent serves (show, add, copy --stdout, git's credential
// helper) — and loads the full CLI (cli.ts) for everything else. Whatever it answers, it
// answers byte for byte as the full CLI would (cli-fast-path.test.ts).
import { readAgentCommand } from './cli/fast-agent-args';
import { answerHelp } from './cli/fast-help';

const args = process.argv.slice(2);
// The worker threads' files are beside this one once built; from the sources there is no dist/.
const distDir = import.meta.url.endsWith('.ts') ? null : new URL('./', import.meta.url);

async function main(): Promise<number> {
  const help = answerHelp(args);
  if (help !== null) return help;
  const line = readAgentCommand(args);
  if (line) {
    // The agent's client (node:net, node:crypto) loads only for these: help needs none of it.
    const { answerThroughAgent } = await import('./cli/fast-agent');
    const served = await answerThroughAgent(line);
    if (served !== null) return served;
  }
  const { runCli } = await import('./cli');
  return runCli(process.argv, distDir);
}

const status = await main();
// Standard input may still be open (piped prompts): exit once our output is flushed.
process.stdout.write('', () => process.exit(status));
