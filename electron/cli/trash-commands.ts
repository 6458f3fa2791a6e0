// `trash list|restore|empty|rm` and `old-secrets list|restore`: what `rm` leaves behind and what
// a replaced secret leaves behind, as the app's Trash and "Earlier tokens" show them. cli.md names
// no flag for a permanent `rm`, so deleting for good is its own, explicit command here.
import type { EntryOverview } from '../vault/types';
import { TRASH_DAYS } from '../vault/trash-days';
import { orWithPassword, type VaultAccess } from './access';
import { directAccess } from './direct-access';
import { CliError, EXIT, type CliContext, type RegisterCommands } from './context';
import { entryJson } from './entry-json';

export { TRASH_DAYS };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sync's replicas keep every change this device sent, sealed (a deleted token's tombstone keeps its
 * fields so merging converges), and a git remote keeps its history: someone who can read the sync
 * place and has the master password (or a sync key) of that time can still open the secret. The
 * README says the same ("Deleted for good means gone from the file").
 */
export const SYNCED_PURGE =
  'This vault syncs: the sync place (every device\'s replica in its folder, or the git remote and its history) still holds this token\'s secret, sealed, for good, and so do the backups made before (here and on the other devices); it opens with the master password, or sync key, of that time. Treat the secret as not gone: revoke or rotate it on GitLab.';

/** The day (UTC) a token trashed at `trashedAt` is deleted for good. */
export const purgeDay = (trashedAt: Date): string => new Date(trashedAt.getTime() + TRASH_DAYS * DAY_MS).toISOString().slice(0, 10);

/** A token of the Trash by id, (former) name, or an id prefix of at least 6 characters; the latest deleted of a name wins. */
export function pickFromTrash(trash: EntryOverview[], ref: string): EntryOverview {
  const wanted = ref.trim();
  const lower = wanted.toLowerCase();
  const found =
    trash.find((e) => e.id === wanted) ??
    trash.find((e) => e.name.trim().toLowerCase() === lower) ??
    (wanted.length >= 6 ? ((m) => (m.length === 1 ? m[0] : undefined))(trash.filter((e) => e.id.startsWith(lower))) : undefined);
  if (!found) throw new CliError(EXIT.failed, `No token named or with id "${wanted}" is in the Trash ("tokenvault trash list" shows it).`);
  return found;
}

/**
 * Deleting for good cannot be undone, so it always takes the master password: the agent refuses it
 * to every program on its socket (agent/socket-policy.ts), and this command opens the vault itself.
 */
async function forGood(ctx: CliContext): Promise<VaultAccess> {
  return directAccess(await ctx.openUnlocked());
}

export const registerTrashCommands: RegisterCommands = (program, ctx) => {
  const trash = program.command('trash').description(`tokens removed with rm: kept ${TRASH_DAYS} days, then deleted for good`);

  trash
    .command('list')
    .description('the Trash, most recently removed first')
    .option('--json', 'one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const entries = await (await ctx.access()).trashList();
      const rows = entries.map((e) => ({ ...entryJson(e), trashedAt: e.trashedAt!, purgeOn: purgeDay(new Date(e.trashedAt!)) }));
      if (opts.json) return ctx.json(rows);
      if (!rows.length) return ctx.out('The Trash is empty.');
      const width = Math.max(4, ...rows.map((r) => r.name.length));
      ctx.out([`${'NAME'.padEnd(width)}  REMOVED     DELETED ON  ID`, ...rows.map((r) => `${r.name.padEnd(width)}  ${r.trashedAt.slice(0, 10)}  ${r.purgeOn}  ${r.id.slice(0, 8)}`)].join('\n'));
    });

  trash
    .command('restore <ref>')
    .description('put a token back from the Trash (renamed "NAME (restored)" if its name was taken meanwhile)')
    .action(async (ref: string) => {
      const access = await ctx.access();
      const entry = pickFromTrash(await access.trashList(), ref);
      // The agent asks the master password when putting it back would hand git or a name another token.
      const back = await orWithPassword(ctx, access, (a) => a.trashRestore(entry));
      ctx.out(`Restored "${back.name}".`);
    });

  trash
    .command('rm <ref>')
    .description('delete one token of the Trash for good (a backup is made first when automatic backups are on)')
    .action(async (ref: string) => {
      const access = await forGood(ctx);
      const entry = pickFromTrash(await access.trashList(), ref);
      await access.trashPurge(entry);
      ctx.out(`Deleted "${entry.name}" for good.`);
      if (await access.syncs()) ctx.warn(SYNCED_PURGE);
    });

  trash
    .command('empty')
    .description('delete everything in the Trash for good (a backup is made first when automatic backups are on)')
    .action(async () => {
      const access = await forGood(ctx);
      const deleted = await access.trashPurge(null);
      ctx.out(deleted ? `Deleted ${deleted} token${deleted === 1 ? '' : 's'} for good.` : 'The Trash was already empty.');
      if (deleted && (await access.syncs())) ctx.warn(SYNCED_PURGE);
    });

  const old = program.command('old-secrets').description('the secrets a token held before (kept when one is replaced or rotated), and putting one back');

  old
    .command('list <ref>')
    .description('earlier secrets of a token, newest first (never the secrets themselves)')
    .option('--json', 'one JSON document')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const access = await ctx.access();
      const kept = await access.oldSecrets(await access.find(ref));
      if (opts.json) return ctx.json(kept);
      if (!kept.length) return ctx.out('No earlier secrets are kept for this token.');
      ctx.out(['REPLACED    EXPIRED/EXPIRES  SCOPES  ID', ...kept.map((k) => `${k.replacedAt.slice(0, 10)}  ${(k.expiresAt ?? 'never').padEnd(15)}  ${k.scopes.join(',') || '—'}  ${k.id.slice(0, 8)}`)].join('\n'));
    });

  old
    .command('restore <ref> <id>')
    .description('put an earlier secret back (the current one is kept in its place); check it with "gitlab verify" afterwards')
    .action(async (ref: string, id: string) => {
      const access = await ctx.access();
      const entry = await access.find(ref);
      const kept = await access.oldSecrets(entry);
      const wanted = id.trim().toLowerCase();
      const matches = kept.filter((k) => k.id === wanted || (wanted.length >= 4 && k.id.startsWith(wanted)));
      if (matches.length !== 1) throw new CliError(EXIT.failed, `No single earlier secret of "${entry.name}" has the id "${id}" ("tokenvault old-secrets list ${entry.id.slice(0, 8)}" shows them).`);
      const back = await orWithPassword(ctx, access, (a) => a.restoreOldSecret(entry, matches[0]!.id));
      ctx.out(`Put back the secret "${back.name}" held until ${matches[0]!.replacedAt.slice(0, 10)}; it is unverified until "tokenvault gitlab verify ${back.id.slice(0, 8)}".`);
    });
};
