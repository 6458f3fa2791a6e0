// The agent's promise as a property: whatever a program on the socket does, act after act (add,
// rename, move an expiry, trash, restore, change scopes or git's default), git's answer for any
// URL (with and without a path, with and without a user name) and the token `run`/`show` get by
// a name never become a token they did not give before — another token, or the program's own
// where there was none — unless the person was asked. Here the person always declines (the app's
// Allow/Deny answering Deny, as the headless agent refuses), so no such change may happen at all.
// The checker asks its own fixed questions, not the agent's list of them, today and in 31 days.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchCredential } from '../../electron/agent/git-match';
import type { Credential } from '../../electron/agent/protocol';
import { agentWorld, type AgentWorld } from '../helpers/agent-env';
import { startAppAgent, type AppAgent } from '../helpers/app-agent-server';
import { raw } from '../helpers/raw-socket';

const FC_RUNS = Number(process.env.FC_RUNS) || 15;

let world: AgentWorld;
let app: AppAgent;
beforeAll(async () => {
  world = agentWorld();
  app = await startAppAgent(world);
}, 120_000);
afterAll(async () => {
  await app?.close();
  world?.stop();
});

const NAMES = ['mine', 'mine2', 'evil', 'mine (old)'];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const tokenFields = fc.record({
  name: fc.constantFrom(...NAMES),
  kind: fc.constantFrom('personal', 'other', 'project'),
  where: fc.constantFrom('a', 'a/group', 'b', null),
  scopes: fc.constantFrom(['api'], [], ['read_api']),
  expiry: fc.constantFrom(null, -1, 30),
});
type TokenFields = typeof tokenFields extends fc.Arbitrary<infer T> ? T : never;

const act = fc.oneof(
  tokenFields.map((t) => ({ op: 'add' as const, t })),
  fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('expiry' as const), pick: fc.nat(), expiry: fc.constantFrom(null, -1, 1, 60) }),
  fc.record({ op: fc.constant('trash' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('scopes' as const), pick: fc.nat(), scopes: fc.constantFrom(['api'], [], ['read_api']) }),
  fc.record({ op: fc.constant('default' as const), pick: fc.nat() }),
);

describe("a program's acts on the socket, in any order", () => {
  it("never hand git or a name another token, or the program's own where there was none, without the person", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(tokenFields, { minLength: 1, maxLength: 4 }), fc.array(act, { minLength: 1, maxLength: 8 }), async (users, acts) => {
        // Each run has hosts and names of its own in the one vault, and a new unlock (the Trash allowance starts again).
        const tag = `r${run++}`;
        await app.services.api.vaultLock({});
        await app.services.api.vaultUnlock({ password: 'agent master password' });
        const host = (where: string) => `gitlab-${where.split('/')[0]}-${tag}.test`;
        const instance = (where: string | null) => (where === null ? null : `https://${host(where)}${where.includes('/') ? '/group' : ''}`);
        const name = (n: string) => `${tag} ${n}`;
        const entry = (t: TokenFields) => ({ name: name(t.name), kind: t.kind, instance: instance(t.where), scopes: [...t.scopes], expiresAt: t.expiry === null ? null : day(t.expiry) });
        let secrets = 0;
        const secret = () => `glpat-${tag}-${String(secrets++).padStart(4, '0')}-abcdefghij`;
        // The person's own tokens, made in the window.
        for (const t of users) await Promise.resolve().then(() => app.services.api.tokensAdd({ entry: entry(t), secret: secret() })).catch(() => undefined);

        const vault = () => app.services.session.unlocked();
        const questions: Credential[] = [];
        for (const h of ['a', 'b'].map(host)) {
          for (const path of [undefined, 'group/proj.git', 'group.git', 'proj.git', 'other/x.git']) {
            for (const username of [undefined, 'oauth2']) questions.push({ protocol: 'https', host: h, ...(path ? { path } : {}), ...(username ? { username } : {}) });
          }
        }
        const answers = () => {
          const v = vault();
          const list = v.list();
          // Asked today and after the 30-day expiries: a swap that takes effect later counts too.
          const git = [new Date(), new Date(Date.now() + 31 * 86_400_000)].flatMap((at) =>
            questions.map((q) => {
              const match = matchCredential(list, v.getSettings().gitDefaults, q, at);
              return match.kind === 'one' ? match.entry.id : null;
            }),
          );
          const names = NAMES.map((n) => {
            try {
              return v.find(name(n)).id;
            } catch {
              return null;
            }
          });
          return { git, names };
        };
        const programs = new Set<string>();
        const everNamed = new Set<string>(NAMES.filter((_, i) => answers().names[i] !== null));
        const call = (method: string, args: unknown) => raw(app.endpoint, app.vaultId, method, args);

        for (const a of acts) {
          const all = vault().listAll().filter((e) => e.name.startsWith(`${tag} `));
          const live = all.filter((e) => e.trashedAt === undefined);
          const trashed = all.filter((e) => e.trashedAt !== undefined);
          const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length]! : null);
          const before = answers();
          const asked = app.questions.length;
          let answer: Awaited<ReturnType<typeof call>> | null = null;
          if (a.op === 'add') {
            answer = await call('tokensAdd', { entry: entry(a.t), secret: secret() });
            if (answer.ok) programs.add((answer.value as { id: string }).id);
          } else if (a.op === 'restore') {
            const target = pick(trashed, a.pick);
            if (target) answer = await call('trashRestore', { id: target.id });
          } else if (a.op === 'default') {
            const target = pick(live.filter((e) => e.instance), a.pick);
            if (target) answer = await call('settingsUpdate', { patch: { gitDefaults: { ...vault().getSettings().gitDefaults, [target.instance!]: target.id } } });
          } else {
            const target = pick(live, a.pick);
            if (!target) continue;
            if (a.op === 'trash') answer = await call('tokensRemove', { id: target.id });
            else if (a.op === 'rename') answer = await call('tokensUpdate', { id: target.id, patch: { name: name(a.name) } });
            else if (a.op === 'expiry') answer = await call('tokensUpdate', { id: target.id, patch: { expiresAt: a.expiry === null ? null : day(a.expiry) } });
            else answer = await call('tokensUpdate', { id: target.id, patch: { scopes: a.scopes } });
          }
          const after = answers();
          const wasAsked = app.questions.length > asked;
          // Declined: refused, and nothing of it done.
          if (wasAsked) expect(answer?.error?.code, JSON.stringify(a)).toBe('ACT_DENIED');
          after.git.forEach((token, i) => {
            const then = before.git[i];
            if (token === null || token === then) return;
            const why = `${JSON.stringify(a)}: git for ${JSON.stringify(questions[i % questions.length])}${i >= questions.length ? ' in 31 days' : ''} went from ${then} to ${token}`;
            expect(then === null && !programs.has(token), why).toBe(true);
          });
          after.names.forEach((token, i) => {
            const then = before.names[i];
            if (token === null || token === then) return;
            const why = `${JSON.stringify(a)}: "${NAMES[i]}" went from ${then} to ${token}`;
            // A name no token had before is the add's own to give; one a token had is not a program's to take.
            expect(then === null && !(programs.has(token) && everNamed.has(NAMES[i]!)), why).toBe(true);
          });
          after.names.forEach((token, i) => token !== null && everNamed.add(NAMES[i]!));
        }
      }),
      { numRuns: FC_RUNS },
    );
  }, 1_800_000);
});
