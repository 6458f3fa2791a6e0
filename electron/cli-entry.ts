// `tokenvault` starts here (dist/cli.cjs, the package's bin). Start-up is most of what a short
// command costs, and most of start-up was V8 compiling every command's definition and commander:
// so this file answers what it can with little code — help, from templates taken from commander
// at build time, and the commands the unlocked agent serves (show, add, copy --stdout, git's
// credential helper) — and loads the full CLI (cli.ts) for everything else. Whatever it answers,
// it answers byte for byte as the full CLI would (cli-fast-path.test.ts).
// It is built as CommonJS, and so is the agent's fast path it requires: Node 20 starts its ESM
// loader for the first ES module it meets, about 15 ms of CPU that these commands need not pay.
// The full CLI stays ES modules (its chunks), imported only when it runs.
import { readAgentCommand } from './cli/fast-agent-args';
import { answerHelp } from './cli/fast-help';
import type { answerThroughAgent } from './cli/fast-agent';

declare const __dirname: string;

const args = process.argv.slice(2);

async function main(): Promise<number> {
  const help = answerHelp(args);
  if (help !== null) return help;
  const line = readAgentCommand(args);
  if (line) {
    // The agent's client (node:net) loads only for these: help needs none of it. A require, not
    // an import(): the fast path is CommonJS too (scripts/build-cli.mjs), so no ESM loader starts.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fast = require('./cli/fast-agent') as { answerThroughAgent: typeof answerThroughAgent };
    const served = await fast.answerThroughAgent(line);
    if (served !== null) return served;
  }
  const [{ runCli }, { pathToFileURL }] = await Promise.all([import('./cli'), import('node:url')]);
  // The worker threads' files are beside this one.
  return runCli(process.argv, pathToFileURL(`${__dirname}/`));
}

void main().then((status) => {
  // Standard input may still be open (piped prompts): exit once our output is flushed.
  process.stdout.write('', () => process.exit(status));
});
