// Red team 2's expiry bomb: git's answer was compared before and after an act only at today's
// date. Beside the user's token that expires tomorrow, a program's token added today (or the
// user's token's expiry moved to tomorrow beside a program's token) changes nothing today and
// hands git the program's token from tomorrow, unasked and unlogged. Answers are now compared at
// each future expiry too, so the act is refused by the headless agent when it is made.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, type AgentWorld, releaseLog, unlockedWithMine } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

const MINE = 'glpat-MINEXMINEXMINEXMINEX';
const EVIL = 'glpat-EVILXEVILXEVILXEVILX';
const HOST = 'gitlab.example.com';
const EVIL_ENTRY = { name: 'evil', kind: 'other', instance: `https://${HOST}`, scopes: ['api'], expiresAt: null, description: '' };

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
  const gitGets = async () => ((await call('gitCredential', { action: 'get', credential: { protocol: 'https', host: HOST } })).value as { answer: { password: string } | null }).answer?.password ?? null;
  const mine = ((await call('agentFind', { ref: 'mine' })).value as { id: string }).id;
  return { w, call, gitGets, mine };
}

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const changedRows = async (w: AgentWorld) => (await releaseLog(w)).filter((r) => r.purpose === 'changed');

describe('an act whose swap of git\'s token takes effect at a later expiry', () => {
  it("adding a program's token beside the user's that expires tomorrow needs the master password", async () => {
    const { w, call, gitGets, mine } = await headless();
    // Alone, an earlier expiry only leaves git with nothing from tomorrow: allowed, as before.
    expect(await call('tokensUpdate', { id: mine, patch: { expiresAt: tomorrow } })).toMatchObject({ ok: true });
    const add = await call('tokensAdd', { entry: EVIL_ENTRY, secret: EVIL });
    expect(add.error?.code).toBe('NEEDS_PASSWORD');
    expect(add.error?.message).toMatch(new RegExp(`^Adding "evil", which git would then get for https://${HOST} from ${tomorrow} 00:00 UTC on in place of nothing needs the master password`));
    expect(await gitGets()).toBe(MINE);
    expect(await changedRows(w)).toEqual([]);
  });

  it("moving the user's token's expiry to tomorrow beside a program's token needs the master password", async () => {
    const { w, call, gitGets, mine } = await headless();
    // Not asked today: the personal token wins git's tie-break.
    expect(await call('tokensAdd', { entry: EVIL_ENTRY, secret: EVIL })).toMatchObject({ ok: true });
    const move = await call('tokensUpdate', { id: mine, patch: { expiresAt: tomorrow } });
    expect(move.error?.code).toBe('NEEDS_PASSWORD');
    expect(move.error?.message).toMatch(new RegExp(`^Changing "mine", after which git would get "evil" for https://${HOST} from ${tomorrow} 00:00 UTC on in place of "mine" needs the master password`));
    expect(await gitGets()).toBe(MINE);
    expect(((await call('agentFind', { ref: 'mine' })).value as { expiresAt: string | null }).expiresAt).toBeNull();
    expect(await changedRows(w)).toEqual([]);
  });
});
