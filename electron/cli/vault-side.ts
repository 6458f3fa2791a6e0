// The full CLI's side of the context (make-context.ts): the vault opened in this process with
// the master password. The vault's code (SQLite, libsodium) loads only here, when a command
// gets this far: commands the agent answers never need it.
import { directAccess } from './direct-access';
import type { VaultSide } from './make-context';

export const vaultSide: VaultSide = {
  async openUnlocked(ctx) {
    const [{ Vault }, { maybeDailyBackup, tryBackup }] = await Promise.all([import('../vault/vault'), import('../vault/backups')]);
    const vault = ctx.track(Vault.open(ctx.vaultPath()));
    await vault.unlock(await ctx.prompt.secret('Master password'));
    // The backups folder the app chose on this computer for this vault (read, never written here).
    const [{ MachineSettings, machineSettingsPath }, { useLocalBackupDir }] = await Promise.all([import('../vault/machine-settings'), import('../vault/backups')]);
    const folder = new MachineSettings(machineSettingsPath()).backupDir(vault.path);
    if (folder !== undefined) useLocalBackupDir(vault, folder);
    await ctx.secureFiles(vault);
    if (vault.kdfBelowFloor) {
      const { opsLimit, memLimitBytes } = vault.kdfParams;
      ctx.warn(`this vault's key derivation (${opsLimit} pass${opsLimit === 1 ? '' : 'es'}, ${memLimitBytes / 1024 / 1024} MiB) is below today's minimum of 2 passes at 64 MiB; "tokenvault passwd" strengthens it.`);
    }
    // An unavailable backup folder costs the backup, never the command.
    const { warning } = await tryBackup(() => maybeDailyBackup(vault));
    if (warning) ctx.warn(warning);
    return vault;
  },
  async secureFiles(vault) {
    const { tightenBackups } = await import('../vault/backups');
    const changed = [...vault.takeTightened(), ...tightenBackups(vault)];
    if (changed.length > 0) {
      const what = changed.length === 1 ? '1 file' : `${changed.length} files`;
      process.stderr.write(`tokenvault: made ${what} owner-only; other users could read ${changed.length === 1 ? 'it' : 'them'}: ${changed.join(', ')}\n`);
    }
  },
  directAccess,
};
