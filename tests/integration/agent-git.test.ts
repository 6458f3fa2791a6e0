// Real git, with our credential helper configured, against a local server that wants Basic
// auth like GitLab: the right token for the right repository, a refused token marked as such,
// the per-instance default, and bad helper input refused without an answer.
import { afterEach, describe, expect, it } from 'vitest';
import { readVaultId } from '../../electron/agent/vault-id';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { ADVERTISED_SHA, startGitServer, type GitServer } from '../helpers/git-http-server';

const GOOD = 'glpat-goodGoodGood_0123456789';
const BAD = 'glpat-badBadBadBad_0123456789';
let world: AgentWorld;
let server: GitServer | null = null;

afterEach(async () => {
  world?.stop();
  await server?.close();
  server = null;
});

describe('git credential helper', () => {
  it('git ls-remote gets in with the stored token; a token GitLab refuses is marked "refused", not deleted', async () => {
    world = agentWorld();
    server = await startGitServer();
    server.accept.set('group/project.git', GOOD);
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'good', '--instance', server.url, '--kind', 'personal'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);

    const ok = await world.git(['ls-remote', `${server.url}/group/project.git`]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${ADVERTISED_SHA}\trefs/heads/main`);
    expect(server.seen.at(-1)).toEqual({ path: 'group/project.git', username: 'oauth2', password: GOOD });

    // The same host now holds only a token GitLab does not accept.
    world.cli(['rm', 'good']);
    world.cli(['add', 'stale', '--instance', server.url, '--kind', 'personal'], `${PW}\n${BAD}\n`, WITH_PASSWORD);
    const refused = await world.git(['ls-remote', `${server.url}/group/project.git`]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Authentication failed/);
    const stale = JSON.parse(world.cli(['show', 'stale', '--json']).stdout) as { history: { action: string; note?: string }[] };
    expect(stale.history.at(-1)).toMatchObject({ action: 'refused', note: expect.stringMatching(/^GitLab refused it when git used it for http:\/\/127\.0\.0\.1:\d+/) });
    expect(world.cli(['copy', 'stale', '--stdout']).stdout).toBe(`${BAD}\n`);
  });

  it('with credential.useHttpPath, each project gets its own project token; store never writes what git hands it', async () => {
    world = agentWorld();
    server = await startGitServer();
    server.accept.set('acme/a.git', 'glpat-for-project-a-000000');
    server.accept.set('acme/b.git', 'glpat-for-project-b-000000');
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'a', '--instance', server.url, '--kind', 'project'], `${PW}\nglpat-for-project-a-000000\n`, WITH_PASSWORD);
    world.cli(['add', 'b', '--instance', server.url, '--kind', 'project'], `${PW}\nglpat-for-project-b-000000\n`, WITH_PASSWORD);
    // GitLab's answer to a verify names the project: written here by another process, seen by the agent.
    const vault = Vault.open(world.vault);
    await vault.unlock(PW);
    for (const [name, target] of [['a', 'acme/a'], ['b', 'acme/b']] as const) vault.update(vault.find(name).id, { gitlab: { target } });
    vault.close();

    for (const project of ['a', 'b']) {
      const result = await world.git(['-c', 'credential.useHttpPath=true', 'ls-remote', `${server.url}/acme/${project}.git`]);
      expect(result.status, result.stderr).toBe(0);
      expect(server.seen.at(-1)!.password).toBe(`glpat-for-project-${project}-000000`);
    }

    const before = world.cli(['list', '--json']).stdout;
    const store = world.cli(['git-credential', 'store'], `protocol=http\nhost=${server.url.slice(7)}\nusername=me\npassword=glpat-made-up-by-git\n\n`);
    expect(store).toMatchObject({ status: 0, stdout: '' });
    expect(world.cli(['list', '--json']).stdout).toBe(before);
  });

  it('several tokens for one host: nothing until one is marked the default, then that one', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'first', '--instance', 'https://gitlab.example.com', '--kind', 'project'], `${PW}\nglpat-first-000000000000\n`, WITH_PASSWORD);
    world.cli(['add', 'second', '--instance', 'https://gitlab.example.com', '--kind', 'project'], `${PW}\nglpat-second-00000000000\n`, WITH_PASSWORD);
    const ask = 'protocol=https\nhost=gitlab.example.com\n\n';
    const ambiguous = world.cli(['git-credential', 'get'], ask);
    expect(ambiguous).toMatchObject({ status: 0, stdout: '' });
    expect(ambiguous.stderr).toMatch(/Several tokens could answer for https:\/\/gitlab\.example\.com \(first, second\); mark one with "tokenvault git-credential default NAME"/);
    // Which token git hands out is the person's choice: beside the headless agent it takes the master password (agent-silent-acts.test.ts).
    expect(world.cli(['git-credential', 'default', 'second'], `${PW}\n`, WITH_PASSWORD).stdout).toMatch(/git now gets "second" for https:\/\/gitlab\.example\.com/);
    expect(world.cli(['git-credential', 'get'], ask).stdout).toBe('username=oauth2\npassword=glpat-second-00000000000\n');
  });

  it('bad helper input: one sentence, exit 2, no answer; other protocols and no agent: silence', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'ci', '--instance', 'https://gitlab.example.com'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);
    for (const input of ['garbage\n\n', 'protocol=https\n\n', 'protocol=https\nhost=gitlab.example.com\nbad key=1\n\n', `protocol=https\nhost=${'x'.repeat(200_000)}\n`]) {
      const result = world.cli(['git-credential', 'get'], input);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^tokenvault: [^\n]+\n$/);
    }
    expect(world.cli(['git-credential', 'get'], 'protocol=ssh\nhost=gitlab.example.com\n\n')).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // gitcredentials(7): an operation the helper does not know is ignored silently.
    expect(world.cli(['git-credential', 'bogus'], '')).toMatchObject({ status: 0, stdout: '', stderr: '' });
    world.cli(['lock']);
    expect(world.cli(['git-credential', 'get'], 'protocol=https\nhost=gitlab.example.com\n\n')).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // No vault at all: still silence, so git carries on.
    expect(world.cli(['git-credential', 'get'], 'protocol=https\nhost=gitlab.example.com\n\n', { TOKENVAULT_VAULT: `${world.vault}.missing` })).toMatchObject({ status: 0, stdout: '' });
    expect(await readVaultId(world.vault)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
