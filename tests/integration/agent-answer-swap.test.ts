// A red team's sequences of socket acts, each step of which was allowed on its own, that ended
// with git (and `tokenvault run` by name) handing out a token the program supplied, with no
// "changed" row: moving an expiry earlier + a rename + an add under the old name; a Trash move +
// an add; an add under a URL root that git with credential.useHttpPath prefers; a Trash restore
// of a retired token git's tie-break prefers. Each is now refused by the headless agent at the
// step that would make another token the answer (NEEDS_PASSWORD: the CLI then needs the master
// password), and git and run still hand out the user's token.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, releaseLog, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

const MINE = 'glpat-USER3USER3USER3USER3';
const EVIL = 'glpat-EVIL3EVIL3EVIL3EVIL3';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

async function headless(tokens: [name: string, instance: string, kind: string, secret: string][]) {
  const w = agentWorld();
  world = w;
  for (const [name, instance, kind, secret] of tokens) {
    const added = w.cli(['add', name, '--instance', instance, '--kind', kind, '--scopes', 'api'], `${PW}\n${secret}\n`, WITH_PASSWORD);
    expect(added.status, added.stderr).toBe(0);
  }
  expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
  const target = await agentTarget(w.vault);
  const endpoint = endpointFor(target, w.env);
  const call = (method: string, args: unknown) => raw(endpoint, target.vaultId, method, args);
  const gitGets = async (host: string, path?: string) =>
    ((await call('gitCredential', { action: 'get', credential: { protocol: 'https', host, ...(path ? { path } : {}) } })).value as { answer: { password: string } | null }).answer?.password ?? null;
  const idOf = async (ref: string) => ((await call('agentFind', { ref })).value as { id: string }).id;
  const runGets = async (name: string) => {
    const run = await w.cliAsync(['run', '--env', `T=${name}`, '--', 'sh', '-c', 'printf %s "$T"']);
    return run.status === 0 ? run.stdout : null;
  };
  return { w, call, gitGets, idOf, runGets };
}

const changedRows = async (w: AgentWorld) => (await releaseLog(w)).filter((r) => r.purpose === 'changed').map((r) => r.command);

