// Text a program on the socket chose reaches the person's terminal: a description it may set
// unasked, the "for what" of a release it asked for. Raw, its control characters are commands to
// the terminal — ESC [8m hides the rest of the line (the release log's "ran:" and pid), CR and
// ESC [2K overwrite it, OSC 0 sets the window title, OSC 52 writes the clipboard in some
// terminals. The CLI's human text shows them as visible escapes instead; --json keeps them as
// they are (JSON escapes them itself).
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, unlockedWithMine, type AgentWorld } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

let world: AgentWorld;
afterEach(() => world?.stop());

const HOSTILE = 'fine\r\u001b[2K\u001b[1Aalso fine\u001b[8m\u001b]0;pwned\u0007\u009b2J\u007f';
/** Any byte a terminal acts on: C0 but tab and newline, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("a program's text on the person's terminal", () => {
  it('show and agent log print its control characters as visible escapes, and --json keeps the text', async () => {
    world = agentWorld();
    await unlockedWithMine(world, 'glpat-escapes-mine-000001');
    const target = await agentTarget(world.vault);
    const endpoint = endpointFor(target, world.env);
    const id = (JSON.parse(world.cli(['show', 'mine', '--json']).stdout) as { id: string }).id;
    expect(await raw(endpoint, target.vaultId, 'tokensUpdate', { id, patch: { description: HOSTILE } })).toMatchObject({ ok: true });
    expect(await raw(endpoint, target.vaultId, 'agentRelease', { ref: 'mine', purpose: 'copy', command: HOSTILE })).toMatchObject({ ok: true });

    const show = world.cli(['show', 'mine']);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).not.toMatch(CONTROL);
    expect(show.stdout).toContain('fine\\r\\u001b[2K\\u001b[1Aalso fine\\u001b[8m\\u001b]0;pwned\\u0007\\u009b2J\\u007f');

    const log = world.cli(['agent', 'log']);
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).not.toMatch(CONTROL);
    expect(log.stdout).toMatch(/also fine\\u001b\[8m.*ran: /);

    expect((JSON.parse(world.cli(['show', 'mine', '--json']).stdout) as { description: string }).description).toBe(HOSTILE);
  });
});
