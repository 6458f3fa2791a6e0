// Lock keeps work (issue 24, item 6), main side: a warning a minute before an idle lock (the
// session's own timer and the desktop's OS-idle poll), and an Edit left open at a lock kept
// sealed under the vault key — never in clear while locked — and given back after unlock.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent, EditDraft } from '../../electron/api';
import { EditDrafts } from '../../electron/app/edit-drafts';
import { IDLE_POLL_MS, startAutoLock, type AutoLockOptions } from '../../electron/desktop/auto-lock';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

const draft: EditDraft = {
  id: 'e1',
  fields: { name: 'ci-deploy', instance: 'https://gitlab.com', kind: 'project', description: 'unsaved words 99417', expiresAt: '', neverExpires: false, scopes: 'api', usedIn: '', leadDays: '', rotateEvery: '' },
};

describe('an Edit kept across a lock', () => {
  it('is sealed under the vault key at lock (no clear copy kept) and opened again after unlock', async () => {
    const vault = await newVault();
    const drafts = new EditDrafts();
    drafts.save(draft);
    drafts.lock(vault);
    const held = JSON.stringify(drafts, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    expect(held).not.toContain('99417');
    expect(drafts.waiting).toBe(true);
    vault.lock();
    await vault.unlock(PASSWORD);
    expect(drafts.get(vault)).toEqual(draft);
    vault.close();
  });

  it('is forgotten, not half-read, when the key changed meanwhile', async () => {
    const a = await newVault();
    const b = await newVault();
    const drafts = new EditDrafts();
    drafts.save(draft);
    drafts.lock(a);
    expect(drafts.get(b)).toBeNull();
    expect(drafts.waiting).toBe(false);
    a.close();
    b.close();
  });

  it('through the services: kept across an idle lock, refused while locked, forgotten on discard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-lock-work-'));
    const services = createServices({ vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF });
    await services.api.vaultCreate({ password: PASSWORD });
    await services.api.editDraftSave({ draft });
    services.session.lock('idle');
    await expect(Promise.resolve().then(() => services.api.editDraftGet({}))).rejects.toMatchObject({ code: 'LOCKED' });
    await services.api.vaultUnlock({ password: PASSWORD });
    expect(await services.api.editDraftGet({})).toEqual(draft);
    await services.api.editDraftSave({ draft: null });
    expect(await services.api.editDraftGet({})).toBeNull();
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a warning before an idle lock', () => {
  afterEach(() => vi.useRealTimers());

  it('the session warns a minute before its idle lock; activity starts both timers again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-lock-soon-'));
    const events: ApiEvent[] = [];
    const services = createServices({ vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined, emit: (event, payload) => events.push({ event, payload } as ApiEvent), gitlab: null, kdf: TEST_KDF });
    await services.api.vaultCreate({ password: PASSWORD });
    vi.useFakeTimers();
    services.session.touch(); // timers under the fake clock (5 minutes by default)
    vi.advanceTimersByTime(4 * 60_000 - 1);
    expect(events.filter((e) => e.event === 'lockSoon')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events.filter((e) => e.event === 'lockSoon')).toEqual([{ event: 'lockSoon', payload: { seconds: 60 } }]);
    await services.api.vaultStayUnlocked({});
    vi.advanceTimersByTime(4 * 60_000 - 1);
    expect(services.session.status().unlocked).toBe(true);
    vi.advanceTimersByTime(60_001);
    expect(services.session.status().unlocked).toBe(false);
    expect(events.filter((e) => e.event === 'lockSoon')).toHaveLength(2);
    vi.useRealTimers();
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desktop’s OS-idle poll warns once a minute ahead, then locks', () => {
    vi.useFakeTimers();
    const powerMonitor = Object.assign(new EventEmitter(), { idleSeconds: 0, getSystemIdleTime() { return this.idleSeconds; }, getSystemIdleState: () => 'active' });
    const lock = vi.fn();
    const warn = vi.fn();
    const stop = startAutoLock({ powerMonitor, lock, warn, idleMinutes: () => 5 } as unknown as AutoLockOptions);
    powerMonitor.idleSeconds = 3 * 60 + 59;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(warn).not.toHaveBeenCalled();
    powerMonitor.idleSeconds = 4 * 60 + 5;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    powerMonitor.idleSeconds = 4 * 60 + 15;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(warn).toHaveBeenCalledExactlyOnceWith(55);
    expect(lock).not.toHaveBeenCalled();
    powerMonitor.idleSeconds = 5 * 60;
    vi.advanceTimersByTime(IDLE_POLL_MS);
    expect(lock).toHaveBeenCalledExactlyOnceWith('idle');
    stop();
  });
});