describe("a program's sequence of socket acts that ends with its own token as the answer", () => {
  it('1: an earlier expiry and a rename are allowed, but the add under the old name that git and run would then hand out needs the master password', async () => {
    const { w, call, gitGets, idOf, runGets } = await headless([['mine3', 'https://gitlab3.example.com', 'personal', MINE]]);
    const host = 'gitlab3.example.com';
    expect(await gitGets(host)).toBe(MINE);
    const id = await idOf('mine3');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    // Each only leaves git or the name with nothing: allowed, as before.
    expect(await call('tokensUpdate', { id, patch: { expiresAt: yesterday } })).toMatchObject({ ok: true });
    expect(await gitGets(host)).toBeNull();
    expect(await call('tokensUpdate', { id, patch: { name: 'mine3 (old)' } })).toMatchObject({ ok: true });
    const add = await call('tokensAdd', { entry: { name: 'mine3', kind: 'personal', instance: 'https://gitlab3.example.com', scopes: ['api'], expiresAt: null, description: '' }, secret: EVIL });
    expect(add.error?.code).toBe('NEEDS_PASSWORD');
    expect(add.error?.message).toMatch(new RegExp(`^Adding "mine3", which git would then get for https://${host} in place of nothing needs the master password when a program asks for it \\(it decides which token your git commands hand to that server\\); the agent cannot ask you\\.$`));
    expect(await gitGets(host)).toBeNull();
    expect(await runGets('mine3')).toBeNull();
    // The same add by name only (no instance): run's answer for "mine3" would be the program's.
    const byName = await call('tokensAdd', { entry: { name: 'mine3' }, secret: EVIL });
    expect(byName.error?.message).toMatch(/^Adding "mine3", which `tokenvault run` and `show` would then get for "mine3" in place of nothing needs the master password/);
    expect(await runGets('mine3')).toBeNull();
    // Refused, nothing was done: no "changed" row (the earlier expiry and the rename are not asked acts).
    expect(await changedRows(w)).toEqual([]);
  });

  it('2: a Trash move within the allowance, then an add at the same GitLab: the add needs the master password', async () => {
    const { w, call, gitGets, idOf } = await headless([['mine2', 'https://gitlab2.example.com', 'personal', MINE]]);
    const host = 'gitlab2.example.com';
    expect(await call('tokensRemove', { id: await idOf('mine2') })).toMatchObject({ ok: true });
    const add = await call('tokensAdd', { entry: { name: 'mine2 ', kind: 'personal', instance: 'https://gitlab2.example.com', scopes: ['api'] }, secret: EVIL });
    expect(add.error?.code).toBe('NEEDS_PASSWORD');
    expect(add.error?.message).toContain(`Adding "mine2", which git would then get for https://${host} in place of nothing`);
    expect(await gitGets(host)).toBeNull();
    // Only the Trash move is in the log.
    expect(await changedRows(w)).toEqual(['Moving "mine2" to the Trash']);
  });

  it('3: a token under a URL root of the host, which git with credential.useHttpPath prefers for paths under it, needs the master password', async () => {
    const { w, call, gitGets } = await headless([['mine', 'https://gitlab.example.com', 'personal', MINE]]);
    const host = 'gitlab.example.com';
    expect(await gitGets(host, 'group/proj.git')).toBe(MINE);
    const add = await call('tokensAdd', { entry: { name: 'evil-root', kind: 'other', instance: 'https://gitlab.example.com/group', scopes: ['api'] }, secret: EVIL });
    expect(add.error?.code).toBe('NEEDS_PASSWORD');
    expect(add.error?.message).toContain(`Adding "evil-root", which git would then get for https://${host}/group (with credential.useHttpPath) in place of "mine"`);
    expect(await gitGets(host, 'group/proj.git')).toBe(MINE);
    expect(await gitGets(host)).toBe(MINE);
    expect(await changedRows(w)).toEqual([]);
  });

  it('4: putting back a retired token that git would prefer to the current one needs the master password; allowed with it, and a restore that changes no answer needs nothing', async () => {
    const LEGACY = 'glpat-LEGACYLEGACYLEGACY00';
    const { w, call, gitGets } = await headless([
      ['legacy', 'https://gitlab4.example.com', 'personal', LEGACY],
      ['cur', 'https://gitlab4.example.com', 'other', MINE],
    ]);
    const host = 'gitlab4.example.com';
    expect(w.cli(['rm', 'legacy'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    expect(await gitGets(host)).toBe(MINE);
    const trash = (await call('trashList', {})).value as { entries: { id: string; name: string }[] };
    const legacyId = trash.entries.find((e) => e.name === 'legacy')!.id;
    const back = await call('trashRestore', { id: legacyId });
    expect(back.error?.code).toBe('NEEDS_PASSWORD');
    expect(back.error?.message).toContain(`Putting "legacy" back from the Trash, after which git would get it for https://${host} in place of "cur"`);
    expect(await gitGets(host)).toBe(MINE);
    // The CLI in a script says why and stops; typed with the password, it is the person's own act.
    const script = await w.cliAsync(['trash', 'restore', 'legacy']);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('Putting "legacy" back from the Trash');
    const typed = await w.cliAsync(['trash', 'restore', 'legacy'], `${PW}\n`, WITH_PASSWORD);
    expect(typed.status, typed.stderr).toBe(0);
    expect(await gitGets(host)).toBe(LEGACY);
    // A token of the person's own whose return changes no one's answer: no question.
    expect(w.cli(['add', 'spare', '--instance', 'https://elsewhere.example.com', '--kind', 'personal'], `${PW}\nglpat-SPARESPARESPARESPARE\n`, WITH_PASSWORD).status).toBe(0);
    expect(w.cli(['rm', 'spare'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    expect((await w.cliAsync(['trash', 'restore', 'spare'])).status).toBe(0);
  });

  it("a program's token put back from the Trash or renamed where it becomes an answer needs the master password, even after a new unlock", async () => {
    const { w, call, gitGets, idOf, runGets } = await headless([['mine', 'https://gitlab5.example.com', 'personal', MINE]]);
    const host = 'gitlab5.example.com';
    // Beside the user's personal token git would not prefer it: allowed.
    const evil = await call('tokensAdd', { entry: { name: 'evil', kind: 'other', instance: 'https://gitlab5.example.com', scopes: ['api'] }, secret: EVIL });
    expect(evil).toMatchObject({ ok: true });
    const evilId = (evil.value as { id: string }).id;
    expect(await gitGets(host)).toBe(MINE);
    // Trashing the user's token would hand git the program's: asked, though within the Trash allowance.
    const mineId = await idOf('mine');
    const sweep = await call('tokensRemove', { id: mineId });
    expect(sweep.error?.message).toContain(`Moving "mine" to the Trash, after which git would get "evil" for https://${host} in place of "mine"`);
    // The program trashes its own token, the person retires theirs; a new unlock forgets nothing.
    expect(await call('tokensRemove', { id: evilId })).toMatchObject({ ok: true });
    expect(w.cli(['rm', 'mine'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    expect((await w.cliAsync(['lock'])).status).toBe(0);
    expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    const restore = await call('trashRestore', { id: evilId });
    expect(restore.error?.message).toContain(`Putting "evil" back from the Trash, after which git would get it for https://${host} in place of nothing`);
    expect(await gitGets(host)).toBeNull();
    // Renamed to a name the person's scripts use, with the person's token renamed away first.
    expect(w.cli(['trash', 'restore', 'mine'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    expect(await call('tokensUpdate', { id: mineId, patch: { name: 'mine (old)' } })).toMatchObject({ ok: true });
    expect(w.cli(['trash', 'restore', 'evil'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);
    const rename = await call('tokensUpdate', { id: evilId, patch: { name: 'mine' } });
    expect(rename.error?.message).toMatch(/^Changing "evil", after which `tokenvault run` and `show` would get it for "mine" in place of nothing/);
    expect(await runGets('mine')).toBeNull();
  });
});
