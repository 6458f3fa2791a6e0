// A program on the agent's socket tries to pick which token the user's git hands out without
// touching gitDefaults: by adding a token that wins git's tie-break over the user's, by changing
// a token's scopes so another wins, or by emptying them. Each is a change to git's answer the
// user did not make: the headless agent refuses it (the CLI then needs the master password), the
// app asks Allow/Deny, and one that goes ahead is in the release log (purpose `changed`).
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { startAppAgent, type AppAgent } from '../helpers/app-agent-server';
import { raw } from '../helpers/raw-socket';

const INSTANCE = 'https://gitlab.example.com';
const HOST = 'gitlab.example.com';
const MINE = 'glpat-users-own-0123456789abcdef';
const EVIL = 'glpat-attacker-owned-000000000';

let world: AgentWorld | null = null;
let app: AppAgent | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  world?.stop();
  world = null;
});

async function headless(addArgs: string[]) {
  const w = agentWorld();
  world = w;
  const added = w.cli(['add', 'mine', '--instance', INSTANCE, ...addArgs], `${PW}\n${MINE}\n`, WITH_PASSWORD);
  expect(added.status, added.stderr).toBe(0);
  expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
  const target = await agentTarget(w.vault);
  const endpoint = endpointFor(target, w.env);
  const call = (method: string, args: unknown) => raw(endpoint, target.vaultId, method, args);
  const gitGets = async () => ((await call('gitCredential', { action: 'get', credential: { protocol: 'https', host: HOST } })).value as { answer: { password: string } | null }).answer?.password ?? null;
  const mineId = ((await call('agentFind', { ref: 'mine' })).value as { id: string }).id;
  const names = async () => ((await call('tokensList', {})).value as { name: string }[]).map((e) => e.name).sort();
  return { w, call, gitGets, mineId, names };
}

describe("a program taking git's answer from the user's token", () => {
  it('(a) a personal token added beside the user\'s "other" one, which would win git\'s tie-break, needs the master password; an add for another instance does not', async () => {
    const { w, call, gitGets, names } = await headless([]);
    expect(await gitGets()).toBe(MINE);
    const answer = await call('tokensAdd', { entry: { name: 'evil', kind: 'personal', instance: INSTANCE, scopes: ['write_repository'] }, secret: EVIL });
    expect(answer).toEqual({ ok: false, error: { code: 'NEEDS_PASSWORD', message: `Adding "evil", which git would then get for ${INSTANCE} in place of "mine" needs the master password when a program asks for it (it decides which token your git commands hand to that server); the agent cannot ask you.` } });
    expect(await names()).toEqual(['mine']);
    expect(await gitGets()).toBe(MINE);
    // A token for an instance where git had no answer would become git's answer there: the program's own, so asked too.
    const elsewhere = await call('tokensAdd', { entry: { name: 'elsewhere', kind: 'personal', instance: 'https://other.example.com' }, secret: 'glpat-elsewhere-0123456789ab' });
    expect(elsewhere.error?.message).toContain('Adding "elsewhere", which git would then get for https://other.example.com in place of nothing needs the master password');
    // One for no instance, under a new name, changes no answer: the program's to add.
    expect(await call('tokensAdd', { entry: { name: 'elsewhere', kind: 'personal' }, secret: 'glpat-elsewhere-0123456789ab' })).toMatchObject({ ok: true });
    expect(await gitGets()).toBe(MINE);

    // Our CLI in a script (the fast path serves add): the sentence, exit 2, nothing stored.
    const script = await w.cliAsync(['add', 'evil', '--instance', INSTANCE, '--kind', 'personal'], `${EVIL}\n`);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain(`Adding "evil", which git would then get for ${INSTANCE} in place of "mine" needs the master password`);
    expect(script.stderr).toContain('cannot run with --no-password');
    expect(await names()).toEqual(['elsewhere', 'mine']);
  });

  it("(b, c) a token's scopes changed from the socket need the master password: neither handing git the program's token nor leaving git none", async () => {
    const { w, call, gitGets, mineId } = await headless(['--kind', 'personal', '--scopes', 'api']);
    // The program's own personal token beside the user's: git has two and answers with none.
    const evil = await call('tokensAdd', { entry: { name: 'evil', kind: 'personal', instance: INSTANCE, scopes: ['write_repository'] }, secret: EVIL });
    expect(evil).toMatchObject({ ok: true });
    const evilId = (evil.value as { id: string }).id;
    expect(await gitGets()).toBeNull();
    const demote = await call('tokensUpdate', { id: mineId, patch: { scopes: ['read_api'] } });
    expect(demote).toEqual({ ok: false, error: { code: 'NEEDS_PASSWORD', message: 'Changing the scopes of "mine" from api to read_api needs the master password when a program asks for it (git chooses the token it hands to that server by them); the agent cannot ask you.' } });
    expect(await gitGets()).toBeNull();
    // Scopes emptied or without a Git scope, token by token: no sweep of git's answers goes through either.
    for (const [id, scopes] of [[mineId, []], [evilId, ['read_api']]] as const) expect((await call('tokensUpdate', { id, patch: { scopes } })).error?.code).toBe('NEEDS_PASSWORD');
    expect((await call('tokensGet', { id: mineId })).value).toMatchObject({ scopes: ['api'] });
    // The same scopes again, in another order, change nothing and are not asked.
    expect(await call('tokensUpdate', { id: mineId, patch: { scopes: ['api'], description: 'laptop' } })).toMatchObject({ ok: true });

    // `edit --scopes`: told why, exit 2 in a script; typed, it is the user's own edit.
    const script = await w.cliAsync(['edit', 'mine', '--scopes', 'read_api']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('Changing the scopes of "mine" from api to read_api needs the master password');
    const typed = await w.cliAsync(['edit', 'mine', '--scopes', 'read_api'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(await gitGets()).toBe(EVIL); // the user's own choice, made with the password
  });

  it('in the app each is asked; allowed, it is in the release log with the asking process', async () => {
    world = agentWorld();
    app = await startAppAgent(world);
    const { services, endpoint, vaultId, questions } = app;
    const mine = await services.api.tokensAdd({ entry: { name: 'mine', instance: INSTANCE }, secret: MINE });
    const add = { entry: { name: 'evil', kind: 'personal', instance: INSTANCE }, secret: EVIL };
    expect(await raw(endpoint, vaultId, 'tokensAdd', add)).toMatchObject({ ok: false, error: { code: 'ACT_DENIED' } });
    expect((await services.api.tokensList({})).map((e) => e.name)).toEqual(['mine']);
    app.allow = true;
    expect(await raw(endpoint, vaultId, 'tokensUpdate', { id: mine.id, patch: { scopes: ['read_api'] } })).toMatchObject({ ok: true });
    expect(questions.map((q) => q.command)).toEqual([
      `Adding "evil", which git would then get for ${INSTANCE} in place of "mine" (it decides which token your git commands hand to that server)`,
      'Changing the scopes of "mine" from none to read_api (git chooses the token it hands to that server by them)',
    ]);
    expect(services.session.unlocked().releases(10).map((r) => [r.purpose, r.entryName, r.command, r.via, r.peerPid])).toEqual([
      ['changed', 'mine', 'Changing the scopes of "mine" from none to read_api', 'app', process.pid],
    ]);
  });
});
