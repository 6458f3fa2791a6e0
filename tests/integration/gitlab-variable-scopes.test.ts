// CI/CD variables defined once per environment scope, as GitLab answers them
// (lib/api/helpers/variables_helpers.rb find_variable, lib/api/ci/variables.rb,
// lib/api/group_variables.rb), and the check Token Vault makes before any rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { parseVariablePlace, planVariables, updateVariables, type VariablePlace } from '../../electron/gitlab/variables';
import { start, type Emulator } from '../gitlab-emulator/server';
import { quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let owner: string;

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  owner = em.issueToken({ username: 'alice', scopes: ['api'] }).secret;
  em.addProject('acme/app', { alice: 40 });
  em.addGroup('acme', { alice: 50 });
  for (const scope of ['production', 'staging']) {
    em.addVariable('project', 'acme/app', 'TWO', `old-${scope}-value`, { environmentScope: scope });
    em.addVariable('group', 'acme', 'GTWO', `old-${scope}-value`, { environmentScope: scope });
  }
  em.addVariable('project', 'acme/app', 'HIDDEN', 'old-hidden-value', { hidden: true, environmentScope: 'production', description: 'kept secret' });
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

const get = (p: string, method = 'GET', body?: unknown) =>
  fetch(`${em.url}/api/v4${p}`, { method, headers: { 'private-token': owner, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
const places = (...raw: string[]) => raw.map((r) => parseVariablePlace(r) as VariablePlace);

describe('the emulator, as GitLab', () => {
  it('a key in two environments: 409 on GET and on a project PUT without filter[environment_scope]', async () => {
    const conflict = { status: 409, body: { message: "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'" } };
    expect(await get('/projects/acme%2Fapp/variables/TWO')).toEqual(conflict);
    expect(await get('/projects/acme%2Fapp/variables/TWO', 'PUT', { value: 'new-value-123' })).toEqual(conflict);
    expect(await get('/groups/acme/variables/GTWO')).toEqual(conflict);
    const one = await get('/projects/acme%2Fapp/variables/TWO?filter[environment_scope]=staging');
    expect(one).toMatchObject({ status: 200, body: { environment_scope: 'staging', value: 'old-staging-value' } });
  });

  it("a group's PUT without a filter updates an arbitrary one of them (kept for compatibility)", async () => {
    const r = await get('/groups/acme/variables/GTWO', 'PUT', { value: 'whichever-123' });
    expect(r.status).toBe(200);
    expect((r.body as { environment_scope: string }).environment_scope).toMatch(/production|staging/);
  });
});

describe('checked before rotating', () => {
  it('a key with two environments and none named: a problem listing both, nothing planned for it', async () => {
    const plan = await planVariables(client, owner, places('acme/app:TWO'));
    expect(plan.targets).toEqual([]);
    expect(plan.problems[0]?.message).toBe('acme/app:TWO: TWO is defined for 2 environments (production, staging); name each one in "where used", like acme/app:TWO@production.');
  });

  it('one of two environments named: refused, naming the other', async () => {
    const plan = await planVariables(client, owner, places('acme/app:TWO@production'));
    expect(plan.problems.map((p) => p.message)).toEqual([
      'acme/app:TWO is also defined for staging, which "where used" does not name; add acme/app:TWO@staging (or remove those variables) so none keeps the old token.',
    ]);
  });

  it('a scope that does not exist is named as such', async () => {
    const plan = await planVariables(client, owner, places('acme/app:TWO@production', 'acme/app:TWO@staging', 'acme/app:TWO@review/*'));
    expect(plan.problems.map((p) => p.message)).toEqual(['acme/app:TWO@review/*: acme/app has no TWO for the environment review/* (it has production, staging).']);
  });

  it('a masked and hidden variable: updated in its scope, still hidden, description kept (masked_and_hidden is never sent)', async () => {
    const plan = await planVariables(client, owner, places('acme/app:HIDDEN'));
    expect(plan.problems).toEqual([]);
    const [report] = await updateVariables(client, owner, plan.targets, 'glpat-new.value_123');
    expect(report?.message).toBe('acme/app:HIDDEN: set to the new token (environment production, masked and hidden, not protected, kept).');
    const stored = [...em.state.variables.values()].find((v) => v.key === 'HIDDEN')!;
    expect(stored).toMatchObject({ value: 'glpat-new.value_123', hidden: true, masked: true, description: 'kept secret' });
  });
});
