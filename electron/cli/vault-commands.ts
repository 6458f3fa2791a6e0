// init, add, list, show, rm, passwd: the everyday commands over the vault file. The vault's
// own code (SQLite, libsodium) is imported by the commands that open the file themselves, so
// add, list, show and rm answered by the agent never load it.
import { Option } from 'commander';
import { DEFAULT_TARGET_MS } from '../vault/kdf';
import { TOKEN_KINDS } from '../vault/token-kinds';
import type { Vault } from '../vault/vault';
import { type CliContext, CliError, EXIT, type RegisterCommands } from './context';
import { addCommand, commaList, showCommand, type AddOptions } from './agent-served';
import { entryJson, entryTable } from './entry-json';
import { entryStatus } from '../reminders/status';
import { purgeDay, TRASH_DAYS } from './trash-commands';
import { orWithPassword } from './access';

export const positiveInt = (label: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new CliError(EXIT.usage, `${label} must be a whole number, not "${value}".`);
  return Number(value);
};

export function checkDecryptionTime(ms: number): void {
  if (ms < 100 || ms > 60_000) throw new CliError(EXIT.usage, '--decryption-time must be between 100 and 60000 milliseconds.');
}

/** A new vault's master password, asked twice (init, import --create); refused empty or mistyped. */
export async function askNewMasterPassword(ctx: CliContext): Promise<string> {
  const password = await ctx.prompt.secret('New master password');
  const again = await ctx.prompt.secret('Repeat the master password');
  if (password !== again) throw new CliError(EXIT.usage, 'The two passwords differ; no vault was created.');
  if (password.length === 0) throw new CliError(EXIT.usage, 'The master password cannot be empty; no vault was created.');
  return password;
}

/** What init says once the vault exists (import --create too). */
export function createdLines(path: string, vault: Vault): string[] {
  const { opsLimit, memLimitBytes } = vault.kdfParams;
  return [`Created ${path} (Argon2id: ${opsLimit} passes, ${memLimitBytes / 1024 / 1024} MiB).`, 'There is no way to recover a lost master password: keep it safe.'];
}


/** --kind deploy,runner: each must be a kind, else a usage error naming the kinds. */
const kindList = (value: string) => {
  const kinds = commaList(value);
  const unknown = kinds.find((k) => !(TOKEN_KINDS as readonly string[]).includes(k));
  if (unknown || !kinds.length) throw new CliError(EXIT.usage, `"${unknown ?? value}" is not a kind; the kinds are ${TOKEN_KINDS.join(', ')}.`);
  return kinds;
};

export const registerVaultCommands: RegisterCommands = (program, ctx) => {
  program
    .command('init')
    .description('create a new vault (master password asked twice)')
    .option('--decryption-time <ms>', 'calibrate the key derivation to take about this long here', positiveInt('--decryption-time'), DEFAULT_TARGET_MS)
    .action(async (opts: { decryptionTime: number }) => {
      checkDecryptionTime(opts.decryptionTime);
      const path = ctx.vaultPath();
      const password = await askNewMasterPassword(ctx);
      const { Vault } = await import('../vault/vault');
      const vault = await Vault.create(path, password, { targetMs: opts.decryptionTime });
      vault.close();
      for (const line of createdLines(path, vault)) ctx.out(line);
    });

  program
    .command('add <name>')
    .description('store a token; its secret is asked for, never an argument')
    .option('--instance <url>', 'GitLab address, e.g. https://gitlab.com')
    .addOption(new Option('--kind <kind>', 'what kind of token').choices([...TOKEN_KINDS]).default('other'))
    .option('--scopes <a,b,c>', 'scopes, comma-separated', commaList)
    .option('--expires <YYYY-MM-DD>', 'expiry date')
    .option('--description <text>', 'what it is for')
    .action((name: string, opts: AddOptions) => addCommand(ctx, name, opts));

  program
    .command('list')
    .description('list the tokens')
    .option('--json', 'one JSON document')
    .option('--expiring <days>', 'only tokens expiring within DAYS (and those expired)', positiveInt('--expiring'))
    .addOption(new Option('--kind <kinds>', `only these kinds, comma-separated (${TOKEN_KINDS.join(', ')})`).argParser(kindList))
    .action(async (opts: { json?: boolean; expiring?: number; kind?: string[] }) => {
      const access = await ctx.access();
      const now = new Date();
      let entries = await access.list();
      if (opts.kind) entries = entries.filter((e) => opts.kind!.includes(e.kind));
      if (opts.expiring !== undefined) {
        const limit = now.getTime() + opts.expiring * 86_400_000;
        entries = entries
          .filter((e) => e.expiresAt && Date.parse(`${e.expiresAt}T00:00:00Z`) <= limit && entryStatus(e, now) !== 'revoked')
          .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!));
      }
      if (opts.json) ctx.json(entries.map((e) => entryJson(e, now)));
      else ctx.out(entryTable(entries, now));
    });

  program
    .command('show <ref>')
    .description('metadata of one token (never its secret)')
    .option('--json', 'one JSON document')
    .action((ref: string, opts: { json?: boolean }) => showCommand(ctx, ref, opts));

  program
    .command('rm <ref>')
    .description(`move a token to the Trash (restorable with "trash restore" for ${TRASH_DAYS} days, then deleted for good)`)
    .action(async (ref: string) => {
      const access = await ctx.access();
      const entry = await access.find(ref);
      // Past a few per unlock the agent leaves moving tokens to the Trash to the master password (agent/socket-acts.ts).
      await orWithPassword(ctx, access, (a) => a.remove(entry));
      ctx.out(`Moved "${entry.name}" to the Trash; "tokenvault trash restore ${entry.id.slice(0, 8)}" brings it back until ${purgeDay(new Date())}, when it is deleted for good.`);
    });

  program
    .command('passwd')
    .description('change the master password; the vault is re-encrypted under a new key')
    .option('--decryption-time <ms>', 'keep the key derivation\'s cost if it takes at least half this long here, else raise it to about this long (never lowered)', positiveInt('--decryption-time'), DEFAULT_TARGET_MS)
    .option('--delete-old-backups', 'delete the backups made before the change (they open with the old password)')
    .option('--keep-old-backups', 'keep them, and do not ask')
    .action(async (opts: { decryptionTime: number; deleteOldBackups?: boolean; keepOldBackups?: boolean }) => {
      checkDecryptionTime(opts.decryptionTime);
      if (opts.deleteOldBackups && opts.keepOldBackups) throw new CliError(EXIT.usage, 'Choose either --delete-old-backups or --keep-old-backups, not both.');
      const { Vault } = await import('../vault/vault');
      const vault = ctx.track(Vault.open(ctx.vaultPath()));
      const current = await ctx.prompt.secret('Master password');
      // The unlock checks the current password; its proof spares changePassword a second KDF run.
      const proof = await vault.unlock(current);
      await ctx.secureFiles(vault);
      const next = await ctx.prompt.secret('New master password');
      const again = await ctx.prompt.secret('Repeat the new master password');
      if (next !== again) throw new CliError(EXIT.usage, 'The two new passwords differ; the master password was not changed.');
      if (!next) throw new CliError(EXIT.usage, 'The master password cannot be empty; it was not changed.');
      // Sync's new key is taken before the vault changes (a kill between never leaves it under the old password), sent after.
      const sync = await syncRekeyer(vault, next);
      const change = await vault.changePassword(proof ?? current, next, { targetMs: opts.decryptionTime, beforeChange: sync.take });
      const { opsLimit, memLimitBytes } = vault.kdfParams;
      ctx.out(`The master password was changed and the vault re-encrypted under a new key (Argon2id: ${opsLimit} passes, ${memLimitBytes / 1024 / 1024} MiB).`);
      if (!change.checkpointed) ctx.out('Another Token Vault process has the vault open: close it so the old key is also erased from the write-ahead log.');
      await sync.send(ctx);
      await offerToDeleteOldBackups(ctx, vault, change.changedAt, opts);
    });
};

