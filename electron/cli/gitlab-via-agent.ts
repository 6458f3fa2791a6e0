// `tokenvault gitlab verify|rotate|revoke` through the unlocked agent (the desktop app or the
// headless agent): no password, and the vault writes that follow GitLab's answer happen in the
// one process that holds the vault. Options the agent's calls do not carry (--using, a CA
// file, a trusted fingerprint, a timeout, CI/CD variables) keep the old way: the command opens
// the vault itself, which is safe beside the agent (see vault.ts write and vault-ops rotate).
import type { ApiResult } from '../api';
import type { AgentClient } from '../agent/client';
import { fromAgent, VAULT_CODES } from './access';
import { CliError, EXIT, type CliContext } from './context';

/** The agent when it holds this vault unlocked and the command needs nothing it cannot carry; else null. */
export async function gitlabAgent(ctx: CliContext, needsDirect: boolean): Promise<AgentClient | null> {
  if (needsDirect || !ctx.mayUseAgent()) return null;
  const agent = await ctx.agent();
  if (!agent) return null;
  const hello = await agent.call('agentHello', {});
  return hello.ok && hello.value.unlocked ? agent : null;
}

/** Codes that are not GitLab's answer: they keep the exit status the CLI gives them itself. */
const NOT_GITLAB = new Set(['INVALID_ARGS', 'INTERNAL', 'NO_INSTANCE', 'GITLAB_UNAVAILABLE', 'LOCKED']);

/** The agent's answer to a GitLab call: a GitLab refusal or failure exits 5, as it does without the agent. */
export function fromGitLabAgent<T>(result: ApiResult<T>): T {
  if (result.ok || VAULT_CODES.has(result.error.code) || NOT_GITLAB.has(result.error.code)) return fromAgent(result);
  throw new CliError(EXIT.gitlab, result.error.message);
}

/**
 * The agent's answer, or null when it will not make this call for a program on its socket (a
 * token never sent to its instance before: see agent/socket-policy.ts) — the command then asks
 * for the master password and makes the call itself.
 */
export function unlessPasswordNeeded<T>(ctx: CliContext, result: ApiResult<T>): ApiResult<T> | null {
  if (result.ok || result.error.code !== 'NEEDS_PASSWORD') return result;
  ctx.warn(result.error.message);
  return null;
}

/** The entry named on the command line, with the instance the GitLab calls need. */
export async function agentEntryWithInstance(agent: AgentClient, ref: string) {
  const entry = fromAgent(await agent.call('agentFind', { ref }));
  if (!entry.instance) throw new CliError(EXIT.failed, `"${entry.name}" has no GitLab instance; set one with the desktop app or re-add it with --instance.`);
  return entry;
}
