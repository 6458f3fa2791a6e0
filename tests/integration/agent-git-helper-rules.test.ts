// The credential helper as gitcredentials(7) and git's own t/lib-credential.sh expect of a
// helper, driven through real `git credential fill|reject` and `git ls-remote`: a token GitLab
// refused ("erase" with its secret) is not offered again until it is verified or replaced, so
// git reaches its next helper; a token whose GitLab user is unknown does not answer for any
// username= (echoing it back); with useHttpPath a project token answers only for its own
// project; an unknown operation is ignored silently; "%2e%2e" never climbs out of a URL root.
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { startGitServer, type GitServer } from '../helpers/git-http-server';

const GOOD = 'glpat-goodGoodGood_0123456789';
const BAD = 'glpat-badBadBadBad_0123456789';
let world: AgentWorld;
let server: GitServer | null = null;

afterEach(async () => {
  world?.stop();
  await server?.close();
  server = null;
});

/** `git credential fill` with our helper first and a second helper that always answers, as t/lib-credential.sh chains them. */
async function fill(description: string): Promise<{ username?: string; password?: string }> {
  const next = '!f() { test "$1" = get && echo username=next-helper && echo password=from-next-helper; }; f';
  const result = await world.git(['-c', `credential.helper=${next}`, 'credential', 'fill'], `${description}\n\n`);
  expect(result.status, result.stderr).toBe(0);
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
}

async function edit(name: string, patch: Parameters<Vault['update']>[1]): Promise<void> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  vault.update(vault.find(name).id, patch);
  vault.close();
}

describe('the git credential helper, by gitcredentials(7)', () => {
  it('after GitLab refused a token (erase with its secret) it is not offered again for that host until verified or replaced', async () => {
    world = agentWorld();
    server = await startGitServer();
    server.accept.set('group/project.git', GOOD);
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'stale', '--instance', server.url, '--kind', 'personal'], `${PW}\n${BAD}\n`, WITH_PASSWORD);

    const first = await world.git(['ls-remote', `${server.url}/group/project.git`]);
    expect(first.status).not.toBe(0);
    expect(server.seen.filter((s) => s.password === BAD)).toHaveLength(1);
    // Refused once: git now reaches the next helper instead of being handed the same dead token.
    expect(await fill(`url=${server.url}/group/project.git`)).toMatchObject({ username: 'next-helper', password: 'from-next-helper' });
    await world.git(['ls-remote', `${server.url}/group/project.git`]);
    expect(server.seen.filter((s) => s.password === BAD)).toHaveLength(1);

    // An erase naming another secret changes nothing; a GOOD token stored in its place answers at once.
    expect((await world.git(['credential', 'reject'], `url=${server.url}/\nusername=oauth2\npassword=not-ours\n\n`)).status).toBe(0);
    const vault = Vault.open(world.vault);
    await vault.unlock(PW);
    vault.replaceSecret(vault.find('stale').id, GOOD, { lastVerifiedAt: null, gitlab: { active: null } }, { at: new Date().toISOString(), action: 'edited' });
    vault.close();
    expect(await fill(`url=${server.url}/group/project.git`)).toMatchObject({ username: 'oauth2', password: GOOD });
    const ok = await world.git(['ls-remote', `${server.url}/group/project.git`]);
    expect(ok.status, ok.stderr).toBe(0);
  });

  it('a token whose GitLab user is unknown does not answer for an arbitrary username=, and never echoes it', async () => {
    world = agentWorld();
    server = await startGitServer();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'anon', '--instance', server.url, '--kind', 'personal'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);
    expect(await fill(`url=${server.url.replace('://', '://mallory@')}/group/project.git`)).toMatchObject({ password: 'from-next-helper' });
    const host = server.url.replace('http://', '');
    expect(world.cli(['git-credential', 'get'], `protocol=http\nhost=${host}\nusername=mallory\n\n`)).toEqual({ status: 0, stdout: '', stderr: '' });
    // Our own placeholder name, or none at all, still gets it.
    expect(await fill(`url=${server.url.replace('://', '://oauth2@')}/group/project.git`)).toMatchObject({ username: 'oauth2', password: GOOD });
    // Once GitLab named its user, that user gets it, and only that user.
    await edit('anon', { gitlab: { username: 'alice' } });
    expect(await fill(`url=${server.url.replace('://', '://alice@')}/group/project.git`)).toMatchObject({ username: 'alice', password: GOOD });
    expect(await fill(`url=${server.url.replace('://', '://oauth2@')}/group/project.git`)).toMatchObject({ password: 'from-next-helper' });
  });

  it('with useHttpPath a project token answers only for its own project; one whose project is unknown, for none', async () => {
    world = agentWorld();
    server = await startGitServer();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'bot', '--instance', server.url, '--kind', 'project'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);
    const path = (p: string) => `protocol=http\nhost=${server!.url.replace('http://', '')}\npath=${p}`;
    const withPath = async (p: string) => {
      const result = await world.git(['-c', 'credential.useHttpPath=true', '-c', 'credential.helper=!f() { test "$1" = get && echo username=n && echo password=from-next-helper; }; f', 'credential', 'fill'], `${path(p)}\n\n`);
      return result.stdout;
    };
    expect(await withPath('other/project.git')).toContain('password=from-next-helper');
    await edit('bot', { gitlab: { target: '4242' } }); // known by number only: still no path to match
    expect(await withPath('other/project.git')).toContain('password=from-next-helper');
    await edit('bot', { gitlab: { target: 'acme/app' } });
    expect(await withPath('acme/app.git')).toContain(`password=${GOOD}`);
    expect(await withPath('other/project.git')).toContain('password=from-next-helper');
  });

  it('an unknown operation is ignored silently: exit 0, nothing written', () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'x', '--instance', 'https://gitlab.example.com', '--kind', 'personal'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);
    for (const op of ['capability', 'frobnicate']) {
      expect(world.cli(['git-credential', op], 'protocol=https\nhost=gitlab.example.com\n\n'), op).toEqual({ status: 0, stdout: '', stderr: '' });
    }
  });

  it('"%2e%2e" (any case, encoded once or twice) or a backslash under a URL root gets nothing from that root\'s token', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'rooted', '--instance', 'https://example.com/gitlab', '--kind', 'personal'], `${PW}\n${GOOD}\n`, WITH_PASSWORD);
    const ask = (path: string) => world.cli(['git-credential', 'get'], `protocol=https\nhost=example.com\npath=${path}\n\n`).stdout;
    expect(ask('gitlab/group/project.git')).toContain(`password=${GOOD}`);
    for (const path of ['gitlab/%2e%2e/evil/project.git', 'gitlab/%2E%2e/evil/x.git', 'gitlab/%252e%252e/evil/x.git', 'gitlab/../evil/x.git', 'gitlab/.%2E/evil/x.git', 'gitlab%2f..%2fevil/x.git', 'gitlab/..%5cevil/x.git']) {
      expect(ask(path), path).toBe('');
    }
    expect(world.cli(['git-credential', 'get'], 'url=https://example.com/gitlab/%2e%2e/evil/x.git\n\n').stdout).toBe('');
  });
});
