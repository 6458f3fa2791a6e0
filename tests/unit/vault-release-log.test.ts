// The release log: sealed rows in the vault, newest first, kept across a password change
// (which re-keys everything), kept by age and not by count (a flood cannot push older rows
// out), and a moved, altered or deleted row is damage, not a silent answer.
import { describe, expect, it } from 'vitest';
import { KEEP_DAYS, type ReleaseRecord } from '../../electron/vault/release-log';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

const DAY = 24 * 60 * 60 * 1000;
/** An instant `days` ago (the log keeps KEEP_DAYS of them). */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const record = (at: string, entryName: string): ReleaseRecord => ({
  at,
  entryId: 'e1',
  entryName,
  purpose: 'git',
  command: 'git credential for https://gitlab.com',
  peerPid: 42,
  peerExe: '/usr/bin/git',
  via: 'agent',
});

describe('release log', () => {
  it('keeps what left, newest first, sealed: the token name is nowhere in the file', async () => {
    const vault = await newVault();
    vault.logRelease(record(daysAgo(2), 'first-token'));
    vault.logRelease(record(daysAgo(1), 'second-token'));
    expect(vault.releases(10).map((r) => r.entryName)).toEqual(['second-token', 'first-token']);
    expect(vault.releases(1)).toHaveLength(1);
    const rows = vault.connection.prepare('SELECT sealed FROM releases').all() as { sealed: Buffer }[];
    for (const row of rows) expect(Buffer.from(row.sealed).includes('first-token')).toBe(false);
    vault.close();
  });

  it('still opens after the master password (and with it the vault key) changed', async () => {
    const vault = await newVault();
    vault.logRelease(record(daysAgo(2), 'kept'));
    await vault.changePassword(PASSWORD, 'another password', { kdf: TEST_KDF });
    expect(vault.releases(10).map((r) => r.entryName)).toEqual(['kept']);
    const path = vault.path;
    vault.close();
    const reopened = Vault.open(path);
    await reopened.unlock('another password');
    expect(reopened.releases(10).map((r) => r.entryName)).toEqual(['kept']);
    reopened.close();
  });

  it('a row whose instant was changed no longer opens: the log reports damage', async () => {
    const vault = await newVault();
    vault.logRelease(record(daysAgo(2), 'x'));
    vault.connection.prepare('UPDATE releases SET at = at + 1').run();
    expect(() => vault.releases(10)).toThrow(/damaged/);
    vault.close();
  });

  it('refuses a record that does not fit its schema, writing nothing', async () => {
    const vault = await newVault();
    expect(() => vault.logRelease({ ...record(daysAgo(2), 'x'), purpose: 'steal' as never })).toThrow();
    expect(vault.releases(10)).toEqual([]);
    vault.close();
  });

  it('6,000 releases keep every row of the last days: a flood does not push older rows out', async () => {
    const vault = await newVault();
    vault.logRelease(record(daysAgo(KEEP_DAYS - 1), 'oldest-kept'));
    for (let i = 0; i < 6000; i++) vault.logRelease(record(daysAgo(0), `flood-${i}`));
    const rows = vault.releases(-1);
    expect(rows).toHaveLength(6001);
    expect(rows.at(-1)!.entryName).toBe('oldest-kept');
    vault.close();
  }, 300_000);

  it('rows older than KEEP_DAYS go with the next release', async () => {
    const vault = await newVault();
    vault.logRelease(record(daysAgo(KEEP_DAYS + 1), 'too-old'));
    vault.logRelease(record(daysAgo(0), 'new'));
    expect(vault.releases(-1).map((r) => r.entryName)).toEqual(['new']);
    vault.logRelease(record(daysAgo(0), 'newer'));
    expect(vault.releases(-1).map((r) => r.entryName)).toEqual(['newer', 'new']);
    vault.close();
  });

  it('a row deleted from the file is reported, in a sentence, also after a password change', async () => {
    const vault = await newVault();
    for (const name of ['a', 'b', 'c']) vault.logRelease(record(daysAgo(1), name));
    await vault.changePassword(PASSWORD, 'another password', { kdf: TEST_KDF });
    const file = vault.path;
    vault.close();
    // Someone with the file, not the key, removes the row that names "b".
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    const rowids = db.prepare('SELECT rowid FROM releases ORDER BY rowid').pluck().all() as number[];
    db.prepare('DELETE FROM releases WHERE rowid = ?').run(rowids[1]);
    db.close();
    const reopened = Vault.open(file);
    await reopened.unlock('another password');
    expect(() => reopened.releases(10)).toThrow('The release log is missing 1 row that was written: someone removed it from the vault file.');
    // Writing on does not paper over it.
    reopened.logRelease(record(daysAgo(0), 'd'));
    expect(() => reopened.releases(10)).toThrow(/missing 1 row/);
    reopened.close();
  });
});
