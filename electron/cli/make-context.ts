// What every command gets (context.ts's CliContext), made once per run. The full CLI makes it
// over commander's parsed options; the entry's fast paths (fast-agent.ts) make it over their own
// reading of the same options and without the vault's side: where a command would need more
// than the unlocked agent (no agent, a locked one, piped input that starts with the master
// password), it throws NeedsFullCli before it has read or written anything, and the full CLI
// runs the command instead.
import { AgentClient } from '../agent/client';
import { agentTarget } from '../agent/vault-id';
import { defaultVaultPath } from '../vault/paths';
import type { Vault } from '../vault/vault';
import { agentAccess, type VaultAccess } from './access';
import { CliError, EXIT, type CliContext } from './context';
import { createPrompter } from './prompt';
import { visibleText } from './terminal-text';

const NO_PASSWORD_FLAG = '--no-password (or TOKENVAULT_NO_PASSWORD=1)';

/** The program's own options: --vault PATH, and --no-password (password: false). */
export interface GlobalOptions {
  vault?: string;
  password?: boolean;
}

/** This command needs the full CLI (the vault opened here, a password asked): nothing has been read or written yet. */
export class NeedsFullCli extends Error {}

/** What only the full CLI has: the vault opened in this process (SQLite, libsodium, backups), loaded when a command gets there. */
export interface VaultSide {
  /** Opens and unlocks the vault with the master password (the first prompt), as context.ts's openUnlocked says. */
  openUnlocked(ctx: CliContext): Promise<Vault>;
  secureFiles(vault: Vault): Promise<void>;
  directAccess(vault: Vault): VaultAccess;
}

/** The context over these program options; without a vault side (the entry's fast paths), whatever needs one throws NeedsFullCli. */
export function createContext(options: () => GlobalOptions, vaultSide: VaultSide | null): { ctx: CliContext; opened: Vault[]; agents: AgentClient[] } {
  const opened: Vault[] = [];
  const agents: AgentClient[] = [];
  const prompt = createPrompter();
  const warned = new Set<string>();
  let agentLookup: Promise<AgentClient | null> | null = null;
  const ctx: CliContext = {
    vaultPath: () => options().vault || defaultVaultPath(),
    prompt,
    track: (vault) => {
      opened.push(vault);
      return vault;
    },
    noPassword: () => options().password === false || process.env.TOKENVAULT_NO_PASSWORD === '1',
    // Piped input means the same with or without an agent (cli.md): its first line is the master
    // password, checked against the vault, so an agent may stand in for it only on a terminal —
    // or when the script said it relies on the agent.
    mayUseAgent: () => ctx.noPassword() || process.stdin.isTTY === true,
    async openUnlocked() {
      // Refused here first: the fast path has read its input by now, so the full CLI could not run it again.
      if (ctx.noPassword()) throw new CliError(EXIT.usage, `This command opens the vault itself and needs its master password, so it cannot run with ${NO_PASSWORD_FLAG}.`);
      if (!vaultSide) throw new NeedsFullCli();
      return vaultSide.openUnlocked(ctx);
    },
    warn: (text) => {
      if (warned.has(text)) return;
      warned.add(text);
      process.stderr.write(`tokenvault: warning: ${visibleText(text)}\n`);
    },
    async secureFiles(vault) {
      if (!vaultSide) throw new NeedsFullCli();
      await vaultSide.secureFiles(vault);
    },
    agentTarget: () => agentTarget(ctx.vaultPath()),
    agent() {
      agentLookup ??= (async () => {
        const client = await AgentClient.connect(await ctx.agentTarget());
        if (client) agents.push(client);
        return client;
      })();
      return agentLookup;
    },
    async access() {
      const agent = ctx.mayUseAgent() ? await ctx.agent() : null;
      if (agent) {
        const hello = await agent.call('agentHello', {});
        // An agent that is locked (or has gone) cannot help: ask for the password as before.
        if (hello.ok && hello.value.unlocked) return agentAccess(agent);
        if (!vaultSide) throw new NeedsFullCli();
        if (!hello.ok && hello.error.code === 'AGENT_TIMEOUT') ctx.warn(`${hello.error.message}${ctx.noPassword() ? '' : ' Asking for the password instead.'}`);
      }
      if (!vaultSide) throw new NeedsFullCli();
      if (ctx.noPassword()) throw new CliError(EXIT.failed, `No unlocked agent serves this vault, and ${NO_PASSWORD_FLAG} says not to read a master password: run "tokenvault unlock" first.`);
      return vaultSide.directAccess(await ctx.openUnlocked());
    },
    async openDirect() {
      const vault = await ctx.openUnlocked(); // refused with --no-password; NeedsFullCli without a vault side
      return vaultSide!.directAccess(vault);
    },
    letGo() {
      prompt.close?.();
      for (const vault of opened) vault.lock();
      for (const agent of agents) agent.close();
    },
    out: (text) => process.stdout.write(`${visibleText(text)}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
    },
  };
  return { ctx, opened, agents };
}
