// The app (or the agent) holds the vault unlocked while another Token Vault process restores it
// (issue 18, item 12). Before: every call said DAMAGED (the restored settings' counter is lower
// than the one seen), the idle timer was cleared before that throw so auto-lock stopped, and
// lock itself failed. Now the session locks itself with a sentence, tells the window, status and
// lock never throw, and auto-lock survives settings it cannot read. The two-process version is
// in tests/integration/restore-while-held.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../electron/api';
import { createServices, type MainServices } from '../../electron/services';
import { createBackup, restoreBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';

let services: MainServices | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await services?.shutdown();
  services = null;
});

function appAt(vaultPath: string) {
  const events: ApiEvent[] = [];
  services = createServices({
    vaultPath, clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
    openExternal: () => undefined, emit: (event, payload) => events.push({ event, payload } as ApiEvent), gitlab: null, kdf: TEST_KDF,
  });
  return { api: services.api, events };
}

async function vaultWithBackup() {
  const file = path.join(tempDir(), 'vault.tokenvault');
  const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
  vault.add({ name: 'in-backup' }, 'glpat-in-backup');
  const backup = await createBackup(vault, 'manual', path.join(tempDir(), 'b.tvbak'));
  vault.add({ name: 'after-backup' }, 'glpat-after-backup');
  for (let i = 0; i < 3; i++) vault.updateSettings({ keepBackups: 10 + i });
  vault.close();
  return { file, backup };
}

describe('a restore by another process while the app holds the vault', () => {
  it('the app locks itself with a sentence, tells the window once, and status, lock and a new unlock all work', async () => {
    const { file, backup } = await vaultWithBackup();
    const { api, events } = appAt(file);
    await api.vaultUnlock({ password: PASSWORD });
    expect((await api.tokensList({})).map((e) => e.name)).toEqual(['after-backup', 'in-backup']);
    await api.settingsGet({});

    await restoreBackup(file, backup, PASSWORD);

    await expect(Promise.resolve().then(() => api.tokensList({}))).rejects.toMatchObject({
      code: 'LOCKED',
      message: 'The vault was restored by another Token Vault process; unlock it again.',
    });
    expect(events.filter((e) => e.event === 'locked')).toEqual([{ event: 'locked', payload: { reason: 'elsewhere' } }]);
    expect(api.vaultStatus({})).toMatchObject({ unlocked: false });
    await expect(api.vaultLock({})).resolves.toMatchObject({ unlocked: false });
    await expect(Promise.resolve().then(() => api.settingsGet({}))).rejects.toMatchObject({ code: 'LOCKED' });

    await api.vaultUnlock({ password: PASSWORD });
    expect((await api.tokensList({})).map((e) => e.name)).toEqual(['in-backup']);
    expect((await api.settingsGet({})).keepBackups).toBe(10);
  });

  it('status never throws, even when the settings cannot be read', async () => {
    const { file } = await vaultWithBackup();
    const { api } = appAt(file);
    await api.vaultUnlock({ password: PASSWORD });
    damageSettings(file);
    expect(() => api.vaultStatus({})).not.toThrow();
  });

  it('auto-lock keeps running when a call fails on settings it cannot read', async () => {
    const { file } = await vaultWithBackup();
    const { api, events } = appAt(file);
    await api.vaultUnlock({ password: PASSWORD });
    await api.settingsUpdate({ patch: { autoLockMinutes: 1 } });
    vi.useFakeTimers();
    services!.session.touch();
    damageSettings(file);
    expect(() => services!.session.unlocked()).toThrow(/damaged/);
    vi.advanceTimersByTime(61_000);
    expect(events.filter((e) => e.event === 'locked')).toEqual([{ event: 'locked', payload: { reason: 'idle' } }]);
    expect(services!.session.status().unlocked).toBe(false);
  });
});

/** Another process flips a byte of the sealed settings: they no longer open. */
function damageSettings(file: string): void {
  const db = new Database(file);
  const blob = Buffer.from((db.prepare("SELECT value FROM meta WHERE key = 'settings'").get() as { value: Uint8Array }).value);
  blob[blob.length - 5]! ^= 1;
  db.prepare("UPDATE meta SET value = ? WHERE key = 'settings'").run(blob);
  db.close();
  expect(fs.existsSync(file)).toBe(true);
}
