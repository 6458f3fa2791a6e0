import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, MethodName } from '../../electron/api';
import { createHandlerTable, dispatch, type HandlerTable } from '../../electron/ipc';
import { createServices, isOpenableUrl, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';

const SECRET = 'glpat-unit-test-secret-0123456789';

function fakeClipboard() {
  const state = { text: '', writes: [] as string[], clears: 0, primary: '' };
  return {
    state,
    port: {
      writeSecret: (t: string) => { state.text = t; state.writes.push(t); },
      clearIfUnchanged: (t: string) => { if (state.text !== t) return false; state.text = ''; state.clears++; return true; },
      clearSelectionIfUnchanged: (t: string) => { if (state.primary !== t) return false; state.primary = ''; return true; },
    },
  };
}

describe('main-side services through dispatch', () => {
  let dir: string;
  let services: MainServices;
  let table: HandlerTable;
  let clip: ReturnType<typeof fakeClipboard>;
  const events: ApiEvent[] = [];
  const opened: string[] = [];
  const call = async (m: MethodName, args: unknown = {}) => dispatch(table, m, args);
  const value = async (m: MethodName, args: unknown = {}) => {
    const r = await call(m, args);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-services-'));
    clip = fakeClipboard();
    events.length = 0;
    opened.length = 0;
    services = createServices({
      vaultPath: join(dir, 'vault.db'), clipboard: clip.port, openExternal: (u) => void opened.push(u),
      emit: (event, payload) => events.push({ event, payload } as ApiEvent), gitlab: null, kdf: TEST_KDF,
    });
    table = createHandlerTable(services.api);
    await value('vaultCreate', { password: 'correct horse battery staple' });
  });
  afterEach(async () => {
    await services.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up automatically as the CLI does: once a day at unlock, and before a delete for good (a delete to the Trash loses nothing)', async () => {
    const { id } = await value('tokensAdd', { entry: { name: 'ci' }, secret: SECRET }) as { id: string };
    await value('vaultLock');
    await value('vaultUnlock', { password: 'correct horse battery staple' });
    await value('vaultLock');
    await value('vaultUnlock', { password: 'correct horse battery staple' });
    await value('tokensRemove', { id });
    expect(((await value('backupsList')) as Array<{ reason: string }>).map((b) => b.reason)).toEqual(['daily']);
    await value('trashDeleteNow', { id });
    const reasons = ((await value('backupsList')) as Array<{ reason: string }>).map((b) => b.reason);
    expect(reasons.sort()).toEqual(['before-rm', 'daily']);
  });

  it('lists entries with a status and never their secret', async () => {
    await value('tokensAdd', { entry: { name: 'ci', kind: 'project', expiresAt: '2020-01-01' }, secret: `  ${SECRET}\n` });
    const list = await call('tokensList');
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(list.ok && (list.value as Array<{ status: string }>)[0]?.status).toBe('expired');
  });

  it('copies main → clipboard, tells only when it clears, and clears if unchanged', async () => {
    const { id } = await value('tokensAdd', { entry: { name: 'ci' }, secret: SECRET }) as { id: string };
    await value('settingsUpdate', { patch: { clipboardClearSeconds: 1 } });
    const copied = await call('tokensCopy', { id });
    expect(copied).toEqual({ ok: true, value: { clearAfterSeconds: 1 } });
    expect(clip.state.writes).toEqual([SECRET]);
    await new Promise((r) => setTimeout(r, 1300));
    expect(clip.state.text).toBe('');
    expect(events).toContainEqual({ event: 'clipboardCleared', payload: { id } });
  });

  it('leaves the clipboard alone if the user copied something else', async () => {
    const { id } = await value('tokensAdd', { entry: { name: 'ci' }, secret: SECRET }) as { id: string };
    await value('tokensCopy', { id });
    clip.state.text = 'something the user copied';
    await services.lock('idle');
    expect(clip.state.text).toBe('something the user copied');
  });

  it('locks, clears a pending copy, emits locked, and refuses calls until unlocked', async () => {
    const { id } = await value('tokensAdd', { entry: { name: 'ci' }, secret: SECRET }) as { id: string };
    await value('tokensCopy', { id });
    await value('vaultLock');
    expect(clip.state.text).toBe('');
    expect(events.map((e) => e.event)).toContain('locked');
    expect(await call('tokensList')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await call('vaultUnlock', { password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    await value('vaultUnlock', { password: 'correct horse battery staple' });
    expect(await value('tokensList')).toHaveLength(1);
  });

  it('a token replaced by hand leaves its places as tasks; tokensTickPlace ticks them through dispatch, refusing unknown places', async () => {
    const { id } = await value('tokensAdd', { entry: { name: 'ci', usedIn: ['acme/app:CI_TOKEN', 'build-01'] }, secret: SECRET }) as { id: string };
    const replaced = await value('tokensReplaceSecret', { id, secret: `${SECRET}-renewed` }) as { followUp: { places: unknown[] } | null };
    expect(replaced.followUp?.places).toEqual([{ place: 'acme/app:CI_TOKEN', done: false }, { place: 'build-01', done: false }]);
    const unknown = await call('tokensTickPlace', { id, place: 'elsewhere', done: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '"elsewhere" is not one of the places to update for "ci".' } });
    expect(await call('tokensTickPlace', { id, place: '', done: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    await value('tokensTickPlace', { id, place: 'build-01', done: true });
    const last = await value('tokensTickPlace', { id, place: 'acme/app:CI_TOKEN', done: true }) as { followUp: unknown };
    expect(last.followUp).toBeNull();
    expect(await call('tokensTickPlace', { id, place: 'build-01', done: false })).toMatchObject({ ok: false, error: { message: 'No places are waiting to be updated for "ci".' } });
  });

  it('refuses to create a second vault over an existing one', async () => {
    expect(await call('vaultCreate', { password: 'x' })).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
  });

  it('keeps a pasted token in the draft, unverified when GitLab is absent, until stored', async () => {
    await value('draftSave', { fields: { name: 'deploy-bot', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'] } });
    const draft = await value('draftPaste', { secret: `\n ${SECRET} \n` }) as { hasSecret: boolean; secretPrefix: string };
    expect(draft).toMatchObject({ hasSecret: true, secretPrefix: 'glpat-' });
    expect(JSON.stringify(await call('draftGet'))).not.toContain(SECRET);
    const verified = await value('draftVerify') as { finding: { ok: boolean } };
    expect(verified.finding.ok).toBe(false);
    const stored = await value('draftStore') as { id: string; name: string };
    expect(stored.name).toBe('deploy-bot');
    expect(await value('draftGet')).toBeNull();
    expect(await value('tokensReveal', { id: stored.id })).toEqual({ secret: SECRET, hideAfterSeconds: 10 });
  });

  it('a revealed secret left in the PRIMARY selection is cleared when the vault locks', async () => {
    await value('draftSave', { fields: { name: 'deploy-bot', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'] } });
    await value('draftPaste', { secret: SECRET });
    const stored = await value('draftStore') as { id: string };
    await value('tokensReveal', { id: stored.id });
    clip.state.primary = SECRET; // the user selected the revealed token with the mouse
    await value('vaultLock');
    expect(clip.state.primary).toBe('');
  });

  it('explains pastes that cannot be tokens and keeps the earlier paste', async () => {
    await value('draftPaste', { secret: SECRET });
    for (const [pasted, code] of [['', 'PASTE_EMPTY'], ['https://gitlab.com/-/user_settings', 'PASTE_IS_URL'], ['glpat-abc def', 'PASTE_HAS_SPACES'], ['x'.repeat(10 * 1024), 'PASTE_TOO_LONG']] as const) {
      expect(await call('draftPaste', { secret: pasted })).toMatchObject({ ok: false, error: { code } });
    }
    expect(await value('draftGet')).toMatchObject({ hasSecret: true });
  });

  it('flags a token of the wrong kind', async () => {
    await value('draftSave', { fields: { kind: 'personal' } });
    const d = await value('draftPaste', { secret: 'gldt-abcdef' }) as { mismatches: string[] };
    expect(d.mismatches.join(' ')).toMatch(/deploy token/);
  });

  it('opens only https or loopback addresses', async () => {
    expect(await call('openExternal', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'UNSAFE_URL' } });
    expect(await call('openExternal', { url: 'http://gitlab.example.com/' })).toMatchObject({ ok: false });
    await value('openExternal', { url: 'https://gitlab.example.com/-/user_settings/personal_access_tokens?name=x' });
    expect(opened).toEqual(['https://gitlab.example.com/-/user_settings/personal_access_tokens?name=x']);
    expect(isOpenableUrl('http://127.0.0.1:3000/x')).toBe(true);
    expect(isOpenableUrl('https://user:pw@gitlab.com/')).toBe(false);
  });

  it('backs up, verifies and restores, reopening the restored vault', async () => {
    await value('tokensAdd', { entry: { name: 'before' }, secret: SECRET });
    const backup = await value('backupsCreate') as { file: string };
    expect(await value('backupsList')).toHaveLength(1);
    await value('tokensAdd', { entry: { name: 'after' }, secret: `${SECRET}-after` });
    expect(await value('backupsVerify', { file: backup.file, password: 'correct horse battery staple' })).toEqual({ entries: 1 });
    const status = await value('backupsRestore', { file: backup.file, password: 'correct horse battery staple', current: 'correct horse battery staple' });
    expect(status).toMatchObject({ unlocked: true });
    expect((await value('tokensList') as Array<{ name: string }>).map((e) => e.name)).toEqual(['before']);
  });

  it('every lock (idle too) keeps the wizard\'s pasted token sealed; after unlock it is stored as pasted', async () => {
    await value('draftSave', { fields: { name: 'pasted-before-lock', kind: 'personal' } });
    await value('draftPaste', { secret: SECRET });
    services.session.lock('idle');
    expect(await call('draftGet')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await value('vaultUnlock', { password: 'correct horse battery staple' });
    expect(await value('draftGet')).toMatchObject({ hasSecret: true, notice: null });
    const entry = await value('draftStore') as { id: string };
    expect(await value('tokensReveal', { id: entry.id })).toMatchObject({ secret: SECRET });
  });

  it('a restore is one step for the window: no locked event can overtake its reply, and the replaced vault is listed', async () => {
    await value('tokensAdd', { entry: { name: 'before' }, secret: SECRET });
    const backup = await value('backupsCreate') as { file: string };
    events.length = 0;
    await value('backupsRestore', { file: backup.file, password: 'correct horse battery staple', current: 'correct horse battery staple' });
    expect(events.filter((e) => e.event === 'locked')).toEqual([]);
    expect((await value('backupsList') as Array<{ reason: string }>).map((b) => b.reason).sort()).toEqual(['manual', 'replaced']);
  });

  it('a refused restore leaves the vault unlocked and as it was', async () => {
    await value('tokensAdd', { entry: { name: 'kept' }, secret: SECRET });
    const backup = await value('backupsCreate') as { file: string };
    expect(await call('backupsRestore', { file: backup.file, password: 'wrong', current: 'correct horse battery staple' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(await value('vaultStatus')).toMatchObject({ unlocked: true });
    expect((await value('tokensList') as Array<{ name: string }>).map((e) => e.name)).toEqual(['kept']);
  });

  it('an unavailable backup folder: unlock and delete still work, and the window is told once', async () => {
    // A folder that was fine when chosen, then went away (the disk was unplugged).
    const disk = join(dir, 'usb-disk');
    mkdirSync(disk);
    await value('settingsUpdate', { patch: { backupDir: join(disk, 'backups') } });
    rmSync(disk, { recursive: true });
    writeFileSync(disk, 'a file where the backup folder was');
    const { id } = await value('tokensAdd', { entry: { name: 'ci' }, secret: SECRET }) as { id: string };
    await value('vaultLock');
    events.length = 0;
    expect(await value('vaultUnlock', { password: 'correct horse battery staple' })).toMatchObject({ unlocked: true });
    await value('tokensRemove', { id });
    await value('trashDeleteNow', { id });
    const notices = events.filter((e) => e.event === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toMatchObject({ text: expect.stringMatching(/^No automatic backup was made: the backup folder .* cannot be created/) });
    expect(await value('tokensList')).toEqual([]);
  });
});
