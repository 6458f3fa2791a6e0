// Offboarding's "Rotate all" with "where used": each exposed token's CI/CD variables are set to
// its new secret, and when GitLab fails half-way — one token's variables cannot be read, another's
// cannot be written — the others still rotate, and the report says exactly what happened to each.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../../electron/gitlab/tokens';
import { GitLabClient } from '../../../electron/gitlab/client';
import { loadSodium } from '../../../electron/vault/sodium';
import { inviteCode } from '../../../electron/team/identity';
import { rotateAll, stillExposed } from '../../../electron/team/offboarding';
import { rotateWithVariables } from '../../../electron/team/rotate-places';
import { createTeam, inviteMember, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { start, type Emulator } from '../../gitlab-emulator/server';
import { variableKey } from '../../gitlab-emulator/variable-routes';
import { teamWorld } from './team-world';

let em: Emulator;
beforeAll(async () => {
  em = await start();
});
afterAll(async () => {
  await em.stop();
});
let world: ReturnType<typeof teamWorld>;
afterEach(() => {
  em.resetFaults();
  world?.close();
});

const variable = (project: string, key: string) => em.state.variables.get(variableKey('project', em.state.findTarget('project', project)!.id, key, '*'))?.value;

describe('rotate all, where used included', () => {
  it('sets each rotated token\'s CI/CD variables; a failure half-way leaves the others rotated and the report true', async () => {
    world = teamWorld('tv-team-vars-');
    const sodium = await loadSodium();
    const [alice, carol] = [await world.person('Alice'), await world.person('Carol')];
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    const issued = ['t1', 't2', 't3'].map((name) => {
      const token = em.issueToken({ username: 'team-bot', name, scopes: ['api'], expiresAt: addDays(isoDay(new Date()), 60), kind: 'personal' });
      em.addProject(`acme/${name}`, { 'team-bot': 40 });
      em.addVariable('project', `acme/${name}`, 'CI_TOKEN', token.secret, { masked: true });
      alice.vault.add({ name, kind: 'personal', instance: em.url, usedIn: [`acme/${name}:CI_TOKEN`] }, token.secret);
      return token;
    });
    await teamSync(alice.vault);
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, carol.identity));
    await joinTeam(carol.vault, carol.identity, world.place, 'carol-laptop');
    await removeMember(alice.vault, alice.identity, 'Carol');

    // Half-way: t2's variables cannot be read (so t2 must not rotate); t3's cannot be written (after its rotation).
    em.faults.failPath = { method: 'GET', path: /\/projects\/acme%2Ft2\/variables/, count: 50 };
    const id = (name: string) => alice.vault.list().find((e) => e.name === name)!.id;
    let t3Write = false;
    const progress: string[] = [];
    const outcomes = await rotateAll(
      stillExposed(sodium, needTeam(alice.vault), alice.vault),
      (i) => alice.vault.get(i).instance,
      async (i) => {
        if (alice.vault.get(i).name === 't3' && !t3Write) {
          t3Write = true;
          em.faults.failPath = { method: 'PUT', path: /\/projects\/acme%2Ft3\/variables\/CI_TOKEN$/, count: 50 };
        }
        return rotateWithVariables(alice.vault, new GitLabClient({ instance: em.url, env: {}, timeoutMs: 5_000, retries: 0 }), i);
      },
      (done, total, last) => progress.push(`${done}/${total} ${last.name} ${last.rotated}`),
    );
    expect(progress).toEqual(['1/3 t1 true', '2/3 t2 false', '3/3 t3 true']);
    const [o1, o2, o3] = outcomes;
    // t1: rotated, its variable holds the new secret.
    expect(o1!.message).toMatch(/^Rotated "t1".* CI\/CD variable acme\/t1:CI_TOKEN set to it\.$/);
    expect(variable('acme/t1', 'CI_TOKEN')).toBe(alice.vault.readSecret(id('t1')));
    expect(alice.vault.readSecret(id('t1'))).not.toBe(issued[0]!.secret);
    // t2: not rotated, and its variable still holds the secret stored (which still works).
    expect(o2).toMatchObject({ rotated: false, message: expect.stringMatching(/^Not rotated: 1 of 1 CI\/CD variable in "where used" cannot be updated \(acme\/t2:CI_TOKEN: cannot be updated — /) });
    expect(alice.vault.readSecret(id('t2'))).toBe(issued[1]!.secret);
    expect(variable('acme/t2', 'CI_TOKEN')).toBe(issued[1]!.secret);
    // t3: rotated, but its variable was not set: the report says so, and the variable still has the old token.
    expect(o3).toMatchObject({ rotated: true, message: expect.stringMatching(/^Rotated "t3".* 0 of 1 CI\/CD variables set to it; NOT set: acme\/t3:CI_TOKEN.* \(set it by hand: the old token no longer works\)\.$/) });
    expect(alice.vault.readSecret(id('t3'))).not.toBe(issued[2]!.secret);
    expect(variable('acme/t3', 'CI_TOKEN')).toBe(issued[2]!.secret);
    // Still exposed: only t2, whose secret Carol saw is unchanged.
    expect(stillExposed(sodium, needTeam(alice.vault), alice.vault).map((e) => e.name)).toEqual(['t2']);
    for (const o of outcomes) for (const t of issued) expect(o.message).not.toContain(t.secret);
  }, 120_000);
});
