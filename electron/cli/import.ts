// `import FILE`: a KeePass database (.kdbx), KeePassXC's CSV export or this tool's JSON; one
// unlock, one automatic backup, one transaction. A .kdbx is read in memory (no clear-text
// export on disk); its password is asked after the vault's master password.
// The readers and the vault's code load when the command runs, not with every CLI command.
import path from 'node:path';
import { CliError, EXIT, type RegisterCommands } from './context';

interface ImportOptions {
  keyFile?: string;
  all?: boolean;
  dryRun?: boolean;
  dbPassword?: boolean;
}

export const registerImportCommand: RegisterCommands = (program, ctx) => {
  program
    .command('import <file>')
    .description("bulk-add entries from a KeePass database (.kdbx), KeePassXC's CSV export or this tool's JSON")
    .option('--key-file <path>', "the KeePass database's key file")
    .option('--all', 'take every entry with a password, not only GitLab tokens (a GitLab prefix such as glpat-, or a GitLab address), from any format')
    .option('--dry-run', 'show what would be imported and change nothing')
    // keepassxc-cli's --no-password, named apart from this CLI's own --no-password (the master password's).
    .option('--no-db-password', 'the KeePass database has no password (or an empty one): do not ask for it')
    .action(async (file: string, opts: ImportOptions) => {
      const [{ inspectImportFile, readImportFile }, { summariseImport }, { backupBefore, tryBackup }, { setKdbxWorkerFile }] = await Promise.all([
        import('../vault/import-file'),
        import('../vault/import-summary'),
        import('../vault/backups'),
        import('../vault/kdbx-run'),
      ]);
      // Built, this file is dist/cli.mjs and the worker dist/kdbx-worker.mjs; from the sources, kdbx-run finds its own.
      if (!import.meta.url.endsWith('.ts')) setKdbxWorkerFile(new URL('./kdbx-worker.mjs', import.meta.url));
      const info = await inspectImportFile(file);
      if (!info.needsPassword && (opts.keyFile || opts.dbPassword === false)) {
        throw new CliError(EXIT.usage, '--key-file and --no-db-password are for KeePass databases (.kdbx) only.');
      }
      const vault = await ctx.openUnlocked();
      // An empty answer opens a database without a password, as in KeePassXC.
      const password = info.needsPassword && opts.dbPassword !== false
        ? await ctx.prompt.secret(`Password for ${path.basename(file)} (empty if it has none${opts.keyFile ? ' and the key file alone opens it' : ''})`)
        : '';
      const holderOf = vault.holderLookup();
      const plan = await readImportFile(file, {
        password, keyFile: opts.keyFile ?? null, all: !!opts.all, takenNames: vault.list().map((e) => e.name),
        // Running the same import again adds nothing: an entry whose secret the vault holds is skipped.
        alreadyStored: (_title, secret) => holderOf(secret) !== null,
      });
      // The dry run refuses what the import would refuse, with the same sentence.
      vault.checkMany(plan.items);
      // CSV and JSON keep their one-line output unless something was left out; a database says what it took and left.
      if (info.needsPassword || opts.dryRun || plan.preview.leftOut) for (const line of summariseImport(plan.preview)) ctx.out(line);
      if (opts.dryRun) return ctx.out('Dry run: nothing was imported.');
      if (plan.items.length === 0) return ctx.out('Nothing to import; the vault is unchanged.');
      const { warning } = await tryBackup(() => backupBefore(vault, 'import'));
      if (warning) ctx.warn(warning);
      const stored = vault.addMany(plan.items, (done) => ctx.progress(`Importing… ${done}/${plan.items.length}`));
      ctx.progress('');
      ctx.out(`Imported ${stored.length} token${stored.length === 1 ? '' : 's'}.`);
    });
};
