// Which vault is open (issue 24, item 4): a name and a colour, sealed in the vault (they travel
// with it and its backups), shown while unlocked and — from this computer's list of vaults opened
// before — while locked; the list names vaults, not files.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentVaults } from '../../electron/app/recent-vaults';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { defaultVaultName } from '../../electron/vault/vault-label';
import { Vault } from '../../electron/vault/vault';

let dir: string;
let services: MainServices;
let recentFile: string;
let answer: string | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tv-vault-name-'));
  recentFile = join(dir, 'user-data', 'recent-vaults.json');
  services = createServices({
    vaultPath: join(dir, 'work-vault.tokenvault'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
    emit: () => undefined, gitlab: null, kdf: TEST_KDF, recentVaults: new RecentVaults(recentFile),
    dialogs: { openFile: async () => answer, saveFile: async () => answer, chooseFolder: async () => null },
  });
  await services.api.vaultCreate({ password: 'work pw' });
});
afterEach(async () => {
  await services.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('the vault’s name and colour', () => {
  it('default from the file name until the person names it', async () => {
    expect(defaultVaultName('/x/vault.tokenvault')).toBe('My vault');
    expect(defaultVaultName('/x/home_lab.db')).toBe('Home lab');
    expect(defaultVaultName('C:\\Users\\a\\work.tokenvault'.replace(/\\/g, '/'))).toBe('Work');
    expect(await services.api.vaultStatus({})).toMatchObject({ name: 'Work vault', colour: 'blue' });
  });

  it('is sealed inside the vault: not in the file in clear, and a copy elsewhere keeps it', async () => {
    await services.api.settingsUpdate({ patch: { vaultName: 'Acme production', vaultColour: 'orange' } });
    expect(await services.api.vaultStatus({})).toMatchObject({ name: 'Acme production', colour: 'orange', unlocked: true });
    const path = services.session.path;
    await services.api.vaultLock({});
    expect(readFileSync(path).includes(Buffer.from('Acme production'))).toBe(false);
    const copy = join(dir, 'elsewhere', 'copied.tokenvault');
    mkdirSync(join(dir, 'elsewhere'));
    copyFileSync(path, copy);
    const other = Vault.open(copy);
    await other.unlock('work pw');
    expect(other.getSettings()).toMatchObject({ vaultName: 'Acme production', vaultColour: 'orange' });
    other.close();
  });

  it('while locked, and in the list of vaults opened before, the name this computer last saw', async () => {
    await services.api.settingsUpdate({ patch: { vaultName: 'Acme production', vaultColour: 'green' } });
    answer = join(dir, 'personal.tokenvault');
    await services.api.vaultChooseNewFile({});
    await services.api.vaultCreate({ password: 'home pw' });
    const known = await services.api.vaultsKnown({});
    expect(known.recent.map((v) => [v.name, v.colour])).toEqual([['Personal', 'blue'], ['Acme production', 'green']]);
    await services.api.vaultSwitch({ path: join(dir, 'work-vault.tokenvault') });
    expect(await services.api.vaultStatus({})).toMatchObject({ unlocked: false, name: 'Acme production', colour: 'green' });
  });

  it('refuses a name with control characters and says so; blank goes back to the file’s name', async () => {
    await expect(Promise.resolve().then(() => services.api.settingsUpdate({ patch: { vaultName: 'a\u0007b' } }))).rejects.toMatchObject({ message: expect.stringContaining('control characters') });
    await services.api.settingsUpdate({ patch: { vaultName: 'Named' } });
    expect((await services.api.settingsUpdate({ patch: { vaultName: '   ' } })).vaultName).toBeNull();
    expect((await services.api.vaultStatus({})).name).toBe('Work vault');
  });
});
