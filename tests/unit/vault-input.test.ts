import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { fileBytes, newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

describe('vault input checks (each refused with one sentence, nothing written)', () => {
  it.each([
    [{ name: '' }, 'A name is needed.'],
    [{ name: '   ' }, 'A name is needed.'],
    [{ name: 'x'.repeat(201) }, 'Names are at most 200 characters.'],
    [{ name: 'tab\there' }, 'Names cannot contain control characters.'],
    [{ name: 'ok', kind: 'robot' }, 'Kind must be one of personal, project, group, deploy, trigger, runner, agent, service-account, oauth-app, webhook, feed, incoming-email, other.'],
    [{ name: 'ok', expiresAt: '2027-02-30' }, 'That date does not exist.'],
    [{ name: 'ok', expiresAt: '30/01/2027' }, 'Dates are written YYYY-MM-DD.'],
    [{ name: 'ok', instance: 'ftp://gitlab.com' }, 'is not a GitLab address'],
    [{ name: 'ok', instance: 'http://gitlab.example.com' }, 'is not a GitLab address'],
  ])('refuses %j', async (input, message) => {
    const vault = await newVault();
    const before = fileBytes(vault.path);
    expect(() => vault.add(input as never, 'glpat-x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(message) }));
    expect(vault.list()).toEqual([]);
    vault.close();
    expect(fileBytes(vault.path).length).toBe(before.length);
  });

  it('refuses empty and over-64-KiB secrets', async () => {
    const vault = await newVault();
    expect(() => vault.add({ name: 'a' }, '')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'The secret is empty; nothing was stored.' }));
    expect(() => vault.add({ name: 'a' }, 'x'.repeat(64 * 1024 + 1))).toThrow(expect.objectContaining({ message: expect.stringContaining('over 64 KiB') }));
    expect(vault.list()).toEqual([]);
    vault.close();
  });

  it('keeps names unique regardless of case and surrounding space', async () => {
    const vault = await newVault();
    vault.add({ name: 'CI token' }, 's1');
    expect(() => vault.add({ name: '  ci TOKEN ' }, 's2')).toThrow(expect.objectContaining({ code: 'NAME_TAKEN' }));
    const other = vault.add({ name: 'other' }, 's3');
    expect(() => vault.update(other.id, { name: 'ci token' })).toThrow(expect.objectContaining({ code: 'NAME_TAKEN' }));
    expect(vault.find('ci token').name).toBe('CI token');
    expect(vault.find(other.id.slice(0, 8)).name).toBe('other');
    expect(() => vault.find('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    vault.close();
  });

  it('imports many entries in one transaction: a clash stores none of them', async () => {
    const vault = await newVault();
    vault.add({ name: 'existing' }, 's');
    expect(() => vault.addMany([{ input: { name: 'new-1' }, secret: 'a' }, { input: { name: 'EXISTING' }, secret: 'b' }])).toThrow(
      expect.objectContaining({ code: 'NAME_TAKEN' }),
    );
    expect(vault.list().map((e) => e.name)).toEqual(['existing']);
    vault.close();
  });

  it("stores what checkMany accepted, looking each secret up again: one stored since the check is refused, nothing written", async () => {
    const vault = await newVault();
    const checked = vault.checkMany([{ input: { name: 'new-1' }, secret: 'glpat-one' }, { input: { name: 'new-2' }, secret: 'glpat-two' }]);
    vault.add({ name: 'meanwhile' }, 'glpat-two');
    expect(() => vault.addMany(checked)).toThrow(expect.objectContaining({ code: 'ALREADY_STORED', message: expect.stringContaining('"new-2"') }));
    expect(vault.list().map((e) => e.name)).toEqual(['meanwhile']);
    vault.close();
  });

  it("refuses another vault's checked batch, and checks afresh after a password change: the new password is refused as a token", async () => {
    const a = await newVault();
    const b = await newVault();
    const fromB = b.checkMany([{ input: { name: 'x' }, secret: 'glpat-x' }]);
    expect(() => a.addMany(fromB)).toThrow(/only what this vault's checkMany returned/);
    const checked = a.checkMany([{ input: { name: 'y' }, secret: 'the next master password' }]);
    await a.changePassword(PASSWORD, 'the next master password', { kdf: TEST_KDF });
    expect(() => a.addMany(checked)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining("vault's master password") }));
    expect(a.list()).toEqual([]);
    a.close();
    b.close();
  });

  it('updates metadata without touching the secret, and records history', async () => {
    const vault = await newVault();
    const e = vault.add({ name: 'a', kind: 'project', scopes: ['api'] }, 'secret-1');
    const updated = vault.update(e.id, { scopes: ['read_api'], usedIn: ['CI variable GITLAB_TOKEN'] });
    expect(updated).toMatchObject({ name: 'a', kind: 'project', scopes: ['read_api'], usedIn: ['CI variable GITLAB_TOKEN'] });
    expect(updated.history.map((h) => h.action)).toEqual(['created', 'edited']);
    expect(vault.readSecret(e.id)).toBe('secret-1');
    const rotated = vault.replaceSecret(e.id, 'secret-2', { expiresAt: '2027-06-01' }, { at: new Date().toISOString(), action: 'rotated' });
    expect(rotated.expiresAt).toBe('2027-06-01');
    expect(vault.readSecret(e.id)).toBe('secret-2');
    vault.close();
  });

  it('sees what another process wrote (no stale cache)', async () => {
    const vault = await newVault();
    vault.add({ name: 'first' }, 's1');
    expect(vault.list()).toHaveLength(1);
    const second = Vault.open(vault.path);
    await second.unlock(PASSWORD);
    second.add({ name: 'second' }, 's2');
    second.close();
    expect(vault.list().map((e) => e.name)).toEqual(['first', 'second']);
    vault.close();
  });

  it('reports a vault held by another writer as busy', async () => {
    const vault = await newVault();
    const holder = new Database(vault.path);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      expect(() => vault.add({ name: 'x' }, 's')).toThrow(expect.objectContaining({ code: 'BUSY' }));
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
    expect(vault.add({ name: 'x' }, 's').name).toBe('x');
    vault.close();
  });

  it('never creates over an existing vault, in a missing folder or in a read-only one', async () => {
    const vault = await newVault();
    vault.close();
    const before = fileBytes(vault.path);
    await expect(Vault.create(vault.path, 'pw', { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
    await expect(Vault.create(path.join(tempDir(), 'missing', 'v.tokenvault'), 'pw', { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('does not exist') });
    const readOnly = tempDir();
    fs.chmodSync(readOnly, 0o500);
    // root ignores permission bits; the check is meaningful only for ordinary users.
    if (process.getuid?.() !== 0) {
      await expect(Vault.create(path.join(readOnly, 'v.tokenvault'), 'pw', { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'IO' });
    }
    expect(() => Vault.open(path.join(tempDir(), 'none.tokenvault'))).toThrow(expect.objectContaining({ code: 'NO_VAULT' }));
  });

  it('validates settings and keeps them sealed', async () => {
    const vault = await newVault();
    expect(vault.getSettings()).toMatchObject({ autoLockMinutes: 5, clipboardClearSeconds: 20, defaultLeadDays: [60, 30, 7, 1], keepBackups: 10 });
    expect(() => vault.updateSettings({ clipboardClearSeconds: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => vault.updateSettings({ unknown: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    vault.updateSettings({ clipboardClearSeconds: 45 });
    vault.close();
    const again = Vault.open(vault.path);
    await again.unlock(PASSWORD);
    expect(again.getSettings().clipboardClearSeconds).toBe(45);
    again.close();
  });
});

describe('an edit that changes nothing', () => {
  it('is not recorded: no history line, updatedAt stays, and the next real edit is recorded', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'ci', expiresAt: '2030-01-03', scopes: ['api'] }, 'glpat-x');
    const same = vault.update(entry.id, { expiresAt: '2030-01-03', scopes: ['api'], name: 'ci' });
    expect(same.updatedAt).toBe(entry.updatedAt);
    expect(vault.get(entry.id).history).toHaveLength(entry.history.length);
    const changed = vault.update(entry.id, { expiresAt: '2030-01-04' });
    expect(changed.history.at(-1)!.action).toBe('edited');
    expect(changed.updatedAt > entry.updatedAt).toBe(true);
    // An event with its own meaning is kept even when no field moves.
    expect(vault.update(entry.id, {}, { at: new Date().toISOString(), action: 'verified' }).history.at(-1)!.action).toBe('verified');
    vault.close();
  });
});
