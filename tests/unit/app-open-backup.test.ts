// A backup picked with "Open an existing vault…" (issue 24, item 3) used to become the live
// vault: on the USB stick it changed, and -wal/-shm appeared beside it. It is recognised by its
// content (a standalone rollback-journal file; a live vault is in WAL mode), not only by its
// name, and restored to this computer instead; first run offers "Restore from a backup…".
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../electron/api';
import { createHandlerTable, dispatch } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { createBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'the backup password';
let running: MainServices[] = [];
afterEach(async () => {
  for (const s of running) await s.shutdown();
  running = [];
});

function app(vaultPath: string, picks: string[]) {
  const services = createServices({
    vaultPath, clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
    openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    dialogs: { openFile: async () => picks.shift() ?? null, saveFile: async () => null, chooseFolder: async () => null },
  });
  running.push(services);
  const table = createHandlerTable(services.api);
  const call = (m: MethodName, args: unknown = {}) => dispatch(table, m, args);
  return { call };
}

async function backupOnAStick(name: string): Promise<string> {
  const vault = await Vault.create(path.join(tempDir(), 'original.tokenvault'), PW, { kdf: TEST_KDF });
  vault.add({ name: 'on-the-stick' }, 'glpat-on-the-stick-0001');
  const stick = path.join(tempDir('tv-usb-'), name);
  await createBackup(vault, 'manual', stick);
  vault.close();
  return stick;
}

describe('a backup picked where a vault is expected', () => {
  it.each(['vault-2026-12-01.tvbak', 'renamed-to-look-like-a-vault.tokenvault'])(
    '"Open an existing vault…" on %s does not open it in place; "Restore it to this computer" makes a new vault beside the current one',
    async (name) => {
      const stick = await backupOnAStick(name);
      const before = fs.readFileSync(stick);
      const home = tempDir();
      const current = path.join(home, 'vault.tokenvault');
      (await Vault.create(current, 'the current vault password', { kdf: TEST_KDF })).close();
      const { call } = app(current, [stick]);

      expect(await call('vaultOpenFile')).toMatchObject({ ok: false, error: { code: 'IS_A_BACKUP', message: expect.stringContaining('is a backup, not a vault') } });
      expect(await call('vaultStatus')).toMatchObject({ ok: true, value: { path: current } });
      const restored = await call('vaultRestoreBackup', { password: PW });
      expect(restored).toMatchObject({ ok: true, value: { unlocked: true, path: path.join(home, `${path.basename(name, path.extname(name))}.tokenvault`) } });
      expect(await call('tokensList')).toMatchObject({ ok: true, value: [{ name: 'on-the-stick' }] });
      // The backup on the stick is exactly as it was, with nothing beside it.
      expect(fs.readFileSync(stick).equals(before)).toBe(true);
      expect(fs.readdirSync(path.dirname(stick))).toEqual([name]);
      // The vault that was current is still there.
      expect(fs.existsSync(current)).toBe(true);
    },
  );

  it('a live vault is still opened in place', async () => {
    const other = path.join(tempDir(), 'work.tokenvault');
    (await Vault.create(other, PW, { kdf: TEST_KDF })).close();
    const { call } = app(path.join(tempDir(), 'vault.tokenvault'), [other]);
    expect(await call('vaultOpenFile')).toMatchObject({ ok: true, value: { path: other, exists: true, unlocked: false } });
  });

  it('first run: "Restore from a backup…" restores into the vault place and opens it', async () => {
    const stick = await backupOnAStick('from-the-old-laptop.tvbak');
    const place = path.join(tempDir(), 'vault.tokenvault');
    const { call } = app(place, [stick]);
    expect(await call('vaultStatus')).toMatchObject({ ok: true, value: { exists: false } });
    expect(await call('vaultChooseBackup')).toMatchObject({ ok: true, value: { name: 'from-the-old-laptop.tvbak' } });
    expect(await call('vaultRestoreBackup', { password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(fs.existsSync(place)).toBe(false);
    expect(await call('vaultRestoreBackup', { password: PW })).toMatchObject({ ok: true, value: { path: place, exists: true, unlocked: true } });
    expect(await call('tokensList')).toMatchObject({ ok: true, value: [{ name: 'on-the-stick' }] });
  });
});
