import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { tempDir } from '../helpers/vault-fixture';

const attempt = <T>(fn: () => T | Promise<T>) => Promise.resolve().then(fn);

describe('change the master password from the app', () => {
  it('re-keys, counts the older backups, deletes only those on request; the old password stops working', async () => {
    const dir = tempDir();
    const services = createServices({
      vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    });
    const api = services.api;
    await api.vaultCreate({ password: 'old pw' });
    await api.tokensAdd({ entry: { name: 'a' }, secret: 'glpat-a' });
    // Nothing to delete before a change: the page cannot make main delete backups by asking.
    await expect(attempt(() => api.backupsDeleteOlderThanPassword({}))).rejects.toMatchObject({ code: 'NO_PASSWORD_CHANGE' });
    await api.backupsCreate({});
    await expect(attempt(() => api.vaultChangePassword({ current: 'wrong', next: 'new pw' }))).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(attempt(() => api.vaultChangePassword({ current: 'old pw', next: 'old pw' }))).rejects.toMatchObject({ code: 'SAME_PASSWORD' });
    expect(await api.vaultChangePassword({ current: 'old pw', next: 'new pw' })).toEqual({ olderBackups: 1 });
    await api.backupsCreate({});
    expect(await api.backupsDeleteOlderThanPassword({})).toEqual({ deleted: 1 });
    expect(await api.backupsList({})).toHaveLength(1);
    await api.vaultLock({});
    await expect(attempt(() => api.vaultUnlock({ password: 'old pw' }))).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await api.vaultUnlock({ password: 'new pw' });
    expect(api.tokensReveal({ id: (await api.tokensList({}))[0]!.id })).toMatchObject({ secret: 'glpat-a' });
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
});
