// `tokenvault edit NAME|ID [--name] [--instance] [--kind] [--scopes] [--expires D|never|unknown]
// [--description] [--used-in PLACE …] [--secret]`: the app's Edit from a terminal (as
// keepassxc-cli's edit). Only the options given change; --secret asks for the new secret.
import { Option } from 'commander';
import { TOKEN_KINDS } from '../vault/token-kinds';
import type { EntryPatch } from '../vault/types';
import { orWithPassword } from './access';
import { directAccess } from './direct-access';
import { CliError, EXIT, type RegisterCommands } from './context';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

interface EditOptions {
  name?: string;
  instance?: string;
  kind?: string;
  scopes?: string[];
  expires?: string;
  description?: string;
  usedIn?: string[];
  rotateEvery?: string;
  secret?: boolean;
}

export function editPatch(opts: EditOptions): EntryPatch {
  const patch: EntryPatch = {};
  if (opts.name !== undefined) patch.name = opts.name;
  if (opts.instance !== undefined) patch.instance = opts.instance === 'none' ? null : opts.instance;
  if (opts.kind !== undefined) patch.kind = opts.kind as EntryPatch['kind'];
  if (opts.scopes !== undefined) patch.scopes = opts.scopes;
  // "none"/"never": it has no expiry date (said by the person); "unknown": the date is not known yet.
  if (opts.expires !== undefined) {
    const word = opts.expires.trim().toLowerCase();
    const never = word === 'none' || word === 'never';
    patch.expiresAt = never || word === 'unknown' ? null : opts.expires;
    patch.gitlab = { neverExpires: never ? true : word === 'unknown' ? null : false };
  }
  if (opts.description !== undefined) patch.description = opts.description;
  if (opts.usedIn !== undefined) patch.usedIn = opts.usedIn;
  if (opts.rotateEvery !== undefined) {
    if (!/^\d+$/.test(opts.rotateEvery) || Number(opts.rotateEvery) > 3660) throw new CliError(EXIT.usage, `--rotate-every must be a number of days from 1 to 3660, or 0 for no reminder; not "${opts.rotateEvery}".`);
    patch.facts = { rotateEveryDays: Number(opts.rotateEvery) || null };
  }
  return patch;
}

export const registerEditCommand: RegisterCommands = (program, ctx) => {
  program
    .command('edit <ref>')
    .description('change a token\'s metadata; --secret replaces its secret (asked for)')
    .option('--name <new>', 'a new name')
    .option('--instance <url>', 'GitLab address ("none": not a GitLab token)')
    .addOption(new Option('--kind <kind>', 'what kind of token').choices([...TOKEN_KINDS]))
    .option('--scopes <a,b,c>', 'scopes, comma-separated (replaces them)', list)
    .option('--expires <YYYY-MM-DD|never|unknown>', 'expiry date; never (it has none; "none" too) or unknown')
    .option('--description <text>', 'what it is for')
    .option('--used-in <place>', 'where it is used (repeatable; replaces the list)', collect)
    .option('--rotate-every <days>', 'a rotation reminder for a secret that never expires: every DAYS after its last rotation (0: none)')
    .option('--secret', 'replace the secret too (asked for, never an argument)')
    .action(async (ref: string, opts: EditOptions) => {
      const patch = editPatch(opts);
      if (!Object.keys(patch).length && !opts.secret) throw new CliError(EXIT.usage, 'Nothing to change: give at least one option (see tokenvault edit --help).');
      let access = await ctx.access();
      // The agent does not let a program on its socket change where a token is sent (its address,
      // its "where used" places) or replace its secret (agent/socket-policy.ts): those edits
      // open the vault here, with the master password, as the app's window would ask for.
      if (access.via === 'agent' && (opts.instance !== undefined || opts.usedIn !== undefined || opts.secret)) {
        access = directAccess(await ctx.openUnlocked());
      }
      let entry = await access.find(ref);
      // Reminders made later or none are the master password's to allow (agent/socket-acts.ts).
      if (Object.keys(patch).length) entry = await orWithPassword(ctx, access, (a) => a.update(entry, patch));
      if (opts.secret) {
        const secret = (await ctx.prompt.secret('New secret')).trim();
        if (!secret) throw new CliError(EXIT.usage, 'The secret is empty; it was not changed.');
        entry = await access.replaceSecret(entry, secret);
      }
      ctx.out(`Changed "${entry.name}".`);
    });
};
