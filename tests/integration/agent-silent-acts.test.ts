// A program of the user's own on the agent's socket, written by an attacker (raw request lines,
// not our CLI), tries changes that look like the user's own edits and quietly undo a promise:
// sweeping every token into the Trash (git and reminders stop using them), moving an expiry so
// its reminders go quiet, and choosing which token git hands out for an instance. The headless
// agent refuses each (past a few Trash moves) and the CLI then asks for the master password; the
// app asks Allow/Deny; every one that goes through is in the release log with the asking process.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { TRASH_BUDGET } from '../../electron/agent/socket-acts';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, WITH_PASSWORD, releaseLog, type AgentWorld } from '../helpers/agent-env';
import { startAppAgent, type AppAgent } from '../helpers/app-agent-server';
import { raw } from '../helpers/raw-socket';

const INSTANCE = 'https://gitlab.example.com';
const HOST = 'gitlab.example.com';

let world: AgentWorld | null = null;
let app: AppAgent | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  world?.stop();
  world = null;
});

/** Tokens stored with the master password, then the vault unlocked in the headless agent. */
async function headlessWith(names: string[], extra: string[] = []): Promise<{ w: AgentWorld; endpoint: string; vaultId: string; ids: Record<string, string> }> {
  const w = agentWorld();
  world = w;
  names.forEach((name, i) => {
    const added = w.cli(['add', name, '--instance', INSTANCE, '--kind', 'personal', '--scopes', 'api', '--expires', '2027-01-15', ...extra], `${PW}\nglpat-silent-${i}-0123456789abcdef\n`, WITH_PASSWORD);
    expect(added.status, added.stderr).toBe(0);
  });
  expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
  const target = await agentTarget(w.vault);
  const endpoint = endpointFor(target, w.env);
  const ids: Record<string, string> = {};
  for (const name of names) ids[name] = ((await raw(endpoint, target.vaultId, 'agentFind', { ref: name })).value as { id: string }).id;
  return { w, endpoint, vaultId: target.vaultId, ids };
}

const liveNames = async (endpoint: string, vaultId: string) => ((await raw(endpoint, vaultId, 'tokensList', {})).value as { name: string }[]).map((e) => e.name).sort();

