// `tokenvault run` and tokens GitLab will refuse: an expired or revoked token is not handed to
// the command (as the git helper does not hand it to git) unless --allow-expired says so; the
// sentence names the way out, and nothing is released or logged. With and without the agent.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';

let world: AgentWorld;
afterEach(() => world?.stop());

const SECRET = 'glpat-run-expired-0123456789';

async function storeTokens(): Promise<void> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  vault.add({ name: 'old', kind: 'personal', expiresAt: '2020-01-01' }, SECRET);
  const gone = vault.add({ name: 'gone', kind: 'personal' }, `${SECRET}-gone`);
  vault.update(gone.id, { revoked: true });
  vault.add({ name: 'good', kind: 'personal' }, `${SECRET}-good`);
  vault.close();
}

async function releases(): Promise<number> {
  const vault = Vault.open(world.vault);
  await vault.unlock(PW);
  try {
    return vault.releases(100).length;
  } finally {
    vault.close();
  }
}

for (const withAgent of [false, true]) {
  describe(`run with tokens GitLab refuses (${withAgent ? 'agent unlocked' : 'no agent'})`, () => {
    it('refuses an expired or revoked token, naming "tokenvault gitlab rotate"; CMD never runs and nothing is released', async () => {
      world = agentWorld();
      await storeTokens();
      if (withAgent) expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
      const marker = path.join(world.runtime, 'ran');
      const env = withAgent ? {} : WITH_PASSWORD;
      const input = withAgent ? '' : `${PW}\n`;

      const expired = world.cli(['run', '--env', 'T=good', '--env', 'U=old', '--', 'touch', marker], input, env);
      expect(expired.status).toBe(1);
      expect(expired.stderr).toBe('tokenvault: "old" expired on 2020-01-01, so GitLab will refuse it: rotate it with "tokenvault gitlab rotate old --using OTHER" (or pass --allow-expired to hand it over anyway).\n');
      const revoked = world.cli(['run', '--env', 'T=gone', '--', 'touch', marker], input, env);
      expect(revoked.status).toBe(1);
      expect(revoked.stderr).toMatch(/^tokenvault: "gone" is revoked, so GitLab will refuse it, and "tokenvault gitlab rotate gone" cannot bring it back/);
      expect(fs.existsSync(marker)).toBe(false);
      expect(await releases()).toBe(0);

      const allowed = world.cli(['run', '--allow-expired', '--env', 'T=old', '--', 'sh', '-c', 'test "$T" = "$0" && echo same', SECRET], input, env);
      expect(allowed).toMatchObject({ status: 0, stdout: 'same\n' });
      expect(await releases()).toBe(1);
    });
  });
}
