// The red team's oracle: with the agent unlocked, any program of the user's could ask "is this
// the master password?" by offering it as a token to store (tokensAdd on a taken name: a wrong
// guess said NAME_TAKEN, the right one INVALID_INPUT) ~120 times a second, unlogged. Offline, a
// guess costs one Argon2id derivation at the vault's parameters; measured here against that same
// derivation in the same run, never against a constant. The agent is another process on a shared
// machine, so the derivation is timed before and after the guesses (the fastest counts, kindest
// to the attacker) and the bound allows LOAD_SLACK for load moving between the two (at load 12
// on 2 cores the in-process derivation ran 1.8x the agent's); the code before this answered
// 6 guesses in ~130 ms against a 1 s derivation, 50 times under N derivations.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

let world: AgentWorld;
const LOAD_SLACK = 0.25;
afterEach(() => world?.stop());

/** The vault's own derivation, timed in this process: the fastest of a few wrong guesses (the kindest figure for the attacker). */
async function oneDerivationMs(): Promise<number> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  try {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await expect(vault.verifyPassword(`wrong guess ${i}`)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
      best = Math.min(best, performance.now() - start);
    }
    return best;
  } finally {
    vault.close();
  }
}

async function withVault<T>(use: (vault: Vault) => T): Promise<T> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  try {
    return use(vault);
  } finally {
    vault.close();
  }
}

async function unlockedAgent(): Promise<{ endpoint: string; vaultId: string }> {
  world = agentWorld();
  expect(world.cli(['add', 'tok1', '--kind', 'other'], `${PW}\nglpat-existing-0123456789\n`, WITH_PASSWORD).status).toBe(0);
  expect((await world.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
  const target = await agentTarget(world.vault);
  return { endpoint: endpointFor(target, world.env), vaultId: target.vaultId };
}

describe('the agent is no master-password oracle', () => {
  it('tokensAdd on a taken name answers NAME_TAKEN whatever the secret: the slow check is not reached for free', async () => {
    const { endpoint, vaultId } = await unlockedAgent();
    const wrong = await raw(endpoint, vaultId, 'tokensAdd', { entry: { name: 'tok1', kind: 'other' }, secret: 'not the password' });
    const right = await raw(endpoint, vaultId, 'tokensAdd', { entry: { name: 'tok1', kind: 'other' }, secret: PW });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } });
    expect(right).toEqual(wrong);
  });

  it('N parallel guesses on free names take N derivations at the vault\'s parameters; the hit is refused and logged with the peer', async () => {
    const { endpoint, vaultId } = await unlockedAgent();
    const before = await oneDerivationMs();
    const guesses = ['guess 1', 'guess 2', 'guess 3', 'guess 4', 'guess 5', PW];
    const start = performance.now();
    const answers = await Promise.all(guesses.map((secret, i) => raw(endpoint, vaultId, 'tokensAdd', { entry: { name: `g${i}`, kind: 'other' }, secret })));
    const elapsed = performance.now() - start;
    const derivation = Math.min(before, await oneDerivationMs());
    expect(elapsed, `${guesses.length} guesses in ${elapsed.toFixed(0)} ms; one derivation ${derivation.toFixed(0)} ms`).toBeGreaterThanOrEqual(LOAD_SLACK * guesses.length * derivation);

    // A wrong guess is stored as a token (nothing else refused it): every guess leaves a visible row.
    expect(answers.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(answers[5]).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The secret given for "g5" is the vault\'s master password, not a token; nothing was stored.' } });
    const { names, refused } = await withVault((vault) => ({ names: vault.list().map((e) => e.name).sort(), refused: vault.releases(100).filter((r) => r.purpose === 'refused') }));
    expect(names).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'tok1']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ entryName: 'g5', via: 'agent', peerPid: process.pid, peerExe: fs.realpathSync(process.execPath), peerSource: 'kernel' });
    expect(JSON.stringify(refused)).not.toContain(PW);
  });

  it('agentSetIdle with a password guess costs a derivation too (it was another constant-time compare)', async () => {
    const { endpoint, vaultId } = await unlockedAgent();
    const before = await oneDerivationMs();
    const guesses = ['guess 1', 'guess 2', 'guess 3', 'guess 4'];
    const start = performance.now();
    const answers = await Promise.all(guesses.map((password) => raw(endpoint, vaultId, 'agentSetIdle', { minutes: 0, password })));
    const elapsed = performance.now() - start;
    const derivation = Math.min(before, await oneDerivationMs());
    expect(answers.every((a) => a.error?.code === 'IDLE_GUARDED')).toBe(true);
    expect(elapsed, `${guesses.length} guesses in ${elapsed.toFixed(0)} ms; one derivation ${derivation.toFixed(0)} ms`).toBeGreaterThanOrEqual(LOAD_SLACK * guesses.length * derivation);
    expect(await raw(endpoint, vaultId, 'agentSetIdle', { minutes: 0, password: PW })).toMatchObject({ ok: true });
  });

  it('piped add of the master password is still refused, through the agent and with the password typed', async () => {
    await unlockedAgent();
    const viaAgent = world.cli(['--no-password', 'add', 'x', '--kind', 'other'], `${PW}\n`);
    expect(viaAgent.status).toBe(2);
    expect(viaAgent.stderr).toMatch(/"x" is the vault's master password, not a token; nothing was stored\.\n$/);
    const typed = world.cli(['add', 'y'], `${PW}\n${PW}\n`, WITH_PASSWORD);
    expect(typed.status).toBe(2);
    expect(await withVault((vault) => vault.list().map((e) => e.name))).toEqual(['tok1']);
  });
});
