// Sync as the desktop app runs it: the contract's sync methods over the real services (the
// same handler table the window and the agent use), the runner driven by hand (tick) instead of
// its timers, and the change watch that tells the window to load its list again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, MethodName, ResultOf } from '../../../electron/api';
import { createHandlerTable, dispatch } from '../../../electron/ipc';
import { createServices, type MainServices } from '../../../electron/services';
import type { FileDialogPort } from '../../../electron/app/ports';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { PASSWORD, tempDir } from '../../helpers/vault-fixture';

const LATER = 10 * 60_000;
const NEW_PASSWORD = 'a brand new master password';

interface App {
  services: MainServices;
  events: ApiEvent[];
  path: string;
  call<M extends MethodName>(method: M, args?: unknown): Promise<ResultOf<M>>;
  fails(method: MethodName, args?: unknown): Promise<{ code: string; message: string }>;
  tick(later?: boolean): Promise<void>;
}

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.services.shutdown();
});

const noDialogs: FileDialogPort = { openFile: async () => null, saveFile: async () => null, chooseFolder: async () => null };

function app(vaultPath: string): App {
  const events: ApiEvent[] = [];
  const services = createServices({
    vaultPath,
    clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => true },
    openExternal: () => undefined,
    emit: (event, payload) => events.push({ event, payload } as ApiEvent),
    gitlab: null,
    kdf: TEST_KDF,
    dialogs: noDialogs,
    syncTiming: { pollMs: 0, debounceMs: 0, intervalMs: LATER },
  });
  const table = createHandlerTable(services.api);
  const made: App = {
    services,
    events,
    path: vaultPath,
    call: async (method, args = {}) => {
      const answer = await dispatch(table, method, args);
      if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
      return answer.value as never;
    },
    fails: async (method, args = {}) => {
      const answer = await dispatch(table, method, args);
      if (answer.ok) throw new Error(`${method} should have failed`);
      return answer.error;
    },
    tick: (later = false) => services.syncRunner.tick(Date.now() + (later ? 2 * LATER : 0)),
  };
  apps.push(made);
  return made;
}

const names = async (a: App) => (await a.call('tokensList')).map((e) => e.name).sort();

