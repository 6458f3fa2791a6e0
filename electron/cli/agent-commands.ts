// unlock, lock and agent start|stop|status|log (and the hidden `agent serve`, which is the
// headless agent itself). `unlock` hands the unlocked vault to whoever serves it — the app
// when it has this vault open, else a headless agent started here, detached.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { AgentClient } from '../agent/client';
import { EndpointError, endpointFor, ensurePrivateDir, runtimeChoice } from '../agent/endpoint';
import { fromAgent } from './access';
import { CliError, EXIT, type CliContext, type RegisterCommands } from './context';

const START_TIMEOUT_MS = 10_000;

const countOption = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 5000) throw new CliError(EXIT.usage, `--limit must be a whole number from 1 to 5000, not "${value}".`);
  return Number(value);
};

const minutesOption = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) > 1440) throw new CliError(EXIT.usage, `--minutes must be a whole number from 0 to 1440, not "${value}".`);
  return Number(value);
};

/** Starts `tokenvault agent serve` for this vault, detached, and waits until it answers. */
async function startHeadless(ctx: CliContext): Promise<AgentClient> {
  const target = await ctx.agentTarget();
  try {
    // Checked here too: the agent would refuse the folder in its own (detached, silent) process.
    ensurePrivateDir(path.dirname(endpointFor(target)));
    const { note } = runtimeChoice();
    if (note) ctx.warn(note);
  } catch (error) {
    if (error instanceof EndpointError) throw new CliError(EXIT.failed, error.message);
    throw error;
  }
  const child = spawn(process.execPath, [process.argv[1]!, '--vault', ctx.vaultPath(), 'agent', 'serve'], { detached: true, stdio: 'ignore', env: process.env });
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const client = await AgentClient.connect(target);
    if (client) return client;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new CliError(EXIT.failed, 'The agent did not start; run "tokenvault agent serve" to see why.');
}

async function hello(agent: AgentClient) {
  return fromAgent(await agent.call('agentHello', {}));
}

export const registerAgentCommands: RegisterCommands = (program, ctx) => {
  program
    .command('unlock')
    .description('unlock the vault once in the agent (the app, or a headless agent started now); commands then take no password')
    .option('--minutes <n>', 'lock after this many idle minutes (default: the vault\'s auto-lock setting; 0 = never)', minutesOption)
    .action(async (opts: { minutes?: number }) => {
      let agent = await ctx.agent();
      let started = false;
      if (agent && (await hello(agent)).unlocked) {
        if (opts.minutes !== undefined) fromAgent(await agent.call('agentSetIdle', { minutes: opts.minutes }));
        ctx.out('The vault is already unlocked in the agent.');
        return;
      }
      const password = await ctx.prompt.secret('Master password');
      if (!agent) {
        agent = await startHeadless(ctx);
        started = true;
      }
      const unlocked = await agent.call('vaultUnlock', { password });
      if (!unlocked.ok) {
        // A headless agent we started for nothing should not linger.
        if (started) await agent.call('agentStop', {});
        agent.close();
        fromAgent(unlocked);
      }
      if (opts.minutes !== undefined) fromAgent(await agent.call('agentSetIdle', { minutes: opts.minutes, password }));
      const info = await hello(agent);
      const settings = fromAgent(await agent.call('settingsGet', {}));
      agent.close();
      const minutes = info.idleMinutes ?? settings.autoLockMinutes;
      const who = info.headless ? `the agent (pid ${info.pid})` : 'the desktop app';
      ctx.out(`Unlocked in ${who}; ${minutes === 0 ? 'it stays unlocked until "tokenvault lock"' : `it locks after ${minutes} idle minute${minutes === 1 ? '' : 's'}, or now with "tokenvault lock"`}.`);
      if (info.headless && settings.askBeforeRelease) {
        ctx.out('Note: "ask before a secret leaves the vault" is on, but the headless agent has no window to ask in: it hands secrets to git and run without asking, and logs each ("tokenvault agent log").');
      }
    });

  program
    .command('lock')
    .description('lock this vault in the agent (and in the app); a headless agent then exits')
    .action(async () => {
      const agent = await ctx.agent();
      if (!agent) {
        ctx.out('No agent holds this vault; nothing to lock.');
        return;
      }
      const info = await hello(agent);
      fromAgent(await agent.call('vaultLock', {}));
      if (info.headless) fromAgent(await agent.call('agentStop', {}));
      ctx.out(info.headless ? 'Locked; the agent has stopped.' : 'Locked in the desktop app.');
    });

  const agentCommand = program.command('agent').description('the headless agent: start, stop, status, log');

  agentCommand
    .command('start')
    .description('start a (locked) headless agent for this vault; "unlock" starts one too')
    .action(async () => {
      const existing = await ctx.agent();
      if (existing) {
        const info = await hello(existing);
        ctx.out(`An agent already serves this vault (${info.headless ? `pid ${info.pid}` : 'the desktop app'}).`);
        return;
      }
      const agent = await startHeadless(ctx);
      const info = await hello(agent);
      agent.close();
      ctx.out(`Started the agent (pid ${info.pid}), locked; "tokenvault unlock" unlocks it.`);
    });

  agentCommand
    .command('stop')
    .description('lock and stop the headless agent')
    .action(async () => {
      const agent = await ctx.agent();
      if (!agent) {
        ctx.out('No agent serves this vault.');
        return;
      }
      fromAgent(await agent.call('agentStop', {}));
      ctx.out('The agent has stopped.');
    });

  agentCommand
    .command('status')
    .description('whether an agent serves this vault, and whether it is unlocked (exit 1 when none)')
    .option('--json', 'one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const agent = await ctx.agent();
      const info = agent ? await hello(agent) : null;
      if (opts.json) ctx.json(info ? { running: true, ...info } : { running: false });
      else if (!info) ctx.out('No agent serves this vault.');
      else ctx.out(`${info.headless ? `Headless agent, pid ${info.pid}` : `Desktop app, pid ${info.pid}`}: ${info.unlocked ? 'unlocked' : 'locked'}.`);
      if (!info) throw new CliError(EXIT.failed, '');
    });

  agentCommand
    .command('log')
    .description('the secrets that left the vault: when, which token, to what, and which process asked')
    .option('--limit <n>', 'how many, newest first (default 50)', countOption)
    .option('--json', 'one JSON document')
    .action(async (opts: { limit?: number; json?: boolean }) => {
      const rows = await (await ctx.access()).releases(opts.limit ?? 50);
      if (opts.json) return ctx.json(rows);
      if (rows.length === 0) return ctx.out('No secret has left the vault yet.');
      for (const r of rows) {
        const peer = r.peerPid ? ` · pid ${r.peerPid}${r.peerSource === 'claimed' ? ' (claimed)' : ''}${r.peerExe ? ` ${r.peerExe}` : ''}` : '';
        // The command text is the client's own description; the kernel's command line, when known, is what ran.
        const ran = r.peerCommand ? ` · ran: ${r.peerCommand}` : '';
        const said = r.via === 'cli' ? r.command : `"${r.command}" (as the program described it)`;
        ctx.out(`${r.at}  ${r.purpose.padEnd(6)}  ${r.entryName}  → ${said} (via ${r.via}${peer}${ran})`);
      }
    });

  agentCommand
    .command('serve', { hidden: true })
    .description('run the headless agent in this process (unlock and agent start run it detached)')
    .action(async () => {
      // The whole service layer, loaded only in the agent's own process.
      const { runHeadlessAgent } = await import('../agent/headless');
      const { done } = await runHeadlessAgent({ vaultPath: ctx.vaultPath() });
      await done;
    });
};
