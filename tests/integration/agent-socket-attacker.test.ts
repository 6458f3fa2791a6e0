// A program of the user's own, on the agent's socket, written by an attacker: not our CLI, but
// raw request lines. It tries to send a stored token to a server it runs (by moving the token's
// GitLab address, then asking for verify or rotate), to switch off "ask before a token leaves"
// and the other settings that guard releases, and to make GitLab calls nobody is asked about.
// The recording server plays the attacker's: it must never see a PRIVATE-TOKEN.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { startAppAgent, type AppAgent } from '../helpers/app-agent-server';
import { raw } from '../helpers/raw-socket';
import { start, type Emulator } from '../gitlab-emulator/server';

const NO_PROXY = { HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };

let world: AgentWorld;
let em: Emulator;
let recorder: { url: string; tokens: string[]; close(): Promise<void> };

/** The attacker's server: answers like a GitLab that refuses everything, and keeps every credential it was sent. */
async function startRecorder(): Promise<typeof recorder> {
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    for (const header of ['private-token', 'authorization']) {
      const value = req.headers[header];
      if (typeof value === 'string') tokens.push(value);
    }
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"401 Unauthorized"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function releaseLog(): Promise<{ purpose: string; command: string; via: string }[]> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  try {
    return vault.releases(100);
  } finally {
    vault.close();
  }
}

beforeEach(async () => {
  em = await start();
  recorder = await startRecorder();
});
afterEach(async () => {
  world?.stop();
  await em.stop();
  await recorder.close();
});

/** A personal token on the emulator, stored and verified with the master password, then the vault unlocked in the headless agent. */
async function verifiedTokenInHeadlessAgent(): Promise<{ id: string; secret: string; endpoint: string; vaultId: string }> {
  world = agentWorld();
  const issued = em.issueToken({ username: 'victim', name: 'ci', scopes: ['api'] });
  expect(world.cli(['add', 'ci', '--instance', em.url, '--kind', 'personal', '--scopes', 'api'], `${PW}\n${issued.secret}\n`, WITH_PASSWORD).status).toBe(0);
  const verified = await world.cliAsync(['gitlab', 'verify', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD });
  expect(verified.status, verified.stderr).toBe(0);
  expect((await world.cliAsync(['unlock'], `${PW}\n`, NO_PROXY)).status).toBe(0);
  const target = await agentTarget(world.vault);
  const id = (JSON.parse(world.cli(['show', 'ci', '--json'], `${PW}\n`).stdout) as { id: string }).id;
  return { id, secret: issued.secret, endpoint: endpointFor(target, world.env), vaultId: target.vaultId };
}

