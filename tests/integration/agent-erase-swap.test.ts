// Red team 2's erase swap: a program adds its own token at the user's host (the user's personal
// token still wins git's tie-break, so the add is not asked), asks git's `get` itself (a logged
// release of the user's secret), then sends git's `erase` with that secret. The erase marks the
// user's token as GitLab's refusal, after which git would hand out the program's token: that mark
// is now held to the socket's invariant like an edit, so the headless agent leaves the token
// unmarked and git still gets the user's. An erase after which git gets nothing is marked as before.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, type AgentWorld, releaseLog, unlockedWithMine } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

const MINE = 'glpat-MINEEMINEEMINEEMINEE';
const EVIL = 'glpat-EVILEVILEVILEVILEVIL';
const HOST = 'gitlab.example.com';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

async function headless() {
  const w = agentWorld();
  world = w;
  await unlockedWithMine(w, MINE, HOST, 'api');
  const target = await agentTarget(w.vault);
  const call = (method: string, args: unknown) => raw(endpointFor(target, w.env), target.vaultId, method, args);
  const git = (action: string, password?: string) => call('gitCredential', { action, credential: { protocol: 'https', host: HOST, ...(password ? { username: 'oauth2', password } : {}) } });
  const gitGets = async () => ((await git('get')).value as { answer: { password: string } | null }).answer?.password ?? null;
  return { w, call, git, gitGets };
}

describe("git's erase from a program on the socket", () => {
  it("does not mark the user's token refused when git would then hand out another token", async () => {
    const { w, call, git, gitGets } = await headless();
    // Not asked: the personal token still wins git's tie-break.
    expect(await call('tokensAdd', { entry: { name: 'evil', kind: 'other', instance: `https://${HOST}`, scopes: ['api'], expiresAt: null, description: '' }, secret: EVIL })).toMatchObject({ ok: true });
    expect(await gitGets()).toBe(MINE);
    const erase = await git('erase', MINE);
    expect(erase).toMatchObject({ ok: true, value: { answer: null } });
    expect((erase.value as { note: string }).note).toMatch(new RegExp(`^Marking "mine" as refused by GitLab \\(git's erase\\), after which git would get "evil" for https://${HOST}.* in place of "mine" needs the master password`));
    expect(await gitGets()).toBe(MINE);
    expect((await releaseLog(w)).filter((r) => r.purpose === 'changed')).toEqual([]);
  });

  it('marks it as before when git is left with nothing', async () => {
    const { git, gitGets } = await headless();
    expect(await gitGets()).toBe(MINE);
    expect(await git('erase', MINE)).toMatchObject({ ok: true, value: { answer: null, note: null } });
    expect(await gitGets()).toBeNull();
  });
});
