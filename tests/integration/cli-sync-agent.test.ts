// `tokenvault sync now|status|devices|forget` through an unlocked agent: a script that relies on
// the agent (no password on standard input) syncs, and the agent — the vault's one writer —
// does the work; a second vault joined from the same folder gets what it sent.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

describe('sync through the agent', () => {
  it('sync now, status and devices take no password while the agent holds the vault unlocked', () => {
    world = agentWorld();
    const folder = tempDir('tv-sync-agent-folder-');
    expect(world.cli(['add', 'ci-token'], `${PW}\nglpat-sync-agent-00000000\n`, WITH_PASSWORD).status).toBe(0);
    const setup = world.cli(['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`, WITH_PASSWORD);
    expect(setup.status, setup.stderr).toBe(0);

    // Without an agent, a script that gives no password is refused rather than prompted.
    expect(world.cli(['sync', 'now']).status).not.toBe(0);

    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    const added = world.cli(['add', 'via-agent'], 'glpat-sync-agent-11111111\n');
    expect(added.status, added.stderr).toBe(0);
    const now = world.cli(['sync', 'now']);
    expect(now.status, now.stderr).toBe(0);
    expect(now.stdout).toMatch(/^Synced with the folder .*: 0 added, 0 changed, 0 removed; \d+ changes? sent\./);

    const status = JSON.parse(world.cli(['sync', 'status', '--json']).stdout);
    expect(status).toEqual({ syncing: true, place: { kind: 'folder', where: folder }, device: { id: expect.any(String), name: 'laptop' }, lastSync: expect.objectContaining({ ok: true }), pending: 0, needsPassword: false, paused: false, refused: [] });

    // A second device joins from the folder: it has what the agent sent.
    const other = path.join(tempDir('tv-sync-agent-b-'), 'b.tokenvault');
    const join = runCli(['--vault', other, 'sync', 'join', '--folder', folder, '--name', 'desktop', '--decryption-time', '100'], `${PW}\n`, { ...world.env, TOKENVAULT_VAULT: other, TOKENVAULT_NO_PASSWORD: '' });
    expect(join.status, join.stderr).toBe(0);
    expect(join.stdout).toMatch(/holds 2 tokens/);

    expect(world.cli(['sync', 'now']).status).toBe(0);
    const devices = JSON.parse(world.cli(['sync', 'devices', '--json']).stdout) as { name: string; thisDevice: boolean; forgotten: boolean }[];
    expect(devices.map((d) => [d.name, d.thisDevice]).sort()).toEqual([['desktop', false], ['laptop', true]]);
    // Forgetting a device takes the master password even beside the agent (agent-lasting-acts.test.ts).
    const forget = world.cli(['sync', 'forget', 'desktop'], `${PW}\n`, WITH_PASSWORD);
    expect(forget.status, forget.stderr).toBe(0);
    expect(forget.stdout).toMatch(/^Forgot device [0-9a-f]{16}: its replica is ignored from now on\./);
    const after = JSON.parse(world.cli(['sync', 'devices', '--json']).stdout) as { name: string; forgotten: boolean }[];
    expect(after.find((d) => d.name === 'desktop')?.forgotten).toBe(true);
    fs.rmSync(path.dirname(other), { recursive: true, force: true });
  }, 300_000);
});
