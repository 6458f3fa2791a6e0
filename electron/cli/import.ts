// `import FILE`: a KeePass database (.kdbx), KeePassXC's CSV export or this tool's JSON; one
// unlock, one automatic backup, one transaction. A .kdbx is read in memory (no clear-text
// export on disk); its password is asked after the vault's master password.
// The readers and the vault's code load when the command runs, not with every CLI command.
import path from 'node:path';
import { DEFAULT_TARGET_MS } from '../vault/kdf';
import { type CliContext, CliError, EXIT, type RegisterCommands } from './context';
import { distFile } from './dist-files';
import { askNewMasterPassword, checkDecryptionTime, createdLines, positiveInt } from './vault-commands';

interface ImportOptions {
  keyFile?: string;
  all?: boolean;
  dryRun?: boolean;
  dbPassword?: boolean;
  create?: boolean;
  decryptionTime?: number;
}

type ImportModules = [typeof import('../vault/import-file'), typeof import('../vault/import-summary')];
type ImportPlan = import('../vault/import-file').ImportPlan;

export const registerImportCommand: RegisterCommands = (program, ctx) => {
  program
    .command('import <file>')
    .description("bulk-add entries from a KeePass database (.kdbx), KeePassXC's CSV export or this tool's JSON")
    .option('--key-file <path>', "the KeePass database's key file")
    .option('--all', 'take every entry with a password, not only GitLab tokens (a GitLab prefix such as glpat-, or a GitLab address), from any format')
    .option('--dry-run', 'show what would be imported and change nothing')
    // keepassxc-cli's --no-password, named apart from this CLI's own --no-password (the master password's).
    .option('--no-db-password', 'the KeePass database has no password (or an empty one): do not ask for it')
    .option('--create', "create the vault with the file's tokens in it, as init and import would in one (the new master password is asked twice); if the import fails, no vault is created")
    .option('--decryption-time <ms>', `with --create: calibrate the key derivation to take about this long here (default ${DEFAULT_TARGET_MS})`, positiveInt('--decryption-time'))
    .action(async (file: string, opts: ImportOptions) => {
      const [importFile, importSummary, { backupBefore, tryBackup }, { setKdbxWorkerFile }] = await Promise.all([
        import('../vault/import-file'),
        import('../vault/import-summary'),
        import('../vault/backups'),
        import('../vault/kdbx-run'),
      ]);
      const { inspectImportFile, readImportFile } = importFile;
      const { summariseImport } = importSummary;
      // Built, the worker is dist/kdbx-worker.mjs beside the CLI's entry; from the sources, kdbx-run finds its own.
      const worker = distFile('kdbx-worker.mjs');
      if (worker) setKdbxWorkerFile(worker);
      if (opts.decryptionTime !== undefined && !opts.create) throw new CliError(EXIT.usage, '--decryption-time is for a new vault: use it with --create (or init).');
      if (opts.create && opts.dryRun) throw new CliError(EXIT.usage, '--dry-run checks an import into a vault that exists; with --create there is none yet, and an import that fails creates nothing.');
      const info = await inspectImportFile(file);
      if (!info.needsPassword && (opts.keyFile || opts.dbPassword === false)) {
        throw new CliError(EXIT.usage, '--key-file and --no-db-password are for KeePass databases (.kdbx) only.');
      }
      if (opts.create) return createWithImport(ctx, file, opts, info.needsPassword, [importFile, importSummary]);
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
      // The dry run refuses what the import would refuse, with the same sentence; the import
      // stores what was checked here (addMany only looks each secret up again, by its tag).
      const checked = vault.checkMany(plan.items);
      // CSV and JSON keep their one-line output unless something was left out; a database says what it took and left.
      if (info.needsPassword || opts.dryRun || plan.preview.leftOut || plan.preview.urlNotes) for (const line of summariseImport(plan.preview)) ctx.out(line);
      if (opts.dryRun) return ctx.out('Dry run: nothing was imported.');
      if (plan.items.length === 0) return ctx.out('Nothing to import; the vault is unchanged.');
      const { warning } = await tryBackup(() => backupBefore(vault, 'import'));
      if (warning) ctx.warn(warning);
      const stored = vault.addMany(checked, (done) => ctx.progress(`Importing… ${done}/${plan.items.length}`));
      ctx.progress('');
      ctx.out(`Imported ${stored.length} token${stored.length === 1 ? '' : 's'}.`);
    });
};

/**
 * import --create: the vault is made with the key its one Argon2 run derives, filled under a
 * temporary name and linked into place whole (Vault.create's `fill`). Every check of a plain
 * import applies — the master password as a token, a secret twice, an invalid address — and
 * any refusal or failure leaves no vault at all: the path stays free for the next attempt.
 */
async function createWithImport(ctx: CliContext, file: string, opts: ImportOptions, needsPassword: boolean, [{ readImportFile }, { summariseImport }]: ImportModules): Promise<void> {
  if (ctx.noPassword()) throw new CliError(EXIT.usage, 'import --create asks for the new vault\'s master password; it cannot run with --no-password.');
  const targetMs = opts.decryptionTime ?? DEFAULT_TARGET_MS;
  checkDecryptionTime(targetMs);
  const target = ctx.vaultPath();
  const [{ Vault }, { assertCreatable }] = await Promise.all([import('../vault/vault'), import('../vault/files')]);
  // Before any prompt: a vault already there is left untouched, and nothing is asked for nothing.
  assertCreatable(path.resolve(target));
  const password = await askNewMasterPassword(ctx);
  const dbPassword = needsPassword && opts.dbPassword !== false
    ? await ctx.prompt.secret(`Password for ${path.basename(file)} (empty if it has none${opts.keyFile ? ' and the key file alone opens it' : ''})`)
    : '';
  let stored = 0;
  let preview = null as ImportPlan['preview'] | null;
  // The file is read, checked and stored while Argon2 derives the key in its worker (Vault.create).
  const vault = await Vault.create(target, password, {
    targetMs,
    fill: async (filling) => {
      // A new vault holds nothing: no name is taken, no secret stored (the file's own repeats are still caught).
      const plan = await readImportFile(file, { password: dbPassword, keyFile: opts.keyFile ?? null, all: !!opts.all, takenNames: [], alreadyStored: () => false });
      if (plan.items.length === 0) throw new CliError(EXIT.failed, `Nothing to import from ${path.basename(file)}; no vault was created.`);
      preview = plan.preview;
      const checked = filling.checkMany(plan.items);
      stored = filling.addMany(checked, (done) => ctx.progress(`Importing… ${done}/${plan.items.length}`)).length;
      ctx.progress('');
    },
  });
  vault.close();
  if (preview && (needsPassword || preview.leftOut || preview.urlNotes)) for (const line of summariseImport(preview)) ctx.out(line);
  const [created, keepSafe] = createdLines(target, vault);
  ctx.out(created!);
  ctx.out(`Imported ${stored} token${stored === 1 ? '' : 's'}.`);
  ctx.out(keepSafe!);
}
