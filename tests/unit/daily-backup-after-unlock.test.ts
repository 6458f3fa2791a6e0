// The app's daily backup is made after the unlock has answered (electron/app/daily-backup.ts):
// the unlock no longer waits for a whole-vault copy, the copy still lands whole, a lock while it
// is written leaves no file (never half of one) and says nothing, and a folder that cannot take
// it is still said once.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, MethodName } from '../../electron/api';
import { createHandlerTable, dispatch, type HandlerTable } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { verifyBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';

const PASSWORD = 'correct horse battery staple';
// Enough rows that the copy takes several of better-sqlite3's 100-page steps.
const TOKENS = 1500;

describe('the daily backup after the unlock', () => {
  let dir: string;
  let backups: string;
  let services: MainServices;
  let table: HandlerTable;
  const events: ApiEvent[] = [];
  const value = async (m: MethodName, args: unknown = {}) => {
    const r = await dispatch(table, m, args);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  const files = () => (existsSync(backups) ? readdirSync(backups) : []);
  const notices = () => events.filter((e) => e.event === 'notice');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-daily-'));
    backups = join(dir, 'backups');
    events.length = 0;
    services = createServices({
      vaultPath: join(dir, 'vault.db'),
      clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true },
      openExternal: () => undefined,
      emit: (event, payload) => events.push({ event, payload } as ApiEvent),
      gitlab: null,
      kdf: TEST_KDF,
    });
    table = createHandlerTable(services.api);
    await value('vaultCreate', { password: PASSWORD });
    services.session.unlocked().addMany(
      Array.from({ length: TOKENS }, (_, i) => ({
        input: { name: `token-${i}`, kind: 'project' as const, instance: 'https://gitlab.example.com', usedIn: [`host-${i % 40}`], description: 'x'.repeat(200) },
        secret: `glpat-daily-${i.toString(36).padStart(20, '0')}`,
      })),
    );
    await value('vaultLock');
  }, 60_000);
  afterEach(async () => {
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the unlock answers before the backup is made; it is made once the window has its list, whole', async () => {
    expect(await value('vaultUnlock', { password: PASSWORD })).toMatchObject({ unlocked: true });
    // Before, the unlock waited for it: the file was there when it answered.
    expect(files()).toEqual([]);
    expect(((await value('tokensList')) as unknown[]).length).toBe(TOKENS);
    await services.backgroundSettled();
    const made = files();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/-daily\.tvbak$/);
    expect((await verifyBackup(join(backups, made[0]!), PASSWORD)).entries).toBe(TOKENS);
    // At most one a day: the next unlock makes none.
    await value('vaultLock');
    await value('vaultUnlock', { password: PASSWORD });
    await value('tokensList');
    await services.backgroundSettled();
    expect(files()).toEqual(made);
    expect(notices()).toEqual([]);
  }, 60_000);

  it('the Backups screen lists the day’s backup even when asked before the list (the backup is made first)', async () => {
    await value('vaultUnlock', { password: PASSWORD });
    expect(((await value('backupsList')) as Array<{ reason: string }>).map((b) => b.reason)).toEqual(['daily']);
  }, 60_000);

  it('a lock while the copy is being written leaves no file, not half of one, says nothing, and the next unlock makes it', async () => {
    await value('vaultUnlock', { password: PASSWORD });
    await value('tokensList');
    // Wait until the copy is under way (its .partial file exists), then lock at once.
    let partial = false;
    for (let i = 0; i < 20_000 && !partial; i++) {
      await new Promise((r) => setImmediate(r));
      partial = files().some((f) => f.endsWith('.partial'));
    }
    expect(partial).toBe(true);
    await value('vaultLock');
    await services.backgroundSettled();
    expect(files()).toEqual([]);
    expect(notices()).toEqual([]);

    await value('vaultUnlock', { password: PASSWORD });
    await value('tokensList');
    await services.backgroundSettled();
    const made = files();
    expect(made).toHaveLength(1);
    expect((await verifyBackup(join(backups, made[0]!), PASSWORD)).entries).toBe(TOKENS);
  }, 60_000);

  it('a lock once the copy is done leaves it whole', async () => {
    await value('vaultUnlock', { password: PASSWORD });
    await value('tokensList');
    await services.backgroundSettled();
    await value('vaultLock');
    const made = files();
    expect(made).toHaveLength(1);
    expect((await verifyBackup(join(backups, made[0]!), PASSWORD)).entries).toBe(TOKENS);
  }, 60_000);

  it('starts by itself when the window never asks for the list', async () => {
    await value('vaultUnlock', { password: PASSWORD });
    const deadline = Date.now() + 30_000;
    while (!files().some((f) => f.endsWith('-daily.tvbak')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await services.backgroundSettled();
    expect(files().filter((f) => f.endsWith('-daily.tvbak'))).toHaveLength(1);
  }, 60_000);

  it('a folder that cannot take it: the unlock still answers, and the window is told once, after it', async () => {
    const disk = join(dir, 'usb-disk');
    mkdirSync(disk);
    await value('vaultUnlock', { password: PASSWORD });
    await value('settingsUpdate', { patch: { backupDir: join(disk, 'backups') } });
    await value('vaultLock');
    rmSync(disk, { recursive: true });
    writeFileSync(disk, 'a file where the backup folder was');
    events.length = 0;
    expect(await value('vaultUnlock', { password: PASSWORD })).toMatchObject({ unlocked: true });
    expect(notices()).toEqual([]);
    await value('tokensList');
    await services.backgroundSettled();
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.payload).toMatchObject({ text: expect.stringMatching(/^No automatic backup was made: the backup folder .* cannot be created/) });
    // Said once per run, not at every unlock.
    await value('vaultLock');
    await value('vaultUnlock', { password: PASSWORD });
    await value('tokensList');
    await services.backgroundSettled();
    expect(notices()).toHaveLength(1);
  }, 60_000);
});
