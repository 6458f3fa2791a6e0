// The opt-in locked schedule on disk, written from a real vault: ids and instants only, beside
// the vault, replaced whole, gone the moment the setting is off.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockedSchedulePath, readLockedSchedule, syncLockedSchedule } from '../../electron/app/locked-reminders';
import type { Vault } from '../../electron/vault/vault';
import { newVault, tempDir } from '../helpers/vault-fixture';

const NOW = new Date('2027-02-01T12:00:00Z');
let vault: Vault | null = null;

afterEach(() => {
  vault?.close();
  vault = null;
});

async function vaultWithTokens(): Promise<Vault> {
  vault = await newVault(tempDir('tv-locked-'));
  vault.add({ name: 'prod-deploy-bot', kind: 'project', instance: 'https://gitlab.corp.example', scopes: ['write_repository', 'api'], expiresAt: '2027-03-01', description: 'release pipeline' }, 'glpat-locked-test-one');
  vault.add({ name: 'registry-reader', kind: 'deploy', instance: 'https://gitlab.com', scopes: ['read_registry'], expiresAt: '2027-02-20', leadDays: [3] }, 'gldt-locked-test-two');
  vault.add({ name: 'no-expiry-token', kind: 'personal', scopes: ['read_api'] }, 'glpat-locked-test-three');
  return vault;
}

const sync = (v: Vault) => syncLockedSchedule(v.path, v.list(), v.getSettings(), NOW);

describe('the locked schedule beside the vault', () => {
  it('is off by default: nothing is written', async () => {
    const v = await vaultWithTokens();
    expect(v.getSettings().remindWhileLocked).toBe(false);
    expect(sync(v)).toBeNull();
    expect(fs.existsSync(lockedSchedulePath(v.path))).toBe(false);
    expect(readLockedSchedule(v.path)).toBeNull();
  });

  it('on, holds entry ids and reminder instants only: no name, instance, scope, kind or secret', async () => {
    const v = await vaultWithTokens();
    v.updateSettings({ remindWhileLocked: true, defaultLeadDays: [30, 7] });
    sync(v);
    const file = lockedSchedulePath(v.path);
    expect(file).toBe(`${v.path}.reminders.json`);
    expect(path.dirname(file)).toBe(path.dirname(v.path));
    const text = fs.readFileSync(file, 'utf8');
    for (const e of v.list()) {
      for (const word of [e.name, e.instance ?? 'none', e.kind, e.description || 'none', ...e.scopes]) expect(text).not.toContain(word);
    }
    expect(text).not.toMatch(/glpat|gldt|gitlab|corp\.example|secret|name|scope/i);
    const [deploy, reader] = ['prod-deploy-bot', 'registry-reader'].map((n) => v.list().find((e) => e.name === n)!.id);
    // 30-day reminder of prod-deploy-bot is already past at NOW; its own lead days for registry-reader.
    expect(readLockedSchedule(v.path)).toEqual({
      version: 1,
      items: [
        { entryId: reader, leadDays: 3, fireAt: '2027-02-17T00:00:00.000Z' },
        { entryId: deploy, leadDays: 7, fireAt: '2027-02-22T00:00:00.000Z' },
      ],
    });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is rewritten whole when entries change, leaving no temporary file behind', async () => {
    const v = await vaultWithTokens();
    v.updateSettings({ remindWhileLocked: true });
    sync(v);
    const reader = v.list().find((e) => e.name === 'registry-reader')!;
    v.remove(reader.id);
    sync(v);
    expect(readLockedSchedule(v.path)?.items.map((i) => i.entryId)).not.toContain(reader.id);
    expect(fs.readdirSync(path.dirname(v.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is removed as soon as the setting is turned off', async () => {
    const v = await vaultWithTokens();
    v.updateSettings({ remindWhileLocked: true });
    sync(v);
    expect(fs.existsSync(lockedSchedulePath(v.path))).toBe(true);
    v.updateSettings({ remindWhileLocked: false });
    expect(sync(v)).toBeNull();
    expect(fs.existsSync(lockedSchedulePath(v.path))).toBe(false);
  });

  it('a tampered or half-written file is no schedule at all', async () => {
    const v = await vaultWithTokens();
    v.updateSettings({ remindWhileLocked: true });
    sync(v);
    const file = lockedSchedulePath(v.path);
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, good.slice(0, good.length / 2));
    expect(readLockedSchedule(v.path)).toBeNull();
    fs.writeFileSync(file, good.replace('"leadDays"', '"name":"prod-deploy-bot","leadDays"'));
    expect(readLockedSchedule(v.path)).toBeNull();
  });
});
