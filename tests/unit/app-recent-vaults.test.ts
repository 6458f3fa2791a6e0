import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentVaults, startingVaultPath } from '../../electron/app/recent-vaults';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { tempDir } from '../helpers/vault-fixture';

describe('RecentVaults', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps paths newest first, without repeats, owner-only, at most eight', () => {
    const file = join(dir, 'user-data', 'recent-vaults.json');
    const recent = new RecentVaults(file);
    for (let i = 0; i < 10; i++) recent.remember(join(dir, `v${i}.tokenvault`));
    recent.remember(join(dir, 'v3.tokenvault'));
    const paths = recent.list().map((v) => v.path);
    expect(paths).toHaveLength(8);
    expect(paths[0]).toBe(join(dir, 'v3.tokenvault'));
    expect(new Set(paths).size).toBe(8);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('starts on TOKENVAULT_VAULT, else the newest that still exists, else the default', () => {
    const recent = new RecentVaults(join(dir, 'recent.json'));
    const kept = join(dir, 'kept.tokenvault');
    writeFileSync(kept, '');
    recent.remember(kept);
    recent.remember(join(dir, 'unplugged-disk.tokenvault'));
    expect(startingVaultPath(recent, '/default')).toBe(kept);
    expect(startingVaultPath(recent, '/default', '/explicit')).toBe('/explicit');
    expect(startingVaultPath(new RecentVaults(join(dir, 'none.json')), '/default')).toBe('/default');
  });

  it('remembers which vaults are team copies: kept when a later remember does not say, dropped when it says personal', () => {
    const recent = new RecentVaults(join(dir, 'recent.json'));
    const team = join(dir, 'Platform.tokenvault');
    recent.remember(team, { name: 'Platform', colour: 'green' }, { name: 'Platform', removed: false });
    recent.remember(join(dir, 'vault.tokenvault'), undefined, null);
    recent.remember(team);
    expect(recent.teamOf(team)).toEqual({ name: 'Platform', removed: false });
    expect(recent.teamOf(join(dir, 'vault.tokenvault'))).toBeNull();
    recent.remember(team, undefined, { name: 'Platform', removed: true });
    expect(recent.teamOf(team)).toEqual({ name: 'Platform', removed: true });
    recent.remember(team, undefined, null);
    expect(recent.teamOf(team)).toBeNull();
  });

  it('a damaged list is an empty list, not an error', () => {
    const file = join(dir, 'recent.json');
    writeFileSync(file, '{"vaults": [{"path": 3}]}');
    expect(new RecentVaults(file).list()).toEqual([]);
    writeFileSync(file, 'not json');
    expect(new RecentVaults(file).list()).toEqual([]);
  });
});

describe('switching vaults through the services', () => {
  it('locks the current vault, remembers the new one, and switches back only to known vaults', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'u'));
    const recentFile = join(dir, 'u', 'recent.json');
    let answer: string | null = null;
    const services = createServices({
      vaultPath: join(dir, 'a.tokenvault'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF, recentVaults: new RecentVaults(recentFile),
      dialogs: { openFile: async () => answer, saveFile: async () => answer, chooseFolder: async () => null },
    });
    const api = services.api;
    await api.vaultCreate({ password: 'a' });
    answer = join(dir, 'b');
    expect(await api.vaultChooseNewFile({})).toMatchObject({ path: join(dir, 'b.tokenvault'), exists: false, unlocked: false });
    await api.vaultCreate({ password: 'b' });
    answer = join(dir, 'b.tokenvault');
    await expect(Promise.resolve().then(() => api.vaultChooseNewFile({}))).rejects.toMatchObject({ code: 'VAULT_FILE_EXISTS' });
    expect(await api.vaultSwitch({ path: join(dir, 'a.tokenvault') })).toMatchObject({ exists: true, unlocked: false });
    await expect(Promise.resolve().then(() => api.vaultSwitch({ path: '/etc/passwd' }))).rejects.toMatchObject({ code: 'UNKNOWN_VAULT' });
    expect((await api.vaultsKnown({})).recent.map((v) => v.name)).toEqual(['A', 'B']);
    expect(JSON.parse(readFileSync(recentFile, 'utf8')).vaults[0].path).toBe(join(dir, 'a.tokenvault'));
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
});
