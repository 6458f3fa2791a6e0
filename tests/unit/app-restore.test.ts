// Restore in the app, from the side of the person at the keyboard and of someone who is not
// them. Issue 18, item 11: a restore changes the master password to the backup's, so someone at
// an unlocked window who knows only an old, leaked password must not be able to bring back a
// backup that opens with it; a backup of another vault is said and must be confirmed. Issue 24,
// item 2: the backups folder belongs to this computer, not to the vault, so restoring an older
// backup keeps every backup listed (the "replaced" copy too), and "Undo restore" puts the
// replaced vault back with the password it had.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../electron/api';
import { createHandlerTable, dispatch } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { MachineSettings } from '../../electron/vault/machine-settings';
import { Vault } from '../../electron/vault/vault';
import { tempDir } from '../helpers/vault-fixture';

const OLD = 'an old password that leaked';
const NOW = 'the password in use today';
let running: MainServices[] = [];
afterEach(async () => {
  for (const s of running) await s.shutdown();
  running = [];
});

function app(vaultPath: string, options: { machine?: MachineSettings; pick?: string[] } = {}) {
  const picks = [...(options.pick ?? [])];
  const services = createServices({
    vaultPath, clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
    openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    machineSettings: options.machine,
    dialogs: { openFile: async () => picks.shift() ?? null, saveFile: async () => null, chooseFolder: async () => null },
  });
  running.push(services);
  const table = createHandlerTable(services.api);
  const call = (m: MethodName, args: unknown = {}) => dispatch(table, m, args);
  const value = async <T = never>(m: MethodName, args: unknown = {}): Promise<T> => {
    const r = await call(m, args);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const names = async () => (await value<Array<{ name: string }>>('tokensList')).map((e) => e.name);
  return { services, call, value, names };
}

describe('a restore in the app asks for the current master password', () => {
  it('someone who knows only an old, leaked password cannot bring back a backup that opens with it', async () => {
    const file = path.join(tempDir(), 'vault.tokenvault');
    const { call, value, names } = app(file);
    await value('vaultCreate', { password: OLD });
    await value('tokensAdd', { entry: { name: 'from-before' }, secret: 'glpat-from-before' });
    const backup = await value<{ file: string }>('backupsCreate');
    await value('vaultChangePassword', { current: OLD, next: NOW });
    await value('tokensAdd', { entry: { name: 'added-after-the-change' }, secret: 'glpat-after-change' });
    const before = fs.readFileSync(file);

    // The old way: the backup's password alone.
    expect(await call('backupsRestore', { file: backup.file, password: OLD })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    // The leaked password offered as the current one.
    expect(await call('backupsRestore', { file: backup.file, password: OLD, current: OLD })).toMatchObject({
      ok: false,
      error: { code: 'CURRENT_PASSWORD_WRONG', message: 'That is not the master password in use now; nothing was restored.' },
    });
    expect(await names()).toEqual(['added-after-the-change', 'from-before']);
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // The owner, who knows today's password, can.
    await value('backupsRestore', { file: backup.file, password: OLD, current: NOW });
    expect(await names()).toEqual(['from-before']);
  });

  it("a wrong backup password is told apart from a wrong current one", async () => {
    const file = path.join(tempDir(), 'vault.tokenvault');
    const { call, value } = app(file);
    await value('vaultCreate', { password: NOW });
    const backup = await value<{ file: string }>('backupsCreate');
    expect(await call('backupsRestore', { file: backup.file, password: 'not it', current: NOW })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSWORD', message: "That is not the backup's master password (or the backup was altered); nothing was restored." },
    });
  });

  it('a backup of another vault is marked as such, refused until the user confirms, then restored', async () => {
    const other = await Vault.create(path.join(tempDir(), 'other.tokenvault'), NOW, { kdf: TEST_KDF });
    other.add({ name: 'someone-elses' }, 'glpat-someone-elses');
    const { createBackup } = await import('../../electron/vault/backups');
    const foreign = await createBackup(other, 'manual', path.join(tempDir(), 'foreign.tvbak'));
    const otherId = other.vaultId;
    other.close();

    const file = path.join(tempDir(), 'vault.tokenvault');
    const { call, value, names } = app(file, { pick: [foreign] });
    await value('vaultCreate', { password: NOW });
    await value('tokensAdd', { entry: { name: 'mine' }, secret: 'glpat-mine' });
    const own = await value<{ file: string }>('backupsCreate');
    expect(await value('backupsChooseFile')).toMatchObject({ file: foreign, otherVault: true });
    expect((await value<Array<{ file: string; otherVault?: boolean }>>('backupsList')).find((b) => b.file === own.file)?.otherVault).toBe(false);

    expect(await call('backupsRestore', { file: foreign, password: NOW, current: NOW })).toMatchObject({ ok: false, error: { code: 'OTHER_VAULT' } });
    expect(await names()).toEqual(['mine']);
    await value('backupsRestore', { file: foreign, password: NOW, current: NOW, otherVault: true });
    expect(await names()).toEqual(['someone-elses']);
    const reopened = Vault.open(file);
    expect(reopened.vaultId).toBe(otherId);
    reopened.close();
  });
});

describe('the backups folder belongs to this computer, and a restore can be undone', () => {
  it('after restoring an older backup (whose vault had another folder), every backup is still listed, the replaced copy too', async () => {
    const root = tempDir();
    const file = path.join(root, 'vault.tokenvault');
    const { value } = app(file);
    await value('vaultCreate', { password: NOW });
    await value('tokensAdd', { entry: { name: 'old' }, secret: 'glpat-old' });
    await value('settingsUpdate', { patch: { backupDir: path.join(root, 'first-folder') } });
    const older = await value<{ file: string }>('backupsCreate');
    await value('settingsUpdate', { patch: { backupDir: path.join(root, 'second-folder') } });
    await value('tokensAdd', { entry: { name: 'new' }, secret: 'glpat-new' });
    const moved = path.join(root, 'second-folder', path.basename(older.file));

    await value('backupsRestore', { file: moved, password: NOW, current: NOW });
    const listed = await value<Array<{ reason: string; file: string }>>('backupsList');
    expect(listed.map((b) => b.reason).sort()).toEqual(['manual', 'replaced']);
    expect(listed.every((b) => b.file.startsWith(path.join(root, 'second-folder')))).toBe(true);
    expect(await value('backupsFolder')).toEqual({ path: path.join(root, 'second-folder'), isDefault: false });
    expect((await value<{ backupDir: string | null }>('settingsGet')).backupDir).toBe(path.join(root, 'second-folder'));
  });

  it('a folder carried inside a vault (older versions) moves to the machine-local file at unlock, owner-only, and leaves the vault', async () => {
    const root = tempDir();
    const file = path.join(root, 'vault.tokenvault');
    const carried = path.join(root, 'carried');
    const vault = await Vault.create(file, NOW, { kdf: TEST_KDF });
    vault.updateSettings({ backupDir: carried });
    vault.close();
    const settingsFile = path.join(root, 'userdata', 'machine-settings.json');
    const { value } = app(file, { machine: new MachineSettings(settingsFile) });
    await value('vaultUnlock', { password: NOW });

    expect(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))).toEqual({ vaults: { [file]: { backupDir: carried } } });
    expect(fs.statSync(settingsFile).mode & 0o777).toBe(0o600);
    expect((await value<{ backupDir: string | null }>('settingsGet')).backupDir).toBe(carried);
    const inside = Vault.open(file);
    await inside.unlock(NOW);
    expect(inside.getSettings().backupDir).toBeNull();
    inside.close();
  });

  it('"Undo restore" puts back the replaced vault with the password it had; a wrong one changes nothing', async () => {
    const file = path.join(tempDir(), 'vault.tokenvault');
    const { call, value, names } = app(file);
    await value('vaultCreate', { password: OLD });
    await value('tokensAdd', { entry: { name: 'in-backup' }, secret: 'glpat-in-backup' });
    const backup = await value<{ file: string }>('backupsCreate');
    await value('vaultChangePassword', { current: OLD, next: NOW });
    await value('tokensAdd', { entry: { name: 'made-today' }, secret: 'glpat-made-today' });
    expect(await value('backupsLastRestore')).toBeNull();

    await value('backupsRestore', { file: backup.file, password: OLD, current: NOW });
    expect(await names()).toEqual(['in-backup']);
    expect(await value('backupsLastRestore')).toMatchObject({ keptName: expect.stringMatching(/-replaced\.tvbak$/) });

    expect(await call('backupsUndoRestore', { password: OLD })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(await names()).toEqual(['in-backup']);
    await value('backupsUndoRestore', { password: NOW });
    expect(await names()).toEqual(['in-backup', 'made-today']);
    expect(await value('backupsLastRestore')).toBeNull();
    // The vault opens with the password it had before the restore.
    await value('vaultLock');
    expect(await call('vaultUnlock', { password: OLD })).toMatchObject({ ok: false });
    await value('vaultUnlock', { password: NOW });
  });
});
