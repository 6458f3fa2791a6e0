// The service-level password change the desktop app's dialog calls: VaultSession.changePassword
// re-keys the open vault; deleteBackupsMadeBefore removes what still opens with the old password.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultSession } from '../../electron/app/session';
import { createBackup, deleteBackupsMadeBefore, listBackups, verifyBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';

describe('VaultSession.changePassword', () => {
  it('re-keys the unlocked vault, and older backups can then be deleted', async () => {
    const session = new VaultSession({ vaultPath: path.join(tempDir(), 'v.tokenvault'), kdf: TEST_KDF, emit: () => {} });
    await session.create(PASSWORD);
    session.unlocked().add({ name: 'ci', kind: 'other' }, 'glpat-session');
    const old = await createBackup(session.unlocked(), 'manual');
    await expect(session.changePassword('wrong', 'next password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });

    const change = await session.changePassword(PASSWORD, 'next password');
    expect(change.entries).toBe(1);
    const fresh = await createBackup(session.unlocked(), 'manual');
    expect((await verifyBackup(old, PASSWORD)).entries).toBe(1);
    await expect(verifyBackup(fresh, PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });

    expect(deleteBackupsMadeBefore(session.unlocked(), change.changedAt)).toEqual([old]);
    expect(listBackups(session.unlocked()).map((b) => b.file)).toEqual([fresh]);

    session.lock();
    await expect(session.unlock(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await session.unlock('next password');
    expect(session.unlocked().list().map((e) => e.name)).toEqual(['ci']);
    session.close();
  });
});
