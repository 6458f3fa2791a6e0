// releasesList through dispatch: the release log newest first, "more" when older rows exist,
// one token's rows picked out of all of them, bad arguments refused, locked refused. And the
// words the app shows for a row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../electron/api';
import { createHandlerTable, dispatch, type HandlerTable } from '../../electron/ipc';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { askedBy, programName, releasedBy, releasedTo } from '../../renderer/src/lib/releases';

let dir: string;
let services: MainServices;
let table: HandlerTable;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tv-releases-'));
  services = createServices({ vaultPath: join(dir, 'vault.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF });
  table = createHandlerTable(services.api);
  await services.api.vaultCreate({ password: 'releases password' });
});
afterEach(async () => {
  await services.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function release(entryId: string, entryName: string, minute: number): void {
  services.session.unlocked().logRelease({ at: new Date(Date.now() - 86_400_000 + minute * 60_000).toISOString(), entryId, entryName, purpose: 'git', command: `git credential ${minute}`, peerPid: 100 + minute, peerExe: '/usr/bin/git', via: 'agent' });
}

describe('releasesList', () => {
  it('newest first, limited, with "more" when older rows exist; one token\'s rows only when asked', async () => {
    const a = await services.api.tokensAdd({ entry: { name: 'a' }, secret: 'glpat-aaaaaaaaaaaaaaaaaaaa' });
    const b = await services.api.tokensAdd({ entry: { name: 'b' }, secret: 'glpat-bbbbbbbbbbbbbbbbbbbb' });
    for (let m = 0; m < 6; m++) release(m % 2 ? b.id : a.id, m % 2 ? 'b' : 'a', m);

    const all = await dispatch(table, 'releasesList', {});
    expect(all).toMatchObject({ ok: true, value: { more: false } });
    const rows = (all as { value: { rows: Release[] } }).value.rows;
    expect(rows.map((r) => r.command)).toEqual([5, 4, 3, 2, 1, 0].map((m) => `git credential ${m}`));

    expect(await dispatch(table, 'releasesList', { limit: 2 })).toMatchObject({ ok: true, value: { more: true, rows: [{ command: 'git credential 5' }, { command: 'git credential 4' }] } });
    const own = await dispatch(table, 'releasesList', { entryId: a.id, limit: 2 });
    expect(own).toMatchObject({ ok: true, value: { more: true, rows: [{ entryName: 'a', command: 'git credential 4' }, { entryName: 'a', command: 'git credential 2' }] } });
    expect(await dispatch(table, 'releasesList', { entryId: 'no-such-token' })).toEqual({ ok: true, value: { rows: [], more: false } });
  });

  it('refuses a limit out of range or a stray field, and answers nothing while locked', async () => {
    for (const args of [{ limit: 0 }, { limit: 5001 }, { limit: 1.5 }, { entryId: '' }, { all: true }]) {
      expect(await dispatch(table, 'releasesList', args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    }
    await services.api.vaultLock({});
    expect(await dispatch(table, 'releasesList', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});

describe('a release in words', () => {
  const row: Release = { at: '2026-06-01T12:00:00.000Z', entryId: 'x', entryName: 'ci', purpose: 'run', command: 'tokenvault run glab', peerPid: 42, peerExe: '/usr/lib/git-core/git-remote-https', via: 'cli' };
  it('says to what, by whom and which program asked, without folders', () => {
    expect(releasedTo(row)).toBe('a program started by “tokenvault run”');
    expect(releasedBy(row)).toBe('the command line, with the master password typed');
    // Words a person knows, no process numbers (those are in the row's tooltip).
    expect(askedBy(row)).toBe('Asked by git (fetching or pushing)');
    expect(askedBy({ ...row, peerExe: '/usr/bin/node' })).toBe('Asked by a Node.js script or the tokenvault command');
    expect(askedBy({ ...row, peerExe: '/usr/bin/curl' })).toBe('Asked by the program “curl”');
    expect(askedBy({ ...row, peerExe: null })).toBe('Asked by a program Token Vault could not name');
    expect(askedBy({ ...row, peerSource: 'claimed' })).toBe('Asked by git (fetching or pushing), as it said of itself');
    expect(askedBy({ ...row, peerSource: 'kernel' })).toBe('Asked by git (fetching or pushing)');
    expect(askedBy({ ...row, peerExe: null, peerPid: null })).toBe('');
    expect(programName('/usr/bin/node (deleted)')).toBe('node');
    expect(programName('C:\\Program Files\\Git\\git.exe')).toBe('git.exe');
  });
});
