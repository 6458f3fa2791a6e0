// The recovery sheet (like 1Password's Emergency Kit): what someone needs, on paper, to get this
// vault back on a new computer — its name, where the file and its backups are, how to restore,
// and a box to write the master password in by hand. The password is printed only when the
// person asks for it (and types it for the purpose): a sheet in a drawer should not open the vault.
import { formatInstant } from './dates';

export interface SheetFacts {
  vaultName: string;
  vaultFile: string;
  backupsFolder: string | null;
  createdAt: Date;
}

export interface SheetSection {
  heading: string;
  lines: string[];
}

export function recoverySheet(facts: SheetFacts, password: string | null): { title: string; sections: SheetSection[]; passwordLine: string | null } {
  return {
    title: `Recovery sheet — ${facts.vaultName}`,
    sections: [
      { heading: 'This vault', lines: [`Name: ${facts.vaultName}`, `File: ${facts.vaultFile}`, ...(facts.backupsFolder ? [`Backups: ${facts.backupsFolder}`] : []), `Sheet made: ${formatInstant(facts.createdAt.toISOString())}`] },
      {
        heading: 'To get it back on a new computer',
        lines: [
          '1. Install Token Vault.',
          '2. Copy the vault file, or a backup (a .tvbak file), to the new computer — from your backup disk or synced folder.',
          '3. Start Token Vault and choose “Open an existing vault…” for the vault file, or “Restore from a backup…” for a backup.',
          '4. Unlock it with the master password below. Nobody else, Token Vault included, can recover it.',
        ],
      },
    ],
    passwordLine: password,
  };
}