describe('moving every token to the Trash', () => {
  it(`the headless agent moves ${TRASH_BUDGET} per unlock for a program, logged with its process; the rest need the master password`, async () => {
    const names = ['t1', 't2', 't3', 't4', 't5'];
    const { w, endpoint, vaultId, ids } = await headlessWith(names);
    const answers = [];
    for (const name of names) answers.push(await raw(endpoint, vaultId, 'tokensRemove', { id: ids[name] }));
    expect(answers.slice(0, TRASH_BUDGET).every((a) => a.ok)).toBe(true);
    for (const answer of answers.slice(TRASH_BUDGET)) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
      expect(answer.error!.message).toMatch(/^Moving "t\d" to the Trash needs the master password when a program asks for it \(git and its reminders stop using it\) — programs moved 3 tokens there since the vault was unlocked \(t1, t2, t3\); the agent cannot ask you\.$/);
    }
    expect(await liveNames(endpoint, vaultId)).toEqual(['t4', 't5']);

    const log = await releaseLog(w);
    expect(log.map((r) => [r.purpose, r.entryName, r.command, r.via])).toEqual([
      ['changed', 't3', 'Moving "t3" to the Trash', 'agent'],
      ['changed', 't2', 'Moving "t2" to the Trash', 'agent'],
      ['changed', 't1', 'Moving "t1" to the Trash', 'agent'],
    ]);
    expect(log.every((r) => r.peerPid === process.pid)).toBe(true);

    // Our CLI in a script: told what is needed and why, exit 2, nothing moved.
    const script = await w.cliAsync(['rm', 't4']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('Moving "t4" to the Trash needs the master password');
    expect(script.stderr).toContain('needs its master password, so it cannot run with --no-password');
    expect(await liveNames(endpoint, vaultId)).toEqual(['t4', 't5']);
    // With the master password typed, it opens the vault itself and moves it.
    const typed = await w.cliAsync(['rm', 't4'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).toMatch(/^Moved "t4" to the Trash/);
    expect(await liveNames(endpoint, vaultId)).toEqual(['t5']);
    // Restoring is no loss: never counted, never refused.
    expect(await raw(endpoint, vaultId, 'trashRestore', { id: ids.t1 })).toMatchObject({ ok: true });
  });
});

describe('silencing reminders', () => {
  it('a later expiry, none, fewer reminder days or a longer rotation reminder need the master password; louder edits do not', async () => {
    const { w, endpoint, vaultId, ids } = await headlessWith(['ci']);
    const id = ids.ci!;
    const quieter: [string, Record<string, unknown>][] = [
      ['no expiry', { expiresAt: null }],
      ['a later expiry', { expiresAt: '2030-01-01' }],
      ['"never expires"', { neverExpires: true }],
      ['no reminder days', { leadDays: [] }],
      ['a last-day reminder only', { leadDays: [1] }],
    ];
    for (const [what, patch] of quieter) {
      const answer = await raw(endpoint, vaultId, 'tokensUpdate', { id, patch });
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
      expect(answer.error!.message, what).toMatch(/needs the master password when a program asks for it \(its reminders come later or not at all\)/);
    }
    expect((await raw(endpoint, vaultId, 'settingsUpdate', { patch: { defaultLeadDays: [0] } })).error?.code).toBe('NEEDS_PASSWORD');
    const entry = (await raw(endpoint, vaultId, 'tokensGet', { id })).value as { expiresAt: string; leadDays: number[] | null };
    expect(entry).toMatchObject({ expiresAt: '2027-01-15', leadDays: null });

    // What makes reminders come sooner, or says nothing about them, is the program's to do.
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { expiresAt: '2026-12-31', description: 'runner' } })).toMatchObject({ ok: true });
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { leadDays: [90, 60, 30, 7, 1] } })).toMatchObject({ ok: true });
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { defaultLeadDays: [90, 60, 30, 7, 1] } })).toMatchObject({ ok: true });
    expect((await releaseLog(w)).filter((r) => r.purpose === 'changed')).toEqual([]);

    // A rotation reminder: setting one is louder, lengthening or dropping it is quieter.
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { expiresAt: null, neverExpires: true } })).toMatchObject({ ok: false });
    const typedNever = await w.cliAsync(['edit', 'ci', '--expires', 'never', '--rotate-every', '90'], `${PW}\n`, WITH_PASSWORD);
    expect(typedNever.status, typedNever.stderr).toBe(0);
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { facts: { rotateEveryDays: 30 } } })).toMatchObject({ ok: true });
    for (const facts of [{ rotateEveryDays: 365 }, { rotateEveryDays: null }, null]) {
      expect(await raw(endpoint, vaultId, 'tokensUpdate', { id, patch: { facts } }), JSON.stringify(facts)).toMatchObject({ ok: false, error: { code: 'NEEDS_PASSWORD' } });
    }

    // Our CLI: told why, exit 2 in a script; with the password typed it is the user's own edit.
    const script = await w.cliAsync(['edit', 'ci', '--rotate-every', '0']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('Changing the rotation reminder of "ci" from every 30 days to none needs the master password');
    const typed = await w.cliAsync(['edit', 'ci', '--rotate-every', '0'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(((await raw(endpoint, vaultId, 'tokensGet', { id })).value as { facts?: { rotateEveryDays?: number } }).facts?.rotateEveryDays).toBeUndefined();
  });
});

