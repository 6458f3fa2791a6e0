// The release log: sealed rows in the vault, newest first, kept across a password change
// (which re-keys everything), and a moved or altered row is damage, not a silent answer.
import { describe, expect, it } from 'vitest';
import type { ReleaseRecord } from '../../electron/vault/release-log';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

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
    vault.logRelease(record('2026-01-01T00:00:00.000Z', 'first-token'));
    vault.logRelease(record('2026-01-02T00:00:00.000Z', 'second-token'));
    expect(vault.releases(10).map((r) => r.entryName)).toEqual(['second-token', 'first-token']);
    expect(vault.releases(1)).toHaveLength(1);
    const rows = vault.connection.prepare('SELECT sealed FROM releases').all() as { sealed: Buffer }[];
    for (const row of rows) expect(Buffer.from(row.sealed).includes('first-token')).toBe(false);
    vault.close();
  });

  it('still opens after the master password (and with it the vault key) changed', async () => {
    const vault = await newVault();
    vault.logRelease(record('2026-01-01T00:00:00.000Z', 'kept'));
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
    vault.logRelease(record('2026-01-01T00:00:00.000Z', 'x'));
    vault.connection.prepare('UPDATE releases SET at = at + 1').run();
    expect(() => vault.releases(10)).toThrow(/damaged/);
    vault.close();
  });

  it('refuses a record that does not fit its schema, writing nothing', async () => {
    const vault = await newVault();
    expect(() => vault.logRelease({ ...record('2026-01-01T00:00:00.000Z', 'x'), purpose: 'steal' as never })).toThrow();
    expect(vault.releases(10)).toEqual([]);
    vault.close();
  });
});
