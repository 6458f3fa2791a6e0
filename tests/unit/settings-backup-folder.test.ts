// Settings that do not lie (issue 15, item 6): a backups folder is checked when saved — a
// /proc-like path refused at once (Node's recursive mkdir spun forever there), a relative
// path, a file and an unwritable folder refused with one sentence and nothing saved — and
// backups already made stay listed after the folder changes. The form refuses text it
// cannot read, naming the part.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../electron/api';
import { createHandlerTable, dispatch, type HandlerTable } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { readLeadDays } from '../../renderer/src/lib/lead-days';
import { readSettingsForm } from '../../renderer/src/lib/settings-form';

const PASSWORD = 'correct horse battery staple';

describe('backups folder, checked on save', () => {
  let dir: string;
  let services: MainServices;
  let table: HandlerTable;
  const call = (m: MethodName, args: unknown = {}) => dispatch(table, m, args);
  const value = async (m: MethodName, args: unknown = {}) => {
    const r = await call(m, args);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-folder-'));
    services = createServices({
      vaultPath: join(dir, 'vault.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
      openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
    });
    table = createHandlerTable(services.api);
    await value('vaultCreate', { password: PASSWORD });
  });
  afterEach(async () => {
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a folder under /proc in a child process that finishes (the old code spun at 100% CPU)', () => {
    const script = `
      import { mkdtempSync } from 'node:fs'; import { join } from 'node:path'; import { tmpdir } from 'node:os';
      import { createServices } from './electron/services.ts'; import { TEST_KDF } from './electron/vault/kdf.ts';
      const d = mkdtempSync(join(tmpdir(), 'tv-proc-'));
      const s = createServices({ vaultPath: join(d, 'v.db'), clipboard: { writeSecret() {}, clearIfUnchanged: () => false }, openExternal() {}, emit() {}, gitlab: null, kdf: TEST_KDF });
      await s.api.vaultCreate({ password: 'pw pw pw pw' });
      try { await s.api.settingsUpdate({ patch: { backupDir: '/proc/token-vault/backups' } }); console.log('SAVED'); }
      catch (e) { console.log(e.code + ': ' + e.message); }
      console.log(JSON.stringify(s.api.settingsGet({})));
      s.session.close();`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), timeout: 60_000, encoding: 'utf8' });
    expect(run.signal, 'the child was killed: the save hung').toBeNull();
    expect(run.stdout).toContain("BACKUP_FOLDER: /proc/token-vault/backups is inside the system's proc folder");
    expect(run.stdout).toContain('"backupDir":null');
  });

  it('refuses a relative path, a file and an unwritable place, saving nothing', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const cases: Array<[string, RegExp]> = [
      ['backups', /must be a full path/],
      [file, /is a file, not a folder/],
      ['/dev/shm-not-here/../../sys/kernel/token-vault', /sysfs/],
    ];
    for (const [backupDir, message] of cases) {
      const r = await call('settingsUpdate', { patch: { backupDir, keepBackups: 3 } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BACKUP_FOLDER');
        expect(r.error.message).toMatch(message);
      }
    }
    expect(await value('settingsGet')).toMatchObject({ backupDir: null, keepBackups: 10 });
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write to (not as root: root writes anywhere)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const r = await call('settingsUpdate', { patch: { backupDir: join(locked, 'b') } });
    expect(r.ok).toBe(false);
  });

  it('creates a missing folder, moves the existing backups into it, and lists them there with its full path', async () => {
    await value('backupsCreate');
    await value('backupsCreate');
    const before = (await value('backupsList')) as Array<{ name: string }>;
    expect(before).toHaveLength(2);
    const target = join(dir, 'elsewhere', 'token backups');
    await value('settingsUpdate', { patch: { backupDir: target } });
    const after = (await value('backupsList')) as Array<{ name: string; file: string }>;
    expect(after.map((b) => b.name).sort()).toEqual(before.map((b) => b.name).sort());
    for (const b of after) expect(b.file.startsWith(target)).toBe(true);
    expect(readdirSync(target).filter((n) => n.endsWith('.tvbak'))).toHaveLength(2);
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.tvbak')) : []).toEqual([]);
    expect(await value('backupsFolder')).toEqual({ path: target, isDefault: false });
    // And back to the default: they follow again.
    await value('settingsUpdate', { patch: { backupDir: null } });
    expect(((await value('backupsList')) as unknown[]).length).toBe(2);
    expect(await value('backupsFolder')).toEqual({ path: join(dir, 'backups'), isDefault: true });
  });
});

describe('the Settings form reads every field or says which part it cannot', () => {
  const good = { autoLock: '15', clipboard: '30', lead: '60, 30 7,1', backupDir: '', keep: '10' };

  it('reads good text into a patch', () => {
    expect(readSettingsForm(good)).toEqual({ patch: { autoLockMinutes: 15, clipboardClearSeconds: 30, keepBackups: 10, defaultLeadDays: [60, 30, 7, 1], backupDir: null } });
  });

  it('"sixty, 30" is refused naming "sixty", not saved as 30; an empty list is refused, not "no reminders"', () => {
    expect(readLeadDays('sixty, 30')).toEqual({ ok: false, error: '“sixty” is not a whole number of days; use digits, for example 30, 7.' });
    expect(readLeadDays('  ')).toEqual({ ok: false, error: 'Enter at least one number of days, for example 30, 7.' });
    expect(readLeadDays('7.5')).toMatchObject({ ok: false });
    expect(readLeadDays('500')).toEqual({ ok: false, error: '500 days is too far ahead; 400 days is the most.' });
    expect(readLeadDays('1 2 3 4 5 6 7 8 9 10 11')).toMatchObject({ ok: false, error: expect.stringContaining('10 is the most') });
  });

  it('names each field it cannot read', () => {
    const r = readSettingsForm({ autoLock: 'ten', clipboard: '', lead: 'sixty, 30', backupDir: 'relative/dir', keep: '0' });
    expect(r).toEqual({
      errors: {
        autoLock: '“ten” is not a whole number of minutes; enter 0–1440.',
        clipboard: 'Enter a number of seconds (0–600).',
        lead: '“sixty” is not a whole number of days; use digits, for example 30, 7.',
        backupDir: expect.stringContaining('full path'),
        keep: '0 is out of range; enter 1–1000 backups.',
      },
    });
  });
});