async function twoDevices() {
  const dir = tempDir('tv-app-sync-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const a = app(path.join(dir, 'a.tokenvault'));
  await a.call('vaultCreate', { password: PASSWORD });
  await a.call('tokensAdd', { entry: { name: 'ci-token' }, secret: 'glpat-aaaaaaaaaaaaaaaaaaaa' });
  const setup = await a.call('syncSetup', { place: { kind: 'folder', where: folder }, password: PASSWORD, deviceName: 'laptop' });
  expect(setup.state.state).toBe('synced');
  const b = app(path.join(dir, 'b.tokenvault'));
  const joined = await b.call('syncJoin', { place: { kind: 'folder', where: folder }, password: PASSWORD, deviceName: 'desktop' });
  expect(joined).toMatchObject({ exists: true, unlocked: true });
  return { dir, folder, a, b };
}

describe('the app syncs', () => {
  it('sets up through a folder, joins a second vault from it, and carries a token added in one app to the other on its timer', async () => {
    const { a, b } = await twoDevices();
    expect(await names(b)).toEqual(['ci-token']);
    await a.call('tokensAdd', { entry: { name: 'added-on-a' }, secret: 'glpat-bbbbbbbbbbbbbbbbbbbb' });
    await a.tick(); // first look after unlock: syncs
    await a.tick(); // the add is seen and synced (no debounce here)
    expect((await a.call('syncStatus')).pending).toBe(0);
    b.events.length = 0;
    await b.tick(true);
    expect(await names(b)).toEqual(['added-on-a', 'ci-token']);
    expect(b.events.some((e) => e.event === 'entriesChanged')).toBe(true);
    expect((await b.call('syncStatus')).state).toBe('synced');
    const devices = await b.call('syncDevices');
    expect(devices.map((d) => [d.name, d.thisDevice]).sort()).toEqual([['desktop', true], ['laptop', false]]);
  });

  it('a join with the wrong password is refused and leaves no vault behind', async () => {
    const { dir, folder } = await twoDevices();
    const c = app(path.join(dir, 'c.tokenvault'));
    const error = await c.fails('syncJoin', { place: { kind: 'folder', where: folder }, password: 'not the password' });
    expect(error.code).toBe('WRONG_PASSWORD');
    expect(fs.existsSync(c.path)).toBe(false);
    expect((await c.call('vaultStatus')).exists).toBe(false);
  });

  it('paused: no sync on change or timer until resumed, then the change goes out', async () => {
    const { a, b } = await twoDevices();
    await a.tick();
    expect((await a.call('syncPause', { paused: true })).state).toBe('paused');
    await a.call('tokensAdd', { entry: { name: 'while-paused' }, secret: 'glpat-cccccccccccccccccccc' });
    await a.tick();
    await a.tick(true);
    expect((await a.call('syncStatus')).pending).toBe(1);
    await b.tick(true);
    expect(await names(b)).toEqual(['ci-token']);
    expect((await a.call('syncPause', { paused: false })).state).not.toBe('paused');
    await a.tick(true);
    await b.tick(true);
    expect(await names(b)).toEqual(['ci-token', 'while-paused']);
  });

  it('the app\'s Change password re-keys sync: the other device needs the new password, keeps its own edit, then gets what came after', async () => {
    const { a, b } = await twoDevices();
    await a.call('vaultChangePassword', { current: PASSWORD, next: NEW_PASSWORD });
    await a.call('tokensAdd', { entry: { name: 'after-the-change' }, secret: 'glpat-dddddddddddddddddddd' });
    await a.tick(true);
    await b.call('tokensAdd', { entry: { name: 'kept-on-b' }, secret: 'glpat-eeeeeeeeeeeeeeeeeeee' });
    await b.tick(true);
    const waiting = await b.call('syncStatus');
    expect(waiting.state).toBe('needs-password');
    expect(waiting.message).toMatch(/new one/);
    expect(await names(b)).toEqual(['ci-token', 'kept-on-b']);

    expect((await b.fails('syncNewPassword', { password: PASSWORD })).code).toBe('WRONG_PASSWORD');
    const report = await b.call('syncNewPassword', { password: NEW_PASSWORD });
    expect(report.state.state).toBe('synced');
    expect(await names(b)).toEqual(['after-the-change', 'ci-token', 'kept-on-b']);
    await a.tick(true);
    expect(await names(a)).toEqual(['after-the-change', 'ci-token', 'kept-on-b']);
  });

  it('a folder that disappears: offline in plain words, the vault works on, and the change goes out once it is back', async () => {
    const { folder, a, b } = await twoDevices();
    await a.tick();
    fs.renameSync(folder, `${folder}.away`);
    await a.call('tokensAdd', { entry: { name: 'made-offline' }, secret: 'glpat-ffffffffffffffffffff' });
    await a.tick(true);
    const offline = await a.call('syncStatus');
    expect(offline.state).toBe('offline');
    expect(offline.message).toContain(`The sync folder ${folder} is not there`);
    expect(fs.existsSync(folder)).toBe(false);
    expect(await names(a)).toEqual(['ci-token', 'made-offline']);
    fs.renameSync(`${folder}.away`, folder);
    await a.tick(true);
    expect((await a.call('syncStatus')).state).toBe('synced');
    await b.tick(true);
    expect(await names(b)).toEqual(['ci-token', 'made-offline']);
  });

  it('a hostile replica dropped in the folder while the app is open is refused in one sentence naming it; nothing of it merges, nothing is lost', async () => {
    const { dir, folder, a, b } = await twoDevices();
    // A replica of another vault, copied in under a device id of its own.
    const otherFolder = path.join(dir, 'Other');
    fs.mkdirSync(otherFolder);
    const other = app(path.join(dir, 'other.tokenvault'));
    await other.call('vaultCreate', { password: PASSWORD });
    await other.call('tokensAdd', { entry: { name: 'not-ours' }, secret: 'glpat-gggggggggggggggggggg' });
    await other.call('syncSetup', { place: { kind: 'folder', where: otherFolder }, password: PASSWORD, deviceName: 'intruder' });
    const [theirs] = fs.readdirSync(otherFolder);
    const [ours] = fs.readdirSync(folder);
    const [device] = fs.readdirSync(path.join(otherFolder, theirs!));
    fs.cpSync(path.join(otherFolder, theirs!, device!), path.join(folder, ours!, device!), { recursive: true });

    await a.tick(true);
    const state = await a.call('syncStatus');
    expect(state.state).toBe('refused');
    expect(state.message).toMatch(/was refused, and nothing of it merged: it belongs to another vault/);
    expect(await names(a)).toEqual(['ci-token']);

    // A tampered change file of a known device, arriving later: refused whole, named.
    await b.call('tokensAdd', { entry: { name: 'tampered-on-the-way' }, secret: 'glpat-kkkkkkkkkkkkkkkkkkkk' });
    await b.tick(true);
    const bDevice = (await b.call('syncStatus')).device!.id;
    const bFolder = path.join(folder, ours!, bDevice);
    const newest = fs.readdirSync(bFolder).filter((f) => f !== 'device.json').sort((x, y) => fs.statSync(path.join(bFolder, y)).mtimeMs - fs.statSync(path.join(bFolder, x)).mtimeMs)[0]!;
    const bytes = fs.readFileSync(path.join(bFolder, newest));
    bytes[bytes.length - 5]! ^= 0xff;
    fs.writeFileSync(path.join(bFolder, newest), bytes);
    await a.tick(true);
    const refused = (await a.call('syncStatus')).refused;
    expect(refused.some((line) => /^The replica of desktop was refused, and nothing of it merged/.test(line))).toBe(true);
    expect(await names(a)).toEqual(['ci-token']);
  });

  it('a git remote that refuses: setup says why in a sentence and the vault is unchanged', async () => {
    const dir = tempDir('tv-app-sync-git-');
    const a = app(path.join(dir, 'a.tokenvault'));
    await a.call('vaultCreate', { password: PASSWORD });
    await a.call('tokensAdd', { entry: { name: 'ci-token' }, secret: 'glpat-aaaaaaaaaaaaaaaaaaaa' });
    const missing = await a.fails('syncSetup', { place: { kind: 'git', where: `file://${dir}/no-such-repo.git` }, password: PASSWORD });
    expect(missing.code).toBe('PLACE_UNREACHABLE');
    expect(missing.message).toMatch(/^Cloning failed for the git remote file:\/\/.*; the vault works on/);
    expect((await a.call('syncStatus')).state).toBe('off');
    const option = await a.fails('syncSetup', { place: { kind: 'git', where: '--upload-pack=touch /tmp/pwned' }, password: PASSWORD });
    expect(option.code).toBe('SYNC_PLACE');

    // A remote that takes the clone but rejects every push (a server-side hook): offline, retried, nothing lost.
    const remote = path.join(dir, 'tokens.git');
    execFileSync('git', ['init', '--quiet', '--bare', remote]);
    fs.writeFileSync(path.join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "pushes are closed" >&2\nexit 1\n', { mode: 0o755 });
    const report = await a.call('syncSetup', { place: { kind: 'git', where: `file://${remote}` }, password: PASSWORD });
    expect(report.state.state).toBe('offline');
    expect(report.state.message).toMatch(/^This device's changes were not sent: the git remote file:\/\/.* did not take the push \(pushes are closed; .*pre-receive hook declined.*\)\. They are kept here and go out at the next sync that can push\.$/);
    expect(await names(a)).toEqual(['ci-token']);
  });
});

describe('the change watch', () => {
  it('a write by another process (the CLI) makes the open app reload its list', async () => {
    const dir = tempDir('tv-app-watch-');
    const a = app(path.join(dir, 'a.tokenvault'));
    await a.call('vaultCreate', { password: PASSWORD });
    await a.call('tokensList');
    await a.tick();
    a.events.length = 0;
    const cli = Vault.open(a.path);
    await cli.unlock(PASSWORD);
    cli.add({ name: 'from-the-cli' }, 'glpat-hhhhhhhhhhhhhhhhhhhh');
    cli.close();
    await a.tick();
    expect(a.events.filter((e) => e.event === 'entriesChanged')).toEqual([{ event: 'entriesChanged', payload: { by: 'elsewhere' } }]);
    expect(await names(a)).toEqual(['from-the-cli']);
    await a.tick();
    expect(a.events.filter((e) => e.event === 'entriesChanged')).toHaveLength(1);
  });

  it('looking for changes never counts as use: auto-lock still locks', async () => {
    const dir = tempDir('tv-app-watch-');
    const a = app(path.join(dir, 'a.tokenvault'));
    await a.call('vaultCreate', { password: PASSWORD });
    const touch = a.services.session.touch.bind(a.services.session);
    let touched = 0;
    a.services.session.touch = () => {
      touched++;
      touch();
    };
    await a.tick();
    await a.tick(true);
    expect(touched).toBe(0);
  });
});

describe('a restored backup', () => {
  it('syncs as a device of its own: never the device id of the vault it came from, and a token added on each reaches the other', async () => {
    const { dir, a } = await twoDevices();
    await a.tick();
    const backup = await a.call('backupsCreate');
    const original = (await a.call('syncStatus')).device!;
    const r = app(path.join(dir, 'restored.tokenvault'));
    const { restoreBackup } = await import('../../../electron/vault/restore');
    await restoreBackup(r.path, backup.file, PASSWORD);
    await r.call('vaultUnlock', { password: PASSWORD });
    await r.tick();
    const renewed = (await r.call('syncStatus')).device!;
    expect(renewed.id).not.toBe(original.id);
    expect(renewed.name).toBe(`${original.name} (restored)`);

    await a.call('tokensAdd', { entry: { name: 'on-the-original' }, secret: 'glpat-iiiiiiiiiiiiiiiiiiii' });
    await r.call('tokensAdd', { entry: { name: 'on-the-restored' }, secret: 'glpat-jjjjjjjjjjjjjjjjjjjj' });
    await a.tick(true);
    await r.tick(true);
    await a.tick(true);
    expect(await names(a)).toEqual(['ci-token', 'on-the-original', 'on-the-restored']);
    expect(await names(r)).toEqual(['ci-token', 'on-the-original', 'on-the-restored']);
  });
});
