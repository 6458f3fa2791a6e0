import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupBefore, backupFileName, createBackup, listBackups, maybeDailyBackup, restoreBackup, tryBackup, verifyBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { Vault } from '../../electron/vault/vault';
import { fileBytes, newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

async function vaultWith(names: string[]) {
  const vault = await newVault();
  for (const name of names) vault.add({ name }, `secret-of-${name}`);
  return vault;
}

/** A copy of `backup` with one bit flipped inside the blob `query` selects, at `offset` into it. */
function flippedCopy(backup: string, query: string, offset: (blob: Buffer) => number): string {
  const bytes = fs.readFileSync(backup);
  const db = new Database(backup, { readonly: true });
  const blob = (db.prepare(query).get() as { v: Buffer }).v;
  db.close();
  const at = bytes.indexOf(blob);
  expect(at).toBeGreaterThan(0);
  bytes[at + offset(blob)]! ^= 0x01;
  const bad = path.join(tempDir(), 'bad.tvbak');
  fs.writeFileSync(bad, bytes);
  return bad;
}

describe('offline backups', () => {
  it('restores a backup on a fresh path (another machine) with the same password', async () => {
    const vault = await vaultWith(['a', 'b']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    expect(path.basename(backup)).toBe(`${vault.vaultId}-${path.basename(backup).slice(vault.vaultId.length + 1, -'-manual.tvbak'.length)}-manual.tvbak`);
    expect(path.basename(backup)).toMatch(/-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-manual\.tvbak$/);

    const elsewhere = path.join(tempDir('tv-other-machine-'), 'restored.tokenvault');
    const result = await restoreBackup(elsewhere, backup, PASSWORD);
    expect(result).toMatchObject({ restoredEntries: 2, keptAt: null, leftoversRemoved: [] });
    const restored = Vault.open(elsewhere);
    await restored.unlock(PASSWORD);
    expect(restored.list().map((e) => e.name)).toEqual(['a', 'b']);
    expect(restored.readSecret(restored.find('b').id)).toBe('secret-of-b');
    restored.close();
  });

  it('includes changes still in the write-ahead log', async () => {
    const vault = await vaultWith(['a']);
    vault.add({ name: 'fresh' }, 'in-wal');
    const backup = await createBackup(vault, 'manual');
    expect(await verifyBackup(backup, PASSWORD)).toMatchObject({ entries: 2 });
    expect(fs.existsSync(`${backup}-wal`)).toBe(false);
    vault.close();
  });

  it('restore keeps the vault it replaced', async () => {
    const vault = await vaultWith(['old']);
    const backup = await createBackup(vault, 'manual');
    vault.add({ name: 'added-after-backup' }, 's');
    vault.close();
    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    expect(keptAt).toMatch(/-replaced\.tvbak$/);
    const kept = await verifyBackup(keptAt!, PASSWORD);
    expect(kept.entries).toBe(2);
    const restored = Vault.open(vault.path);
    await restored.unlock(PASSWORD);
    expect(restored.list().map((e) => e.name)).toEqual(['old']);
    restored.close();
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2)), /DAMAGED|NOT_A_VAULT/],
    ['foreign', () => Buffer.from('PK\u0003\u0004 this is a zip file, not a backup'.repeat(50)), /DAMAGED|NOT_A_VAULT/],
  ])('refuses a %s backup and leaves the vault untouched', async (_label, mangle, code) => {
    const vault = await vaultWith(['keep-me', 'and-me']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bad = path.join(tempDir(), 'bad.tvbak');
    fs.writeFileSync(bad, mangle(fs.readFileSync(backup)));
    const before = fileBytes(vault.path);
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: expect.stringMatching(code) });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it.each(['overview', 'secret'])('refuses a backup with a flipped byte inside an entry %s', async (column) => {
    const vault = await vaultWith(['keep-me', 'and-me']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bad = flippedCopy(backup, `SELECT ${column} AS v FROM entries LIMIT 1`, () => 30);
    const before = fileBytes(vault.path);
    await expect(verifyBackup(bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/^The backup is damaged/) });
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  // Not only the entries: the release log and a token's earlier secrets are the vault too. A
  // backup cut in its last page (where the newest log rows sit) or altered there was "intact".
  it.each([
    ['a release log row', 'SELECT sealed AS v FROM releases ORDER BY at DESC LIMIT 1'],
    ['an earlier secret', 'SELECT sealed AS v FROM old_secrets LIMIT 1'],
    ['the release log head', "SELECT value AS v FROM meta WHERE key = 'release_head'"],
  ])('refuses a backup with a flipped byte inside %s, and leaves the vault untouched', async (_label, query) => {
    const vault = await vaultWith(['keep-me', 'and-me']);
    const id = vault.find('keep-me').id;
    vault.replaceSecret(id, 'secret-2-of-keep-me', {}, { at: new Date().toISOString(), action: 'rotated' });
    vault.logRelease({ at: new Date().toISOString(), entryId: id, entryName: 'keep-me', purpose: 'git', command: 'git credential', peerPid: 42, peerExe: '/usr/bin/git', via: 'agent' });
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bad = flippedCopy(backup, query, (blob) => blob.length - 1);
    const before = fileBytes(vault.path);
    await expect(verifyBackup(bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/^The backup is damaged/) });
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it('refuses a backup cut anywhere in its last page', async () => {
    const vault = await vaultWith(['keep-me']);
    for (let i = 0; i < 8; i++) vault.logRelease({ at: new Date().toISOString(), entryId: vault.find('keep-me').id, entryName: 'keep-me', purpose: 'copy', command: `copy ${i}`, peerPid: 42, peerExe: '/usr/bin/node', via: 'cli' });
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bytes = fs.readFileSync(backup);
    const bad = path.join(tempDir(), 'cut.tvbak');
    // SQLite reads a page cut short as zeros and its integrity check passes when the cut part was a row's tail.
    for (const keep of [bytes.length - 1, bytes.length - 16, bytes.length - 200]) {
      fs.writeFileSync(bad, bytes.subarray(0, keep));
      await expect(verifyBackup(bad, PASSWORD), `cut to ${keep} of ${bytes.length} bytes`).rejects.toMatchObject({ code: expect.stringMatching(/DAMAGED|NOT_A_VAULT/) });
    }
  });

  it('refuses a backup with the wrong password and leaves the vault untouched', async () => {
    const vault = await vaultWith(['x']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const before = fileBytes(vault.path);
    const backupBytes = fileBytes(backup);
    await expect(restoreBackup(vault.path, backup, 'wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
    expect(fileBytes(backup).equals(backupBytes)).toBe(true);
  });

  it('makes at most one automatic backup a day and prunes automatic ones to the setting', async () => {
    const vault = await vaultWith(['x']);
    vault.updateSettings({ keepBackups: 2 });
    const now = new Date();
    expect(await maybeDailyBackup(vault, now)).not.toBeNull();
    expect(await maybeDailyBackup(vault, now)).toBeNull();
    await createBackup(vault, 'manual');
    for (let i = 0; i < 3; i++) await backupBefore(vault, 'rm');
    const reasons = listBackups(vault).map((b) => b.reason);
    expect(reasons.filter((r) => r !== 'manual')).toHaveLength(2);
    expect(reasons).toContain('manual');
    vault.updateSettings({ autoBackup: false });
    expect(await backupBefore(vault, 'rm')).toBeNull();
    vault.close();
  });

  it('never writes a backup over an existing file', async () => {
    const vault = await vaultWith(['x']);
    const out = path.join(tempDir(), 'mine.tvbak');
    fs.writeFileSync(out, 'precious');
    await expect(createBackup(vault, 'manual', out)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    vault.close();
  });

  it('refuses a backup from a newer schema in verify and restore, and leaves the vault untouched', async () => {
    const vault = await vaultWith(['x']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const newer = new Database(backup);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    const before = fileBytes(vault.path);
    const refusal = { code: 'NOT_A_VAULT', message: expect.stringMatching(/newer Token Vault .*update Token Vault to restore it/) };
    await expect(verifyBackup(backup, PASSWORD)).rejects.toMatchObject(refusal);
    await expect(restoreBackup(vault.path, backup, PASSWORD)).rejects.toMatchObject(refusal);
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it('installs the copy it verified: a backup swapped after it was checked is never installed', async () => {
    const vault = await vaultWith(['keep-me']);
    const backup = await createBackup(vault, 'manual');
    vault.add({ name: 'newer' }, 's');
    vault.close();
    // Someone else's vault, under another password, swapped in the moment restore copies the file.
    const other = await Vault.create(path.join(tempDir(), 'other.tokenvault'), 'not the password', { kdf: TEST_KDF });
    other.add({ name: 'planted' }, 'x');
    const planted = await createBackup(other, 'manual', path.join(tempDir(), 'planted.tvbak'));
    other.close();
    const realCopy = fs.copyFileSync;
    const realRead = fs.readFileSync;
    const swapIfBackup = (src: unknown) => {
      if (typeof src === 'string' && path.resolve(src) === backup) realCopy(planted, backup);
    };
    const spies = [
      vi.spyOn(fs, 'copyFileSync').mockImplementation((src, dest, mode) => (swapIfBackup(src), realCopy(src, dest, mode))),
      vi.spyOn(fs, 'readFileSync').mockImplementation(((src: never, options: never) => (swapIfBackup(src), realRead(src, options))) as typeof fs.readFileSync),
    ];
    let outcome: unknown;
    try {
      outcome = await restoreBackup(vault.path, backup, PASSWORD).catch((error: unknown) => error);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(outcome).toMatchObject({ code: 'WRONG_PASSWORD' });
    const current = Vault.open(vault.path);
    await current.unlock(PASSWORD);
    expect(current.list().map((e) => e.name)).toEqual(['keep-me', 'newer']);
    current.close();
  });
});

describe('automatic backups never break the vault', () => {
  afterEach(() => vi.useRealTimers());

  it('an unavailable backup folder makes no backup and a warning, not an error', async () => {
    const vault = await vaultWith(['x']);
    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    vault.updateSettings({ backupDir: path.join(blocker, 'backups') });
    const daily = await tryBackup(() => maybeDailyBackup(vault));
    expect(daily.file).toBeNull();
    expect(daily.warning).toMatch(/^No automatic backup was made: the backup folder .* cannot be created/);
    expect((await tryBackup(() => backupBefore(vault, 'rm'))).warning).toBe(daily.warning);
    expect(listBackups(vault)).toEqual([]);
    vault.close();
  });

  it('a backup stamped in the future does not stop daily backups, and is the first pruned', async () => {
    const vault = await vaultWith(['x']);
    vault.updateSettings({ keepBackups: 1 });
    const dir = path.join(path.dirname(vault.path), 'backups');
    fs.mkdirSync(dir, { recursive: true });
    const future = path.join(dir, backupFileName(vault.vaultId, 'daily', new Date(Date.now() + 365 * 86_400_000)));
    fs.copyFileSync(await createBackup(vault, 'manual', path.join(tempDir(), 'seed.tvbak')), future);
    const made = await maybeDailyBackup(vault);
    expect(made).not.toBeNull();
    expect(fs.existsSync(made!)).toBe(true);
    expect(fs.existsSync(future)).toBe(false);
    vault.close();
  });

  it('two vaults sharing a backups folder never list or prune each other\'s backups', async () => {
    const shared = tempDir('tv-shared-backups-');
    // Same file name in two folders: the old naming (by file name) mixed them up.
    const one = await newVault(tempDir());
    const two = await newVault(tempDir());
    for (const v of [one, two]) v.updateSettings({ backupDir: shared, keepBackups: 2 });
    const mine = await createBackup(one, 'daily');
    await createBackup(one, 'before-rm');
    for (let i = 0; i < 3; i++) await backupBefore(two, 'rm');
    expect(fs.existsSync(mine)).toBe(true);
    expect(listBackups(one)).toHaveLength(2);
    expect(listBackups(two)).toHaveLength(2);
    expect(listBackups(one).every((b) => path.basename(b.file).startsWith(one.vaultId))).toBe(true);
    one.close();
    two.close();
  });

  it('still lists and prunes its own backups named the old way (by file name), never a neighbour\'s', async () => {
    const shared = tempDir('tv-shared-backups-');
    const one = await newVault(tempDir());
    const two = await newVault(tempDir());
    for (const v of [one, two]) v.updateSettings({ backupDir: shared });
    const legacyName = (v: Vault, at: number) => path.join(shared, `vault-${backupFileName(v.vaultId, 'daily', new Date(at)).slice(v.vaultId.length + 1)}`);
    const oldMine = legacyName(one, Date.now() - 3 * 86_400_000);
    const oldTheirs = legacyName(two, Date.now() - 2 * 86_400_000);
    fs.renameSync(await createBackup(one, 'manual'), oldMine);
    fs.renameSync(await createBackup(two, 'manual'), oldTheirs);
    expect(listBackups(one).map((b) => b.file)).toEqual([oldMine]);
    one.updateSettings({ keepBackups: 1 });
    await backupBefore(one, 'rm');
    expect(fs.existsSync(oldMine)).toBe(false);
    expect(fs.existsSync(oldTheirs)).toBe(true);
    one.close();
    two.close();
  });
});