describe('a program on the agent socket cannot send a token where it likes', () => {
  it('tokensUpdate cannot move a token to its server, so verify and rotate still go to the real GitLab, and both are logged', async () => {
    const { id, secret, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();

    const moved = await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { instance: recorder.url } });
    expect(moved).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
    expect(moved.error!.message).toMatch(/cannot change where "ci" is sent \(its GitLab address\)/);
    // The "where used" places are where `rotate --update-variables` writes the new token.
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { usedIn: ['attacker/project:STOLEN'] } })).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
    // A harmless edit still works, and an unchanged address is no redirect.
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { description: 'ci runner', instance: em.url } })).toMatchObject({ ok: true });

    expect(await raw(endpoint, vaultId, 'gitlabVerify', { id })).toMatchObject({ ok: true });
    expect(await raw(endpoint, vaultId, 'gitlabRotate', { id })).toMatchObject({ ok: true });
    expect(recorder.tokens).toEqual([]);
    // The real token was rotated on the real GitLab, and the vault holds its successor.
    expect([...em.state.tokens.values()].find((t) => t.secret === secret)?.revoked).toBe(true);

    const log = await releaseLog();
    expect(log.filter((r) => r.purpose === 'gitlab').map((r) => r.command)).toEqual([`GitLab rotate at ${em.url}`, `GitLab verify at ${em.url}`]);
    expect(log.every((r) => r.via === 'agent')).toBe(true);
  });

  it("tokensUpdate cannot change a token's kind or the token that manages it (which would send another stored token, logged under this one's name)", async () => {
    const { id, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    expect(world.cli(['add', 'other', '--instance', recorder.url, '--kind', 'personal'], `${PW}\nglpat-other-instance-0123456789\n`, WITH_PASSWORD).status).toBe(0);
    const otherId = (JSON.parse(world.cli(['show', 'other', '--json'], `${PW}\n`).stdout) as { id: string }).id;

    const asApp = await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { kind: 'oauth-app', facts: { owner: 'instance', managedBy: otherId } } });
    expect(asApp).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
    expect(asApp.error!.message).toMatch(/cannot change where "ci" is sent \(its kind\)/);
    const managed = await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { facts: { managedBy: otherId } } });
    expect(managed).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
    expect(managed.error!.message).toMatch(/the token that manages it on GitLab/);
    // The rotation reminder is the user's own preference, not a destination.
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { facts: { rotateEveryDays: 90 } } })).toMatchObject({ ok: true });

    expect(await raw(endpoint, vaultId, 'gitlabVerify', { id })).toMatchObject({ ok: true });
    expect(recorder.tokens).toEqual([]);
    expect((await releaseLog()).filter((r) => r.purpose === 'gitlab').map((r) => r.command)).toEqual([`GitLab verify at ${em.url}`]);
  });

  it('a token never sent to its instance is not sent there for a program; the CLI asks for the master password instead', async () => {
    world = agentWorld();
    // Stored for the attacker's address by the user (a typo, a pasted link): never verified.
    expect(world.cli(['add', 'ci', '--instance', recorder.url, '--kind', 'personal'], `${PW}\nglpat-never-sent-0123456789\n`, WITH_PASSWORD).status).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    const target = await agentTarget(world.vault);
    const { vaultId } = target;
    const endpoint = endpointFor(target, world.env);
    const id = (JSON.parse(world.cli(['show', 'ci', '--json'], `${PW}\n`).stdout) as { id: string }).id;

    for (const method of ['gitlabVerify', 'gitlabRotate', 'gitlabRevoke']) {
      const answer = await raw(endpoint, vaultId, method, { id });
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
      expect(answer.error!.message).toBe(`"ci" has never been verified at ${recorder.url}; the first call there needs the master password (the agent cannot ask you).`);
    }
    expect(recorder.tokens).toEqual([]);
    expect(await releaseLog()).toEqual([]);

    // Our own CLI, in a script that relies on the agent: the agent declines, the script gave no password, nothing is sent.
    const noPassword = await world.cliAsync(['gitlab', 'verify', 'ci'], '', NO_PROXY);
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toContain('has never been verified at');
    expect(noPassword.stderr).toContain('cannot run with --no-password');
    expect(recorder.tokens).toEqual([]);
  });
});

