// Quick unlock, from the side of someone who wants the vault without its password: it works only
// within its window, in this running app, after the prompt; it leaves nothing on disk; and it
// ends (for the master password) on time, restart, three refusals and a password change.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { MachineSettings } from '../../electron/vault/machine-settings';
import { Vault } from '../../electron/vault/vault';
import { FakeKeychain } from '../helpers/fake-keychain';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';

const attempt = <T>(fn: () => T | Promise<T>) => Promise.resolve().then(fn);
const HOUR = 3_600_000;
const running: MainServices[] = [];

function app(dir: string, keychain = new FakeKeychain(), clock = { ms: Date.parse('2026-12-06T09:00:00Z') }) {
  const services = createServices({
    vaultPath: join(dir, 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
    emit: () => undefined, gitlab: null, kdf: TEST_KDF, now: () => new Date(clock.ms), quickUnlock: keychain,
    machineSettings: new MachineSettings(join(dir, 'user-data', 'machine-settings.json')),
  });
  running.push(services);
  return { api: services.api, keychain, clock, services };
}

/** A vault with one token, quick unlock turned on, locked: the state the unlock screen meets. */
async function lockedWithQuickUnlock(dir = tempDir(), hours = 8) {
  const a = app(dir);
  await a.api.vaultCreate({ password: PASSWORD });
  await a.api.tokensAdd({ entry: { name: 'ci' }, secret: 'glpat-quick-unlock-secret' });
  await a.api.vaultLock({});
  await a.api.vaultUnlock({ password: PASSWORD });
  await a.api.quickUnlockConfigure({ enabled: true, hours });
  await a.api.vaultLock({});
  return { ...a, dir };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

afterEach(async () => {
  for (const s of running.splice(0)) await s.shutdown();
  vi.restoreAllMocks();
});

describe('quick unlock', () => {
  it('is off by default: after a lock only the master password opens the vault', async () => {
    const { api } = app(tempDir());
    await api.vaultCreate({ password: PASSWORD });
    expect(await api.quickUnlockSettings({})).toMatchObject({ enabled: false, hours: 8, method: 'confirm', refusal: null });
    await api.vaultLock({});
    expect(api.quickUnlockOffer({})).toBeNull();
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
    expect((await api.vaultStatus({})).unlocked).toBe(false);
  });

  it('opens the vault after a lock once the prompt is confirmed, and turning it off forgets it at once', async () => {
    const { api, keychain } = await lockedWithQuickUnlock();
    expect(api.quickUnlockOffer({})).toEqual({ method: 'confirm', until: '2026-12-06T17:00:00.000Z' });
    expect((await api.vaultQuickUnlock({})).unlocked).toBe(true);
    expect(keychain.prompts).toBe(1);
    const [entry] = await api.tokensList({});
    expect((await api.tokensReveal({ id: entry!.id })).secret).toBe('glpat-quick-unlock-secret');
    // Again within the window: it was not used up.
    await api.vaultLock({});
    expect((await api.vaultQuickUnlock({})).unlocked).toBe(true);
    await api.quickUnlockConfigure({ enabled: false, hours: 8 });
    await api.vaultLock({});
    expect(api.quickUnlockOffer({})).toBeNull();
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
  });

  it('writes nothing of itself to disk: no key, sealed key or keychain blob in any file of the vault folder', async () => {
    const sealed: Uint8Array[] = [];
    const seal = Vault.prototype.sealKeyUnder;
    vi.spyOn(Vault.prototype, 'sealKeyUnder').mockImplementation(function (this: Vault, key: Uint8Array) {
      const out = seal.call(this, key);
      sealed.push(Uint8Array.from(out));
      return out;
    });
    const dir = tempDir();
    const { api, keychain } = await lockedWithQuickUnlock(dir);
    await api.vaultQuickUnlock({});
    await api.backupsCreate({});
    await api.vaultLock({});
    await api.vaultUnlock({ password: PASSWORD }); // arms again: a second set of bytes
    await api.vaultLock({});

    const needles = [...sealed, ...keychain.given, ...keychain.blobs].map((b) => Buffer.from(b));
    expect(sealed.length).toBe(2);
    expect(keychain.given.length).toBe(2);
    const files = filesUnder(dir);
    expect(files.some((f) => f.includes('backups'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      // Any 16 bytes of any of them would do: look for each one's halves.
      for (const needle of needles) for (const part of [needle.subarray(0, 16), needle.subarray(needle.length - 16)]) expect(bytes.indexOf(part), file).toBe(-1);
    }
    // The setting is the only trace, and it is only a setting.
    expect((await api.quickUnlockSettings({})).enabled).toBe(true);
  });

  it('ends after its time limit (from the password unlock, not renewed by quick unlocks)', async () => {
    const { api, clock } = await lockedWithQuickUnlock(tempDir(), 2);
    clock.ms += HOUR;
    await api.vaultQuickUnlock({});
    await api.vaultLock({});
    clock.ms += HOUR;
    expect(api.quickUnlockOffer({})).toEqual({ ended: expect.stringContaining('time limit') });
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
    expect((await api.vaultStatus({})).unlocked).toBe(false);
    // The master password still works, and arms it again for another window.
    await api.vaultUnlock({ password: PASSWORD });
    await api.vaultLock({});
    expect(api.quickUnlockOffer({})).toMatchObject({ method: 'confirm' });
  });

  it('ends when the app restarts: a new instance offers nothing though the setting is on', async () => {
    const { dir, keychain } = await lockedWithQuickUnlock();
    const restarted = app(dir, keychain);
    expect((await restarted.api.quickUnlockSettings({})).enabled).toBe(true);
    expect(restarted.api.quickUnlockOffer({})).toBeNull();
    await expect(attempt(() => restarted.api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
    expect((await restarted.api.vaultStatus({})).unlocked).toBe(false);
  });

  it('ends after three refused prompts; a confirmed one afterwards opens nothing', async () => {
    const { api, keychain } = await lockedWithQuickUnlock();
    keychain.answers.push(false, false, false);
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_REFUSED', message: expect.stringContaining('2 more tries') });
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_REFUSED', message: expect.stringContaining('1 more try') });
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
    expect(api.quickUnlockOffer({})).toEqual({ ended: expect.stringContaining('refused 3 times') });
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
    expect(keychain.prompts).toBe(3);
    expect((await api.vaultStatus({})).unlocked).toBe(false);
  });

  it('ends when the master password changes in the app', async () => {
    const { api } = await lockedWithQuickUnlock();
    await api.vaultQuickUnlock({});
    await api.vaultChangePassword({ current: PASSWORD, next: 'a new master password' });
    await api.vaultLock({});
    expect(api.quickUnlockOffer({})).toEqual({ ended: expect.stringContaining('master password was changed') });
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_ENDED' });
  });

  it('refuses, and forgets, a key a password change in another process (the CLI) replaced', async () => {
    const { api, dir } = await lockedWithQuickUnlock();
    const cli = Vault.open(join(dir, 'v.db'));
    await cli.unlock(PASSWORD);
    await cli.changePassword(PASSWORD, 'changed on the command line', { kdf: TEST_KDF });
    cli.close();
    await expect(attempt(() => api.vaultQuickUnlock({}))).rejects.toMatchObject({ code: 'KEY_REFUSED' });
    expect((await api.vaultStatus({})).unlocked).toBe(false);
    expect(api.quickUnlockOffer({})).toEqual({ ended: expect.stringContaining('master password was changed') });
  });

  it('is refused with a plain sentence where the OS cannot protect its key (Linux without a keyring)', async () => {
    const keychain = new FakeKeychain();
    keychain.refuse = 'Quick unlock needs a keyring (GNOME Keyring or KWallet) to protect its key, and none is running here.';
    const { api } = app(tempDir(), keychain);
    await api.vaultCreate({ password: PASSWORD });
    expect(await api.quickUnlockSettings({})).toMatchObject({ enabled: false, method: null, refusal: keychain.refuse });
    await expect(attempt(() => api.quickUnlockConfigure({ enabled: true, hours: 8 }))).rejects.toMatchObject({ code: 'QUICK_UNLOCK_UNAVAILABLE', message: keychain.refuse });
    expect(keychain.given).toEqual([]);
    await api.vaultLock({});
    expect(api.quickUnlockOffer({})).toBeNull();
  });

  it('cannot be turned on from a locked window', async () => {
    const { api } = app(tempDir());
    await api.vaultCreate({ password: PASSWORD });
    await api.vaultLock({});
    await expect(attempt(() => api.quickUnlockConfigure({ enabled: true, hours: 8 }))).rejects.toMatchObject({ code: 'LOCKED' });
  });
});
