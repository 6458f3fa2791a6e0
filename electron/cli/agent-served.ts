// The bodies of the commands the CLI's entry runs without the full CLI when the unlocked agent
// serves the vault (fast-agent.ts): show, add, copy --stdout. The full CLI's commander actions
// call these same functions, so both say the same thing in the same way; only the reading of
// the command line differs. Kept free of commander and of the vault's own code.
import type { TokenKind } from '../vault/token-kinds';
import { kindMismatch } from '../vault/token-shape';
import { orWithPassword } from './access';
import { CliError, EXIT, type CliContext } from './context';
import { entryDetails, entryJson } from './entry-json';

export interface AddOptions {
  instance?: string;
  kind: string;
  scopes?: string[];
  expires?: string;
  description?: string;
}

export async function showCommand(ctx: CliContext, ref: string, opts: { json?: boolean }): Promise<void> {
  const entry = await (await ctx.access()).find(ref);
  if (opts.json) ctx.json({ ...entryJson(entry), history: entry.history });
  else ctx.out(entryDetails(entry));
}

export async function addCommand(ctx: CliContext, name: string, opts: AddOptions): Promise<void> {
  const access = await ctx.access();
  const secret = (await ctx.prompt.secret('Secret')).trim();
  // A pasted token of one kind stored as another is named, and nothing is stored (issue 22).
  const mismatch = kindMismatch(secret, opts.kind);
  if (mismatch) throw new CliError(EXIT.usage, mismatch);
  const input = { name, kind: opts.kind as TokenKind, instance: opts.instance ?? null, scopes: opts.scopes ?? [], expiresAt: opts.expires ?? null, description: opts.description ?? '' };
  // An add that would take git's answer for an instance from a token already there needs you (socket-acts.ts).
  const entry = await orWithPassword(ctx, access, (a) => a.add(input, secret));
  ctx.out(`Stored "${entry.name}" (${entry.id}).`);
}

/** copy --stdout: the secret on standard output, logged in the vault as shown. */
export async function copyToStdout(ctx: CliContext, ref: string): Promise<void> {
  const access = await ctx.access();
  const { secret } = await access.release(ref, 'show', 'tokenvault copy --stdout');
  process.stdout.write(`${secret}\n`);
}

/** --scopes a, b,c → ["a", "b", "c"]. */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