/**
 * A syncing vault draws a new sync key under the new password (`take`, before the vault changes)
 * and writes its replica again under it (`send`, after); the other devices ask for it at their next sync.
 */
async function syncRekeyer(vault: Vault, password: string): Promise<{ take: () => Promise<void>; send: (ctx: CliContext) => Promise<void> }> {
  const [{ loadLocal }, { takeNewSyncKey, sendNewSyncKey }, { placeFor }] = await Promise.all([import('../sync/engine'), import('../sync/setup'), import('../sync/places')]);
  const local = loadLocal(vault);
  // A team copy's key is sealed to its members' identities, not wrapped under anyone's password.
  if (!local || vault.readPrivate('team_state')) return { take: async () => {}, send: async () => {} };
  const place = placeFor(local.place, vault.path);
  let taken: Awaited<ReturnType<typeof takeNewSyncKey>> = null;
  return {
    take: async () => {
      taken = await takeNewSyncKey(vault, password, place);
    },
    send: async (ctx) => {
      if (!taken) return;
      try {
        await sendNewSyncKey(vault, place, taken);
        ctx.out('Sync moved to a new key under the new password: your other devices ask for it at their next sync.');
      } catch (error) {
        ctx.warn(`the sync replica could not be re-keyed yet (${(error as Error).message}); "tokenvault sync now" tries again.`);
      }
    },
  };
}

/** Older backups still open with the old password: say so plainly, and offer to delete them. */
async function offerToDeleteOldBackups(ctx: CliContext, vault: Vault, changedAt: string, opts: { deleteOldBackups?: boolean; keepOldBackups?: boolean }): Promise<void> {
  const { backupDir, deleteBackupsMadeBefore, listBackups } = await import('../vault/backups');
  const older = listBackups(vault).filter((b) => Date.parse(b.createdAt) < Date.parse(changedAt));
  if (older.length === 0) return;
  const count = `${older.length} backup${older.length === 1 ? '' : 's'}`;
  ctx.out(`${count} made before this change still open${older.length === 1 ? 's' : ''} with the OLD password (in ${backupDir(vault)}).`);
  const remove = opts.deleteOldBackups ?? (opts.keepOldBackups ? false : await ctx.prompt.confirm(`Delete the ${count} made with the old password?`));
  if (remove) {
    const deleted = deleteBackupsMadeBefore(vault, changedAt);
    ctx.out(`Deleted ${deleted.length} backup${deleted.length === 1 ? '' : 's'} made with the old password.`);
  } else if (remove === null) {
    ctx.out('They were kept. If the old password may be known, delete them (next time: passwd --delete-old-backups).');
  } else {
    ctx.out('They were kept.');
  }
}
