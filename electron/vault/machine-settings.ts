// Settings that belong to this computer, not to the vault: where each vault's backups go. They
// used to be sealed inside the vault, so a restore of an older backup brought back an older
// folder and the Backups page lost every backup made since (and the "replaced" copy the restore
// had just kept). Kept in `machine-settings.json` beside `recent-vaults.json` (owner-only,
// replaced whole by a rename), by the vault file's full path. A missing or unreadable file
// reads as empty. The app writes it; the CLI only reads it, so both use the same folder.
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeOwnerOnlyFile } from './owner-only';
import { userDataDir } from './paths';

export const MACHINE_SETTINGS_FILE = 'machine-settings.json';

/** Quick unlock is this computer's choice (its keychain, its Touch ID): off unless turned on here. */
export const quickUnlockSettingsSchema = z.object({ enabled: z.boolean(), hours: z.number().int().min(1).max(72) }).strict();
export type QuickUnlockSettings = z.infer<typeof quickUnlockSettingsSchema>;
export const QUICK_UNLOCK_DEFAULTS: QuickUnlockSettings = { enabled: false, hours: 8 };

const fileSchema = z.object({
  vaults: z.record(z.string().min(1).max(4096), z.object({ backupDir: z.string().min(1).max(4096).nullable() }).strict()),
  quickUnlock: quickUnlockSettingsSchema.optional(),
});
type Stored = z.infer<typeof fileSchema>;

export function machineSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), MACHINE_SETTINGS_FILE);
}

export class MachineSettings {
  /** Without a file (tests, the preview): kept in memory for this run only. */
  private memory: Stored = { vaults: {} };

  constructor(private readonly file: string | null) {}

  private read(): Stored {
    if (!this.file) return this.memory;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : { vaults: {} };
    } catch {
      return { vaults: {} };
    }
  }

  /** The backups folder chosen on this computer for that vault file; null: the default; undefined: never recorded here. */
  backupDir(vaultPath: string): string | null | undefined {
    return this.read().vaults[path.resolve(vaultPath)]?.backupDir;
  }

  setBackupDir(vaultPath: string, dir: string | null): void {
    const stored = this.read();
    stored.vaults[path.resolve(vaultPath)] = { backupDir: dir };
    this.write(stored);
  }

  quickUnlock(): QuickUnlockSettings {
    return this.read().quickUnlock ?? QUICK_UNLOCK_DEFAULTS;
  }

  setQuickUnlock(settings: QuickUnlockSettings): void {
    this.write({ ...this.read(), quickUnlock: settings });
  }

  private write(stored: Stored): void {
    if (!this.file) {
      this.memory = stored;
      return;
    }
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeOwnerOnlyFile(temp, `${JSON.stringify(stored, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}
