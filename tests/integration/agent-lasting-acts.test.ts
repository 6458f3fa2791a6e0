// A program of the user's own on the agent's socket, written by an attacker, tries what cannot be
// taken back: deleting tokens for good (each deletion also makes an automatic backup, so a loop
// of them pushes the user's older backups out), revoking a token on GitLab, forgetting a sync
// device and pausing sync. Each needs the master password, so the agent refuses it to raw
// request lines; our CLI asks for the password and opens the vault itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { startAppAgent } from '../helpers/app-agent-server';
import { FORGED_DEVICE, headerOf, plantForgedHeader } from '../helpers/forged-header';
import { raw } from '../helpers/raw-socket';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';
import { start, type Emulator } from '../gitlab-emulator/server';

const NO_PROXY = { HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };

let world: AgentWorld | null = null;
let em: Emulator | null = null;
afterEach(async () => {
  world?.stop();
  world = null;
  await em?.stop();
  em = null;
});

const backups = (w: AgentWorld) => {
  const dir = path.join(path.dirname(w.vault), 'backups');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

async function socketOf(w: AgentWorld): Promise<{ endpoint: string; vaultId: string }> {
  const target = await agentTarget(w.vault);
  return { endpoint: endpointFor(target, w.env), vaultId: target.vaultId };
}

describe('deleting for good over the socket', () => {
  it('trashDeleteNow and trashEmpty are refused without the master password: the token stays in the Trash and no backup is made or pushed out', async () => {
    world = agentWorld();
    expect(world.cli(['add', 'doomed'], `${PW}\nglpat-doomed-0123456789abc\n`, WITH_PASSWORD).status).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    const { endpoint, vaultId } = await socketOf(world);
    const id = ((await raw(endpoint, vaultId, 'agentFind', { ref: 'doomed' })).value as { id: string }).id;
    expect(await raw(endpoint, vaultId, 'tokensRemove', { id })).toMatchObject({ ok: true });
    const before = backups(world);

    for (const [method, args] of [['trashDeleteNow', { id }], ['trashEmpty', {}]] as const) {
      const answer = await raw(endpoint, vaultId, method, args);
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
      expect(answer.error!.message).toMatch(/needs the master password, which the agent does not take from a program/);
    }
    // A loop of them would have cycled the automatic backups; none was even made.
    for (let i = 0; i < 3; i++) await raw(endpoint, vaultId, 'trashDeleteNow', { id });
    expect(backups(world)).toEqual(before);
    const trash = (await raw(endpoint, vaultId, 'trashList', {})).value as { entries: { id: string }[] };
    expect(trash.entries.map((e) => e.id)).toEqual([id]);
    // Putting it back is no loss, so that still works over the socket.
    expect(await raw(endpoint, vaultId, 'trashRestore', { id })).toMatchObject({ ok: true });
    expect(await raw(endpoint, vaultId, 'tokensRemove', { id })).toMatchObject({ ok: true });

    // Our CLI in a script that relies on the agent: it will not read a password, so it refuses.
    const script = await world.cliAsync(['trash', 'rm', 'doomed']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('needs its master password, so it cannot run with --no-password');
    expect(((await raw(endpoint, vaultId, 'trashList', {})).value as { entries: unknown[] }).entries).toHaveLength(1);
    // With the master password it deletes for good (after a backup), beside the running agent.
    const typed = await world.cliAsync(['trash', 'rm', 'doomed'], `${PW}\n`, WITH_PASSWORD);
    expect(typed, typed.stderr).toMatchObject({ status: 0, stdout: 'Deleted "doomed" for good.\n' });
    expect(((await raw(endpoint, vaultId, 'trashList', {})).value as { entries: unknown[] }).entries).toEqual([]);
    expect(backups(world).length).toBe(before.length + 1);
  });
});

describe('revoking on GitLab over the socket', () => {
  it('the headless agent refuses a revoke (it cannot ask); the token stays alive on GitLab; the CLI with the password revokes it', async () => {
    em = await start();
    world = agentWorld();
    const issued = em.issueToken({ username: 'victim', name: 'ci', scopes: ['api'] });
    expect(world.cli(['add', 'ci', '--instance', em.url, '--kind', 'personal'], `${PW}\n${issued.secret}\n`, WITH_PASSWORD).status).toBe(0);
    expect((await world.cliAsync(['gitlab', 'verify', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD })).status).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`, NO_PROXY)).status).toBe(0);
    const { endpoint, vaultId } = await socketOf(world);
    const id = ((await raw(endpoint, vaultId, 'agentFind', { ref: 'ci' })).value as { id: string }).id;
    const alive = () => [...em!.state.tokens.values()].find((t) => t.secret === issued.secret)?.revoked === false;

    const answer = await raw(endpoint, vaultId, 'gitlabRevoke', { id });
    expect(answer).toEqual({ ok: false, error: { code: 'NEEDS_PASSWORD', message: 'Revoking "ci" on GitLab cannot be undone; it needs the master password (the agent cannot ask you).' } });
    expect(alive()).toBe(true);
    // Verify and rotate of a verified token still go through the agent.
    expect(await raw(endpoint, vaultId, 'gitlabVerify', { id })).toMatchObject({ ok: true });

    const script = await world.cliAsync(['gitlab', 'revoke', 'ci'], '', NO_PROXY);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('cannot be undone; it needs the master password');
    expect(alive()).toBe(true);
    const typed = await world.cliAsync(['gitlab', 'revoke', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD });
    expect(typed, typed.stderr).toMatchObject({ status: 0, stdout: 'Revoked "ci" on GitLab; it no longer works.\n' });
    expect(alive()).toBe(false);
  });

  it('in the desktop app a revoke from the socket is always asked about, even with "ask before" off; denied, GitLab sees nothing', async () => {
    em = await start();
    world = agentWorld();
    const app = await startAppAgent(world);
    try {
      const { services, questions, vaultId } = app;
      const issued = em.issueToken({ username: 'victim', name: 'ci', scopes: ['api'] });
      const entry = await services.api.tokensAdd({ entry: { name: 'ci', instance: em.url, kind: 'personal' }, secret: issued.secret });
      await services.api.gitlabVerify({ id: entry.id });
      const before = em.stats.requests;
      expect(await raw(app.endpoint, vaultId, 'gitlabRevoke', { id: entry.id })).toMatchObject({ ok: false, error: { code: 'RELEASE_DENIED' } });
      expect(questions).toEqual([expect.objectContaining({ entryName: 'ci', purpose: 'gitlab', command: `GitLab revoke at ${em.url}` })]);
      expect(em.stats.requests).toBe(before);
      // The app's own window refuses deleting for good over the socket too: it is the user's act there.
      await services.api.tokensRemove({ id: entry.id });
      expect(await raw(app.endpoint, vaultId, 'trashEmpty', {})).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
      expect((await services.api.trashList({})).entries).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('sync over the socket', () => {
  it('syncForget and pausing are refused without the master password; resuming is not; sync forget with the password works', async () => {
    world = agentWorld();
    const folder = tempDir('tv-lasting-sync-');
    expect(world.cli(['add', 'ci-token'], `${PW}\nglpat-lasting-sync-00000000\n`, WITH_PASSWORD).status).toBe(0);
    expect(world.cli(['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    const other = path.join(tempDir('tv-lasting-sync-b-'), 'b.tokenvault');
    const join = runCli(['--vault', other, 'sync', 'join', '--folder', folder, '--name', 'desktop', '--decryption-time', '100'], `${PW}\n`, { ...world.env, TOKENVAULT_VAULT: other, TOKENVAULT_NO_PASSWORD: '' });
    expect(join.status, join.stderr).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    expect((await world.cliAsync(['sync', 'now'])).status).toBe(0);
    const { endpoint, vaultId } = await socketOf(world);

    const forget = await raw(endpoint, vaultId, 'syncForget', { device: 'desktop' });
    expect(forget).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    expect(forget.error!.message).toMatch(/^Forgetting a sync device .* needs the master password/);
    expect(await raw(endpoint, vaultId, 'syncPause', { paused: true })).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    expect(await raw(endpoint, vaultId, 'syncPause', { paused: false })).toMatchObject({ ok: true, value: { paused: false } });
    const devices = (await raw(endpoint, vaultId, 'syncDevices', {})).value as { name: string; forgotten: boolean }[];
    expect(devices.find((d) => d.name === 'desktop')?.forgotten).toBe(false);

    const script = await world.cliAsync(['sync', 'forget', 'desktop']);
    expect(script.status).toBe(2);
    const typed = await world.cliAsync(['sync', 'forget', 'desktop'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).toMatch(/^Forgot device [0-9a-f]{16}: its replica is ignored from now on\./);
    fs.rmSync(path.dirname(other), { recursive: true, force: true });
  }, 300_000);

  it('syncNewPassword with a header planted in the folder is refused: no key adopted, this replica not re-written under the attacker\'s key', async () => {
    world = agentWorld();
    const folder = tempDir('tv-lasting-forge-');
    expect(world.cli(['add', 'ci-token'], `${PW}\nglpat-forge-victim-000000000\n`, WITH_PASSWORD).status).toBe(0);
    expect(world.cli(['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    const { endpoint, vaultId } = await socketOf(world);
    const planted = await plantForgedHeader(folder, 'attacker-pw');
    const own = fs.readdirSync(planted.dir).find((d) => d !== FORGED_DEVICE)!;
    const ownFiles = () => fs.readdirSync(path.join(planted.dir, own)).filter((f) => f !== 'device.json').sort();
    const before = { header: headerOf(planted.dir, own), files: ownFiles() };

    const answer = await raw(endpoint, vaultId, 'syncNewPassword', { password: 'attacker-pw' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    expect(answer.error!.message).toMatch(/^Taking a new master password for sync .* needs the master password/);
    // Nothing was written under the planted generation, and this device's header still names its own.
    expect(headerOf(planted.dir, own)).toEqual(before.header);
    expect(ownFiles()).toEqual(before.files);
    expect(ownFiles().some((f) => f.includes(`-${planted.gen}-`))).toBe(false);

    // Our CLI in a script cannot give it either; with the master password it opens the vault itself.
    const script = await world.cliAsync(['sync', 'now', '--new-password'], 'attacker-pw\n');
    expect(script.status).toBe(2);
    expect(headerOf(planted.dir, own).gen).toBe(before.header.gen);
    // Typed: the vault opens here with its own password (beside the agent); the planted generation
    // is not vouched for by the key this device holds, so it is refused whatever password is given.
    const typed = await world.cliAsync(['sync', 'now', '--new-password'], `${PW}\n${PW}\n`, WITH_PASSWORD);
    expect(typed.stderr).toMatch(/not vouched for by the key this device holds, so it was not taken/);
    expect(headerOf(planted.dir, own).gen).toBe(before.header.gen);
  }, 300_000);
});
