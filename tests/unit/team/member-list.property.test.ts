// The signed member log under random histories: managers and members (and people who are not in
// the team at all) sign versions on random earlier versions — concurrent changes, back-dated
// ones, changes they had no right to make. Whatever the history and whatever order the files
// are found in, every copy settles on the same list; every version on it was signed by a
// manager of the one before; every version signed by someone else is named as an offence; and
// a copy that pinned a version never loses that version's ancestry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../../electron/vault/sodium';
import { type Identity, memberKey, newIdentity } from '../../../electron/team/identity';
import { type FoundList, resolveChain } from '../../../electron/team/chain';
import { genesis, type ListBody, listHash, nextVersion, type SignedList, teamIdOf } from '../../../electron/team/member-list';

type Step = { signer: number; outsider: boolean; parent: number; op: 'add' | 'remove' | 'promote' | 'demote'; pick: number; role: 'member' | 'manager' };

const step: fc.Arbitrary<Step> = fc.record({
  signer: fc.nat(4),
  /** Mostly a member of the parent signs (manager or not); sometimes anyone at all. */
  outsider: fc.nat(9).map((n) => n < 2),
  parent: fc.nat(),
  op: fc.constantFrom('add', 'remove', 'promote', 'demote'),
  pick: fc.nat(4),
  role: fc.constantFrom('member', 'manager'),
});

function history(sodium: Sodium, people: Identity[], keys: Map<number, Uint8Array>, steps: Step[]) {
  const first = genesis(sodium, people[0]!, 'Prop', keys.get(1)!, new Date(Date.UTC(2030, 0, 1)));
  const teamId = teamIdOf(listHash(sodium, first.body));
  const docs: { signed: SignedList; body: ListBody; hash: string }[] = [{ signed: first, body: JSON.parse(first.body), hash: listHash(sodium, first.body) }];
  steps.forEach((s, i) => {
    const parent = docs[s.parent % docs.length]!;
    const members = parent.body.members.map((m) => people.find((p) => memberKey(sodium, p) === m.key)!);
    if (!members.length) return;
    const signer = s.outsider ? people[s.signer]! : members[s.signer % members.length]!;
    const inList = (p: Identity) => parent.body.members.some((m) => m.key === memberKey(sodium, p));
    const wasRemoved = (p: Identity) => parent.body.removed.some((r) => r.key === memberKey(sodium, p));
    const target = people[s.pick]!;
    const key = memberKey(sodium, target);
    let change: Parameters<typeof nextVersion>[5];
    if (s.op === 'add' && !inList(target) && !wasRemoved(target)) change = { add: { who: target, role: s.role }, keys };
    else if (s.op === 'remove' && inList(target)) change = { remove: { key, devices: {} }, keys };
    else if (s.op === 'promote' && inList(target)) change = { promote: { key, role: 'manager' }, keys };
    else if (s.op === 'demote' && inList(target)) change = { promote: { key, role: 'member' }, keys };
    else return;
    const { signed, newKey } = nextVersion(sodium, signer, teamId, parent.body, parent.hash, change, new Date(Date.UTC(2030, 0, 2 + (i % 5))));
    const body = JSON.parse(signed.body) as ListBody;
    if (newKey) keys.set(body.gen, newKey);
    docs.push({ signed, body, hash: listHash(sodium, signed.body) });
  });
  return { teamId, docs };
}

const found = (docs: { signed: SignedList }[]): FoundList[] => docs.map((d, i) => ({ signed: d.signed, device: `d${i % 3}`, file: `f${i}` }));

describe('the signed member log', () => {
  it('settles the same everywhere, keeps only managers\' changes, names every other one, and keeps a pinned version\'s ancestry', async () => {
    const sodium = await loadSodium();
    const people = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve'].map((n) => newIdentity(sodium, n));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), fc.nat(), fc.nat(), async (steps, seed, pinPick) => {
        const keys = new Map(Array.from({ length: 16 }, (_, g) => [g + 1, sodium.randombytes_buf(32)] as [number, Uint8Array]));
        const { teamId, docs } = history(sodium, people, keys, steps);
        const a = resolveChain(sodium, teamId, found(docs), null);
        const shuffled = [...docs].sort((x, y) => ((listHash(sodium, x.hash + seed) < listHash(sodium, y.hash + seed)) ? -1 : 1));
        const b = resolveChain(sodium, teamId, found(shuffled), null);
        if (a.kind !== 'ok' || b.kind !== 'ok') throw new Error('the first version must always be found');
        expect(b.result.headHash).toBe(a.result.headHash);

        const byHash = new Map(docs.map((d) => [d.hash, d.body]));
        const chain = a.result.chain;
        for (let i = 1; i < chain.length; i++) {
          const parent = chain[i - 1]!.body;
          expect(parent.members.find((m) => m.key === chain[i]!.body.by)?.role).toBe('manager');
        }
        // A version whose signer was not a manager of its (known) parent is an offence, never on any chain.
        for (const d of docs) {
          const parent = d.body.prev ? byHash.get(d.body.prev) : null;
          if (parent && parent.members.find((m) => m.key === d.body.by)?.role !== 'manager') {
            expect(a.result.offences.has(d.hash)).toBe(true);
            expect(chain.some((c) => c.hash === d.hash)).toBe(false);
          }
        }

        // A copy that accepted some version of the chain keeps every version before it.
        const pinned = chain[pinPick % chain.length]!;
        const again = resolveChain(sodium, teamId, found(shuffled), { version: pinned.body.version, hash: pinned.hash });
        if (again.kind !== 'ok') throw new Error('the pinned version is there');
        const ancestry = chain.slice(0, chain.indexOf(pinned)).map((c) => c.hash);
        expect(again.result.chain.slice(0, ancestry.length).map((c) => c.hash)).toEqual(ancestry);
        // Without the pinned version in the place, nothing is accepted.
        if (pinned.body.version > 1) expect(resolveChain(sodium, teamId, found(shuffled.filter((d) => d.hash !== pinned.hash)), { version: pinned.body.version, hash: pinned.hash }).kind).toBe('refused');
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  }, 300_000);
});