describe("choosing git's token for an instance", () => {
  it("a program's own token, added beside the user's, cannot be made git's default there; git keeps getting nothing of the program's choosing", async () => {
    const { w, endpoint, vaultId, ids } = await headlessWith(['mine']);
    const get = async () => ((await raw(endpoint, vaultId, 'gitCredential', { action: 'get', credential: { protocol: 'https', host: HOST } })).value as { answer: { password: string } | null }).answer?.password ?? null;
    expect(await get()).toBe('glpat-silent-0-0123456789abcdef');
    // Adding a token is allowed (it is the program's own); git then has two to choose from. It
    // expires with the user's: one that outlived it would be git's answer from then on, and asked.
    const added = await raw(endpoint, vaultId, 'tokensAdd', { entry: { name: 'evil', instance: INSTANCE, kind: 'personal', scopes: ['api'], expiresAt: '2027-01-15' }, secret: 'glpat-attacker-owned-000000000' });
    expect(added).toMatchObject({ ok: true });
    const evilId = (added.value as { id: string }).id;

    const answer = await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: { [INSTANCE]: evilId } } });
    expect(answer).toEqual({ ok: false, error: { code: 'NEEDS_PASSWORD', message: `Making "evil" the token git gets for ${INSTANCE} needs the master password when a program asks for it (it decides which token your git commands hand to that server); the agent cannot ask you.` } });
    // Nor may it point an instance of its own at the user's token, or clear the user's choice.
    expect((await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: { 'https://attacker.example': ids.mine } } })).error?.code).toBe('NEEDS_PASSWORD');
    expect(await get()).not.toBe('glpat-attacker-owned-000000000');
    expect((await raw(endpoint, vaultId, 'settingsGet', {})).value).toMatchObject({ gitDefaults: {} });

    // git-credential default in a script: the sentence says why, exit 2; typed, it is the user's choice.
    const script = await w.cliAsync(['git-credential', 'default', 'mine']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain(`Making "mine" the token git gets for ${INSTANCE} needs the master password`);
    const typed = await w.cliAsync(['git-credential', 'default', 'mine'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(await get()).toBe('glpat-silent-0-0123456789abcdef');
    // Setting it again to what it is changes nothing, so it is not asked.
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: { [INSTANCE]: ids.mine } } })).toMatchObject({ ok: true });
  });
});

describe('in the desktop app each is asked, and logged when allowed', () => {
  it('past the Trash allowance, an expiry moved later and a git default: Allow/Deny with what it does; denied, nothing changes', async () => {
    world = agentWorld();
    app = await startAppAgent(world);
    const { services, endpoint, vaultId, questions } = app;
    const ids: string[] = [];
    for (let i = 0; i < TRASH_BUDGET + 1; i++) {
      ids.push((await services.api.tokensAdd({ entry: { name: `t${i}`, instance: INSTANCE, kind: 'personal', expiresAt: '2027-01-15' }, secret: `glpat-app-silent-${i}-0123456789` })).id);
    }
    for (const id of ids.slice(0, TRASH_BUDGET)) expect(await raw(endpoint, vaultId, 'tokensRemove', { id })).toMatchObject({ ok: true });
    expect(questions).toEqual([]);
    const last = ids[TRASH_BUDGET]!;
    expect(await raw(endpoint, vaultId, 'tokensRemove', { id: last })).toEqual({ ok: false, error: { code: 'ACT_DENIED', message: `You declined: moving "t${TRASH_BUDGET}" to the Trash (asked by a program).` } });
    expect(questions).toEqual([expect.objectContaining({ entryName: `t${TRASH_BUDGET}`, purpose: 'changed', command: expect.stringContaining('programs moved 3 tokens there since the vault was unlocked (t0, t1, t2)') })]);
    expect((await services.api.tokensList({})).map((e) => e.id)).toEqual([last]);

    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id: last, patch: { expiresAt: null } })).toMatchObject({ ok: false, error: { code: 'ACT_DENIED' } });
    expect((await services.api.tokensGet({ id: last })).expiresAt).toBe('2027-01-15');
    app.allow = true;
    expect(await raw(endpoint, vaultId, 'settingsUpdate', { patch: { gitDefaults: { [INSTANCE]: last } } })).toMatchObject({ ok: true });
    expect(questions.at(-1)).toMatchObject({ purpose: 'changed', command: `Making "t${TRASH_BUDGET}" the token git gets for ${INSTANCE} (it decides which token your git commands hand to that server)` });
    expect(services.session.unlocked().releases(10).map((r) => [r.purpose, r.command, r.via, r.peerPid])).toEqual([
      ['changed', `Making "t${TRASH_BUDGET}" the token git gets for ${INSTANCE}`, 'app', process.pid],
      ...[2, 1, 0].map((i) => ['changed', `Moving "t${i}" to the Trash`, 'app', process.pid]),
    ]);
  });
});
