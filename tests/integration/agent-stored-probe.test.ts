// A program on the agent's socket guesses a token and asks the vault to store it: the answer
// "already stored" says the guess is a token the user holds. It is the same test git-credential
// `erase` is limited against, so it must not be a silent one: each such answer is in the release
// log with the asking process, and it hands the program no id to act on.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, WITH_PASSWORD, releaseLog, type AgentWorld } from '../helpers/agent-env';
import { raw } from '../helpers/raw-socket';

const SECRET = 'glpat-probed-0123456789abcdef';
let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

describe('"is this token stored?" asked on the socket', () => {
  it('answers without the holder\'s id and leaves a refused row naming the asking process, each time it is asked', async () => {
    const w = agentWorld();
    world = w;
    for (const [name, secret] of [['ci', SECRET], ['mine', 'glpat-other-0123456789abcdefg']] as const) {
      const added = w.cli(['add', name, '--instance', 'https://gitlab.example.com', '--kind', 'personal'], `${PW}\n${secret}\n`, WITH_PASSWORD);
      expect(added.status, added.stderr).toBe(0);
    }
    expect((await w.cliAsync(['unlock'], `${PW}\n`)).status).toBe(0);
    const target = await agentTarget(w.vault);
    const endpoint = endpointFor(target, w.env);

    const probe = await raw(endpoint, target.vaultId, 'tokensAdd', { entry: { name: 'guess' }, secret: SECRET });
    expect(probe).toEqual({ ok: false, error: { code: 'ALREADY_STORED', message: 'That token is already stored as "ci"; nothing was stored.' } });
    const again = await raw(endpoint, target.vaultId, 'tokensAdd', { entry: { name: 'guess', instance: 'https://gitlab.example.com' }, secret: ` ${SECRET} ` });
    expect(again).toEqual(probe);

    const log = await releaseLog(w);
    expect(log.map((r) => [r.purpose, r.entryName, r.command, r.via, r.peerPid])).toEqual([
      ['refused', 'ci', 'A secret the vault already holds was sent to be stored (tokensAdd) and refused: the answer says it is stored.', 'agent', process.pid],
      ['refused', 'ci', 'A secret the vault already holds was sent to be stored (tokensAdd) and refused: the answer says it is stored.', 'agent', process.pid],
    ]);
    expect(log.every((r) => r.peerSource === 'kernel')).toBe(true);

    // The person's own `add` through the agent still says which token holds it (README's sentence).
    const typed = await w.cliAsync(['add', 'again'], `${SECRET}\n`);
    expect(typed.status).toBe(1);
    expect(typed.stderr).toContain('That token is already stored as "ci"; nothing was stored.');
  });
});
