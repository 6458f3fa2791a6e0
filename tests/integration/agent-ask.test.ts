// "Ask before a secret leaves the vault" and the headless agent, with real processes: the
// agent `tokenvault unlock` starts has no window to ask in, so with the setting on it hands
// the token over without asking (as the README and the Settings screen say), logs it, and
// `unlock` tells the user so. (The app's own question is tested in tests/e2e/released-to-programs.spec.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';

const SECRET = 'glpat-askAskAskAsk_0123456789';
let world: AgentWorld;

afterEach(() => world?.stop());

describe('askBeforeRelease with the headless agent', () => {
  it('on: unlock says the agent cannot ask; copy still answers, and the release is logged', async () => {
    world = agentWorld();
    expect(world.cli(['add', 'ci'], `${PW}\n${SECRET}\n`, WITH_PASSWORD).status).toBe(0);
    const vault = Vault.open(world.vault);
    await vault.unlock(PW);
    vault.updateSettings({ askBeforeRelease: true });
    vault.close();

    const unlock = world.cli(['unlock'], `${PW}\n`);
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(unlock.stdout).toContain('"ask before a secret leaves the vault" is on, but the headless agent has no window to ask in: it hands secrets to git and run without asking');
    expect(world.cli(['copy', 'ci', '--stdout'])).toMatchObject({ status: 0, stdout: `${SECRET}\n` });
    const log = JSON.parse(world.cli(['agent', 'log', '--json']).stdout) as Array<{ entryName: string; via: string; purpose: string }>;
    expect(log).toEqual([expect.objectContaining({ entryName: 'ci', via: 'agent', purpose: 'show' })]);
  });

  it('off (the default): unlock says nothing about asking', () => {
    world = agentWorld();
    const unlock = world.cli(['unlock'], `${PW}\n`);
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(unlock.stdout).not.toContain('ask before');
  });
});
