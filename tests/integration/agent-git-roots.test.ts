// A GitLab under a relative URL root (https://host/gitlab), end to end: the CLI stores the
// instance with its root, real git (credential.useHttpPath) sends protocol, host and path,
// and the agent answers the rooted instance's token — never another root's of the same host.
import { afterEach, describe, expect, it } from 'vitest';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';

const ROOTED = 'glpat-rootedRooted_0123456789';
const OTHER = 'glpat-otherRootOther_012345678';
let world: AgentWorld;

afterEach(() => world?.stop());

const fill = (input: string) => world.git(['-c', 'credential.useHttpPath=true', 'credential', 'fill'], input);

describe('git credential helper and relative URL roots', () => {
  it('https://host/gitlab answers for host + path gitlab/group/proj.git, and https://host/other does not', async () => {
    world = agentWorld();
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'rooted', '--instance', 'https://git.example.com/gitlab/', '--kind', 'personal'], `${PW}\n${ROOTED}\n`, WITH_PASSWORD).status).toBe(0);
    expect(JSON.parse(world.cli(['show', 'rooted', '--json']).stdout).instance).toBe('https://git.example.com/gitlab');

    // Only the rooted instance is stored: a path under another root gets nothing.
    const outside = await fill('protocol=https\nhost=git.example.com\npath=other/group/proj.git\n\n');
    expect(outside.stdout).not.toContain('password=');

    expect(world.cli(['add', 'other', '--instance', 'https://git.example.com/other', '--kind', 'personal'], `${PW}\n${OTHER}\n`, WITH_PASSWORD).status).toBe(0);
    const parts = await fill('protocol=https\nhost=git.example.com\npath=gitlab/group/proj.git\n\n');
    expect(parts.status, parts.stderr).toBe(0);
    expect(parts.stdout).toContain(`password=${ROOTED}\n`);
    // The same, as git splits a clone URL itself.
    const url = await fill('url=https://git.example.com/gitlab/group/sub/proj.git\n\n');
    expect(url.stdout).toContain(`password=${ROOTED}\n`);
    const other = await fill('protocol=https\nhost=git.example.com\npath=other/group/proj.git\n\n');
    expect(other.stdout).toContain(`password=${OTHER}\n`);
    // A root that only starts with "gitlab" is not under it.
    expect((await fill('protocol=https\nhost=git.example.com\npath=gitlabx/proj.git\n\n')).stdout).not.toContain('password=');

    const log = JSON.parse(world.cli(['agent', 'log', '--json']).stdout) as Array<{ entryName: string; command: string }>;
    expect(log.map((r) => r.entryName)).toEqual(['other', 'rooted', 'rooted']);
    expect(log[2]!.command).toMatch(/^git credential for https:\/\/git\.example\.com\/gitlab\/group\/proj\.git /);
  });
});
