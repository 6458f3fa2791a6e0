// backup, verify-backup, restore: offline copies that open with the master password anywhere.
// The vault's code loads when one of them runs, not with every CLI command.
import { CliError, EXIT, type RegisterCommands } from './context';

export const registerBackupCommands: RegisterCommands = (program, ctx) => {
  program
    .command('backup')
    .description('write an offline backup and print its path')
    .option('--out <file>', 'where to write it (default: the backups folder, named by time)')
    .action(async (opts: { out?: string }) => {
      const { createBackup } = await import('../vault/backups');
      const vault = await ctx.openUnlocked();
      ctx.out(await createBackup(vault, 'manual', opts.out));
    });

  program
    .command('verify-backup <file>')
    .description('open a backup fully with the master password')
    .action(async (file: string) => {
      const { verifyBackup } = await import('../vault/backups');
      const password = await ctx.prompt.secret('Master password of the backup');
      const result = await verifyBackup(file, password);
      ctx.out(`The backup is intact: ${result.entries} token${result.entries === 1 ? '' : 's'}, all authenticated.`);
    });

  program
    .command('restore <file>')
    .description("replace the vault with a verified backup (the replaced vault is kept); the vault then opens with the backup's password")
    .action(async (file: string) => {
      // On a terminal, say what a restore does before anything happens (piped input: scripts go on).
      const go = await ctx.prompt.confirm(`Replace the vault at ${ctx.vaultPath()} with this backup? It will then open with the backup's master password, not today's; the current vault is kept.`);
      if (go === false) throw new CliError(EXIT.failed, 'Nothing was restored.');
      const password = await ctx.prompt.secret("Master password of the backup (the restored vault will open with it, not with today's)");
      const [{ restoreBackup }, { MachineSettings, machineSettingsPath }] = await Promise.all([import('../vault/backups'), import('../vault/machine-settings')]);
      // The replaced vault goes where the app lists this vault's backups on this computer.
      const folder = new MachineSettings(machineSettingsPath()).backupDir(ctx.vaultPath());
      const result = await restoreBackup(ctx.vaultPath(), file, password, folder ? { keepDir: folder } : {});
      ctx.out(`Restored ${result.restoredEntries} token${result.restoredEntries === 1 ? '' : 's'} into ${ctx.vaultPath()}.`);
      ctx.out("The vault's master password is now the backup's: the one you just typed.");
      if (result.keptAt) ctx.out(`The vault it replaced is kept at ${result.keptAt} (it opens with the password it had).`);
      for (const copy of result.leftoversRemoved) ctx.out(`Deleted ${copy}, a copy left by a restore that was interrupted.`);
    });
};