describe('a second token through verify --using', () => {
  it('a program cannot name another stored token to be sent along (it would go to the first one\'s instance, unlogged)', async () => {
    const { id, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    // Another token, for another GitLab, added while the agent serves the vault.
    expect(world.cli(['add', 'other', '--instance', recorder.url, '--kind', 'personal'], `${PW}\nglpat-other-instance-0123456789\n`, WITH_PASSWORD).status).toBe(0);
    const otherId = (JSON.parse(world.cli(['show', 'other', '--json'], `${PW}\n`).stdout) as { id: string }).id;
    const before = em.stats.requests;
    const answer = await raw(endpoint, vaultId, 'gitlabVerify', { id, usingId: otherId });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    expect(answer.error!.message).toMatch(/sends that token too; it needs the master password/);
    expect(em.stats.requests).toBe(before);
    expect(recorder.tokens).toEqual([]);
    expect(await releaseLog()).toEqual([]);
    // Naming the token itself is no second token.
    expect(await raw(endpoint, vaultId, 'gitlabVerify', { id, usingId: id })).toMatchObject({ ok: true });
  });
});

describe('git erase is no oracle', () => {
  it('an erase of a stored secret nobody just handed to git changes nothing; after a logged get it marks the token refused', async () => {
    const { id, secret, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    const host = new URL(em.url).host;
    const history = async () => ((await raw(endpoint, vaultId, 'tokensGet', { id })).value as { history: { action: string }[] }).history.map((h) => h.action);
    const before = await history();
    // A program with a token found in a log asks "is this one of yours?" by erasing it.
    expect(await raw(endpoint, vaultId, 'gitCredential', { action: 'erase', credential: { protocol: 'http', host, password: secret } })).toMatchObject({ ok: true });
    expect(await history()).toEqual(before);
    // git's own sequence: get (a logged release), then erase of what it got.
    const got = await raw(endpoint, vaultId, 'gitCredential', { action: 'get', credential: { protocol: 'http', host } });
    expect(got).toMatchObject({ ok: true, value: { answer: { password: secret } } });
    expect(await raw(endpoint, vaultId, 'gitCredential', { action: 'erase', credential: { protocol: 'http', host, password: secret } })).toMatchObject({ ok: true });
    expect(await history()).toEqual([...before, 'refused']);
  });
});

describe('the idle lock over the socket', () => {
  it('a program can shorten it but not lengthen it or make it "never" without the master password; unlock --minutes with the password can', async () => {
    const { endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    const idle = async () => ((await raw(endpoint, vaultId, 'agentHello', {})).value as { idleMinutes: number | null }).idleMinutes;
    expect(await raw(endpoint, vaultId, 'agentSetIdle', { minutes: 3 })).toMatchObject({ ok: true });
    expect(await idle()).toBe(3);
    for (const minutes of [0, 4, 600]) {
      const answer = await raw(endpoint, vaultId, 'agentSetIdle', { minutes });
      expect(answer, `${minutes} min`).toMatchObject({ ok: false, error: { code: 'IDLE_GUARDED' } });
    }
    expect(await raw(endpoint, vaultId, 'agentSetIdle', { minutes: 0, password: 'not the password' })).toMatchObject({ ok: false, error: { code: 'IDLE_GUARDED' } });
    expect(await idle()).toBe(3);
    // Our CLI on an unlocked agent passes no password: told how, nothing changed.
    const longer = await world.cliAsync(['unlock', '--minutes', '30'], '', NO_PROXY);
    expect(longer.status).not.toBe(0);
    expect(longer.stderr).toMatch(/only be shortened .*tokenvault lock.*unlock --minutes 30/);
    expect(await idle()).toBe(3);
    // With the master password (the unlock that just proved it), anything goes.
    expect(await raw(endpoint, vaultId, 'agentSetIdle', { minutes: 0, password: PW })).toMatchObject({ ok: true });
    expect(await idle()).toBe(0);
  });
});

describe('settings that guard releases do not change over the socket', () => {
  it('settingsUpdate is refused for them (the agent keeps its settings); more reminder days still go through', async () => {
    const { id, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    for (const patch of [{ askBeforeRelease: false }, { clipboardClearSeconds: 0 }, { autoLockMinutes: 0 }, { remindWhileLocked: true }, { autoBackup: false }, { keepBackups: 1 }, { backupDir: world.runtime }]) {
      const answer = await raw(endpoint, vaultId, 'settingsUpdate', { patch });
      expect(answer, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'SETTING_GUARDED' } });
      expect(answer.error!.message).toContain(`cannot change ${Object.keys(patch)[0]}`);
    }
    // Mixed with an allowed key, the whole patch is refused.
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: {}, askBeforeRelease: false } })).toMatchObject({ ok: false });
    // More reminder days is the program's to add; git's token for an instance needs the person (agent-silent-acts.test.ts).
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { defaultLeadDays: [90, 60, 30, 7, 1] } })).toMatchObject({ ok: true });
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: { [em.url]: id } } })).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    const settings = (await raw(endpoint, vaultId, 'settingsGet', {})).value as Record<string, unknown>;
    expect(settings).toMatchObject({ askBeforeRelease: false, clipboardClearSeconds: 20, autoLockMinutes: 5, autoBackup: true, keepBackups: 10, gitDefaults: {}, defaultLeadDays: [90, 60, 30, 7, 1] });
  });
});

