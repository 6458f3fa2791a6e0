// `tokenvault gitlab verify|rotate|revoke` with the vault unlocked in the headless agent: no
// password, the GitLab call and the vault write happen in the agent (the one process that
// holds the vault), GitLab's refusals still exit 5; with a connection option the command
// opens the vault itself and asks for the password, as before. Real processes and the emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { start, type Emulator } from '../gitlab-emulator/server';

let world: AgentWorld;
let em: Emulator;
const NO_PROXY = { HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };

beforeEach(async () => {
  em = await start();
});
afterEach(async () => {
  world?.stop();
  await em.stop();
});

describe('gitlab commands through the agent', () => {
  it('verify and rotate take no password once unlocked (the agent stores the rotated token); revoke asks for it', async () => {
    world = agentWorld();
    const issued = em.issueToken({ username: 'agent-user', name: 'ci', scopes: ['api'] });
    expect(world.cli(['add', 'ci', '--instance', em.url, '--kind', 'personal', '--scopes', 'api'], `${PW}\n${issued.secret}\n`, WITH_PASSWORD).status).toBe(0);
    expect((await world.cliAsync(['unlock'], `${PW}\n`, NO_PROXY)).status).toBe(0);
    const agentPid = world.agentPid();
    expect(agentPid).not.toBeNull();

    // Never verified: the agent will not be the first to send it to GitLab; the first call needs the password.
    const refused = await world.cliAsync(['gitlab', 'verify', 'ci'], '', NO_PROXY);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`"ci" has never been verified at ${em.url}; the first call there needs the master password`);
    const first = await world.cliAsync(['gitlab', 'verify', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD });
    expect(first.status, first.stderr).toBe(0);

    // Empty standard input: a prompt would fail with "Standard input ended".
    const verify = await world.cliAsync(['gitlab', 'verify', 'ci'], '', NO_PROXY);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('ci: GitLab accepts this token');
    expect(verify.stdout).toContain('owner    agent-user');

    const rotate = await world.cliAsync(['gitlab', 'rotate', 'ci'], '', NO_PROXY);
    expect(rotate.status, rotate.stderr).toBe(0);
    expect(rotate.stdout).toMatch(/^Rotated "ci": the new token is stored/);
    const rotated = await world.cliAsync(['copy', 'ci', '--stdout']);
    const fresh = rotated.stdout.trim();
    expect(fresh).not.toBe(issued.secret);
    expect([...em.state.tokens.values()].find((t) => t.secret === fresh)?.revoked).toBe(false);

    // A revoke cannot be undone: the agent leaves it to the master password (agent-lasting-acts.test.ts).
    const revoke = await world.cliAsync(['gitlab', 'revoke', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD });
    expect(revoke).toMatchObject({ status: 0, stdout: 'Revoked "ci" on GitLab; it no longer works.\n' });
    // GitLab's refusal, through the agent, exits 5 with its sentence.
    const again = await world.cliAsync(['gitlab', 'verify', 'ci'], '', NO_PROXY);
    expect(again.status).toBe(5);
    // (GitLab's lifetime advice may follow the first sentence: gitlab/ adds it for long-lived tokens.)
    expect(again.stderr).toMatch(/^tokenvault: The token was revoked on 127\.0\.0\.1:\d+; it no longer works\./);

    // The agent did the writes: they are in the file, history in order, for a plain unlock too.
    expect(world.agentPid()).toBe(agentPid);
    const vault = Vault.open(world.vault);
    await vault.unlock(PW);
    expect(vault.find('ci').history.map((h) => h.action)).toEqual(['created', 'verified', 'verified', 'rotation-started', 'rotated', 'revoked', 'verified']);
    vault.close();
  });

  it('with a connection option the command opens the vault itself and asks for the password', async () => {
    world = agentWorld();
    const issued = em.issueToken({ username: 'agent-user', name: 'ci', scopes: ['api'] });
    world.cli(['add', 'ci', '--instance', em.url, '--kind', 'personal'], `${PW}\n${issued.secret}\n`, WITH_PASSWORD);
    await world.cliAsync(['unlock'], `${PW}\n`);
    const noPassword = await world.cliAsync(['gitlab', '--timeout', '20', 'verify', 'ci'], '', { ...NO_PROXY, ...WITH_PASSWORD });
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toMatch(/Standard input ended before the master password/);
    const withPassword = await world.cliAsync(['gitlab', '--timeout', '20', 'verify', 'ci'], `${PW}\n`, { ...NO_PROXY, ...WITH_PASSWORD });
    expect(withPassword.status, withPassword.stderr).toBe(0);
    // Unknown names are said the same way through the agent.
    expect(await world.cliAsync(['gitlab', 'rotate', 'nope'], '', NO_PROXY)).toMatchObject({ status: 1, stderr: 'tokenvault: No token named or with id "nope" is in the vault.\n' });
  });
});
