// Owner-only files under the usual umask (022): the vault, its -wal/-shm, backups and the
// backups folder are 0600/0700 from the start, and files an older version left 0644 are
// tightened at the next open and reported once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { createBackup, restoreBackup, tightenBackups } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
let previousUmask = 0;

beforeAll(() => {
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe.skipIf(process.platform === 'win32')('owner-only files', () => {
  it('creates the vault, its -wal and -shm, backups and the backups folder owner-only under umask 022', async () => {
    const vault = await newVault();
    vault.add({ name: 'x', kind: 'other' }, 'glpat-owner-only');
    expect(mode(vault.path)).toBe(0o600);
    expect(mode(`${vault.path}-wal`)).toBe(0o600);
    expect(mode(`${vault.path}-shm`)).toBe(0o600);
    const backup = await createBackup(vault, 'manual');
    expect(mode(backup)).toBe(0o600);
    expect(mode(path.dirname(backup))).toBe(0o700);
    vault.close();

    // A restore writes a temp copy of the backup and keeps the replaced vault: all owner-only.
    const result = await restoreBackup(vault.path, backup, PASSWORD);
    expect(mode(vault.path)).toBe(0o600);
    expect(mode(result.keptAt!)).toBe(0o600);
  });

  it('tightens files an older version left readable, and says so once', async () => {
    const vault = await newVault();
    const backup = await createBackup(vault, 'manual');
    vault.close();
    for (const file of [vault.path, backup]) fs.chmodSync(file, 0o644);
    fs.chmodSync(path.dirname(backup), 0o755);

    const reopened = Vault.open(vault.path);
    expect(reopened.takeTightened()).toEqual([vault.path]);
    expect(reopened.takeTightened()).toEqual([]);
    await reopened.unlock(PASSWORD);
    expect(tightenBackups(reopened)).toEqual([path.dirname(backup), backup]);
    expect(tightenBackups(reopened)).toEqual([]);
    expect(mode(vault.path)).toBe(0o600);
    expect(mode(`${vault.path}-wal`)).toBe(0o600);
    expect(mode(backup)).toBe(0o600);
    expect(mode(path.dirname(backup))).toBe(0o700);
    reopened.close();
  });

  it('the app hears about it at unlock (an event it can show), once', async () => {
    const vault = await newVault();
    vault.close();
    fs.chmodSync(vault.path, 0o644);
    const events: unknown[] = [];
    const services = createServices({
      vaultPath: vault.path,
      kdf: TEST_KDF,
      gitlab: null,
      clipboard: { writeSecret: () => {}, clearIfUnchanged: () => false },
      openExternal: () => {},
      emit: (event, payload) => events.push({ event, payload }),
    });
    await services.api.vaultUnlock({ password: PASSWORD });
    await services.api.vaultLock({});
    await services.api.vaultUnlock({ password: PASSWORD });
    expect(events.filter((e) => (e as { event: string }).event === 'filesMadePrivate')).toEqual([{ event: 'filesMadePrivate', payload: { paths: [vault.path] } }]);
    await services.shutdown();
  });

  it('a fresh vault in a fresh folder creates nothing readable by others', async () => {
    const dir = tempDir();
    const vault = await Vault.create(path.join(dir, 'v.tokenvault'), PASSWORD, { kdf: TEST_KDF });
    vault.add({ name: 'y', kind: 'other' }, 'glpat-y');
    await createBackup(vault, 'manual');
    vault.close();
    const walk = (d: string): string[] => fs.readdirSync(d).flatMap((n) => (fs.statSync(path.join(d, n)).isDirectory() ? [path.join(d, n), ...walk(path.join(d, n))] : [path.join(d, n)]));
    for (const file of walk(dir)) expect([file, mode(file) & 0o077]).toEqual([file, 0]);
  });
});