describe('in the desktop app, a program on the socket is asked about', () => {
  let app: AppAgent | null = null;

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('a GitLab call for a token never sent to its instance is asked even with "ask before" off; denied, nothing leaves and nothing is logged', async () => {
    world = agentWorld();
    app = await startAppAgent(world);
    const { endpoint, vaultId, services, questions } = app;
    const entry = await services.api.tokensAdd({ entry: { name: 'ci', instance: recorder.url, kind: 'personal' }, secret: 'glpat-app-never-sent-0123456' });
    expect(services.session.unlocked().getSettings().askBeforeRelease).toBe(false);
    const answer = await raw(endpoint, vaultId, 'gitlabVerify', { id: entry.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'RELEASE_DENIED', message: `You declined to send "ci" to ${recorder.url}.` } });
    expect(questions).toEqual([expect.objectContaining({ entryName: 'ci', purpose: 'gitlab', command: `GitLab verify at ${recorder.url} (never sent there before)` })]);
    expect(recorder.tokens).toEqual([]);
    expect(services.session.unlocked().releases(10)).toEqual([]);
  });

  it('settingsUpdate cannot switch "ask before" off: agentRelease still asks, and an allowed GitLab call is asked and logged', async () => {
    world = agentWorld();
    app = await startAppAgent(world);
    const { endpoint, vaultId, services, questions } = app;
    const issued = em.issueToken({ username: 'victim', name: 'ci', scopes: ['api'] });
    const entry = await services.api.tokensAdd({ entry: { name: 'ci', instance: em.url, kind: 'personal' }, secret: issued.secret });
    await services.api.gitlabVerify({ id: entry.id }); // in the window: the user's own call
    await services.api.settingsUpdate({ patch: { askBeforeRelease: true } });

    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { askBeforeRelease: false } })).toMatchObject({ ok: false, error: { code: 'SETTING_GUARDED' } });
    expect(await raw(endpoint, vaultId, 'agentRelease', { ref: 'ci', purpose: 'show', command: 'cat' })).toMatchObject({ ok: false, error: { code: 'RELEASE_DENIED' } });
    expect(questions.map((q) => q.purpose)).toEqual(['show']);

    app.allow = true;
    expect(await raw(endpoint, vaultId, 'gitlabVerify', { id: entry.id })).toMatchObject({ ok: true });
    expect(questions.at(-1)).toMatchObject({ purpose: 'gitlab', command: `GitLab verify at ${em.url}` });
    expect(services.session.unlocked().releases(10)).toEqual([expect.objectContaining({ purpose: 'gitlab', entryName: 'ci', command: `GitLab verify at ${em.url}`, via: 'app', peerPid: process.pid })]);
  });
});

describe('a trashed token stays out of reach', () => {
  it('gitlabVerify, gitlabRotate, gitlabRevoke and tokensUpdate answer NOT_FOUND for it: nothing is sent to GitLab, nothing changes', async () => {
    const { id, secret, endpoint, vaultId } = await verifiedTokenInHeadlessAgent();
    expect(await raw(endpoint, vaultId, 'tokensRemove', { id })).toMatchObject({ ok: true });
    const before = em.stats.requests;
    for (const [method, args] of [['gitlabVerify', { id }], ['gitlabRotate', { id }], ['gitlabRevoke', { id }], ['tokensUpdate', { id, patch: { description: 'edited in the Trash' } }]] as const) {
      const answer = await raw(endpoint, vaultId, method, args);
      expect(answer, method).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '"ci" is in the Trash; restore it first (tokenvault trash restore).' } });
    }
    expect(em.stats.requests).toBe(before);
    expect([...em.state.tokens.values()].find((t) => t.secret === secret)?.revoked).toBe(false);
    expect((await releaseLog()).filter((r) => r.purpose === 'gitlab')).toEqual([]);
    const trashed = (await raw(endpoint, vaultId, 'trashList', {})).value as { entries: { id: string; description?: string }[] };
    expect(trashed.entries.find((e) => e.id === id)?.description ?? '').not.toBe('edited in the Trash');
  });
});
