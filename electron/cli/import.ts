// `import FILE`: KeePassXC CSV or this tool's JSON, one unlock, one transaction.
import fs from 'node:fs';
import { backupBefore, tryBackup } from '../vault/backups';
import { parseImport } from '../vault/import-formats';
import { CliError, EXIT, type RegisterCommands } from './context';

export const registerImportCommand: RegisterCommands = (program, ctx) => {
  program
    .command('import <file>')
    .description("bulk-add entries from KeePassXC's CSV export or this tool's JSON")
    .action(async (file: string) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        throw new CliError(EXIT.failed, `Cannot read ${file}.`);
      }
      const items = parseImport(bytes, file);
      const vault = await ctx.openUnlocked();
      const { warning } = await tryBackup(() => backupBefore(vault, 'import'));
      if (warning) ctx.warn(warning);
      const stored = vault.addMany(items, (done) => ctx.progress(`Importing… ${done}/${items.length}`));
      ctx.progress('');
      ctx.out(`Imported ${stored.length} token${stored.length === 1 ? '' : 's'}.`);
    });
};
