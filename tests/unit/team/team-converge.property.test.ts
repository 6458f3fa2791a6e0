// Three members change a team vault at random and sync in random orders, every change signed and
// every replica checked before it is merged; at a random moment the manager may remove the third.
// Once the others have synced a few times they hold the same vault, and nothing the removed
// member wrote after the removal reached them.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { inviteCode, newIdentity } from '../../../electron/team/identity';
import { createTeam, inviteMember, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { MemoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/vault-fixture';

/** The in-memory vault with the private blobs a team copy keeps. */
class TeamMemoryVault extends MemoryVault {
  private blobs = new Map<string, Uint8Array>();
  readPrivate(name: 'identity' | 'team_state' | 'team_journal'): Uint8Array | null {
    return this.blobs.get(name) ?? null;
  }
  writePrivate(name: 'identity' | 'team_state' | 'team_journal', blob: Uint8Array): void {
    this.blobs.set(name, blob);
  }
  updatePrivate<T>(name: 'team_journal' | 'team_state', change: (blob: Uint8Array | null) => { blob: Uint8Array | null; result: T }): T {
    const { blob, result } = change(this.readPrivate(name));
    if (blob) this.writePrivate(name, blob);
    return result;
  }
  /** The memory vault journals nothing of its own acts (the real Vault does, in its write transactions); member changes are noted here. */
  noteActivity(): void {}
}

type Action = { kind: 'add'; who: number; n: number } | { kind: 'edit'; who: number; pick: number; n: number } | { kind: 'delete'; who: number; pick: number } | { kind: 'sync'; who: number } | { kind: 'remove-carol' };
const who = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), who, n: fc.nat(20) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('edit' as const), who, pick: fc.nat(5), n: fc.nat(20) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), who, pick: fc.nat(5) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), who }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'remove-carol' as const }), weight: 1 },
);

// Found by CI (seed -465934055): Carol adds a token and syncs, Bob takes it in, and Alice, who
// had not synced, removes Carol. Her cut-off then lay before Carol's token, which Bob kept and
// Alice refused for ever: the copies never agreed again. A removal now takes in first.
const REMOVED_AFTER_BOB_MERGED: Action[] = [
  { kind: 'add', who: 2, n: 0 },
  { kind: 'sync', who: 2 },
  { kind: 'sync', who: 1 },
  { kind: 'remove-carol' },
  { kind: 'edit', who: 0, pick: 0, n: 0 },
  { kind: 'delete', who: 0, pick: 0 },
  { kind: 'edit', who: 0, pick: 0, n: 0 },
];

async function team() {
  const sodium = await loadSodium();
  const dir = tempDir('tv-team-prop-');
  const folder = path.join(dir, 'Shared');
  fs.mkdirSync(folder);
  const place = { kind: 'folder' as const, where: folder };
  const people = ['Alice', 'Bob', 'Carol'].map((name, i) => ({ name, identity: newIdentity(sodium, name), vault: new TeamMemoryVault(path.join(dir, `v${i}`), `00000000-0000-4000-8000-00000000000${i}`) }));
  await createTeam(people[0]!.vault, people[0]!.identity, 'Prop', place, 'a');
  people[0]!.vault.add({ name: 'shared' }, 'glpat-shared');
  for (const p of people.slice(1)) await inviteMember(people[0]!.vault, people[0]!.identity, inviteCode(sodium, p.identity));
  for (const p of people.slice(1)) await joinTeam(p.vault, p.identity, place, p.name);
  return people;
}

describe('a team of three syncing with signatures', () => {
  it('converges whatever they do and in whatever order they sync; a removed member\'s later writes reach nobody', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 6, maxLength: 24 }), async (actions) => {
        const people = await team();
        let carolRemoved = false;
        const afterRemoval = new Set<string>();
        let counter = 0;
        for (const a of actions) {
          if (a.kind === 'remove-carol') {
            if (!carolRemoved) await removeMember(people[0]!.vault, people[0]!.identity, 'Carol');
            carolRemoved = true;
            continue;
          }
          const p = people[a.who]!;
          const list = p.vault.list();
          const target = list.length && 'pick' in a ? list[a.pick % list.length]! : null;
          try {
            if (a.kind === 'add') {
              const e = p.vault.add({ name: `t${a.n}-${++counter}` }, `glpat-${counter}`);
              if (carolRemoved && a.who === 2) afterRemoval.add(e.name);
            } else if (a.kind === 'edit' && target) p.vault.update(target.id, { description: `d${++counter}` });
            else if (a.kind === 'delete' && target) p.vault.remove(target.id);
            else if (a.kind === 'sync') await teamSync(p.vault);
          } catch (error) {
            // The removed member's own sync stops with REMOVED: that is the defined outcome.
            if (!((error as { code?: string }).code === 'REMOVED' && a.who === 2 && carolRemoved) && (error as { code?: string }).code !== 'NAME_TAKEN') throw error;
          }
        }
        const active = carolRemoved ? people.slice(0, 2) : people;
        for (let round = 0; round < 3; round++) for (const p of active) await teamSync(p.vault);
        const views = active.map((p) => p.vault.list().map((e) => ({ ...e, secret: p.vault.readSecret(e.id) })));
        for (const v of views.slice(1)) expect(v).toEqual(views[0]);
        for (const name of afterRemoval) expect(views[0]!.some((e) => e.name === name)).toBe(false);
      }),
      // FC_RUNS / FC_SEED / FC_PATH rerun it longer or replay a failure.
      { numRuns: Number(process.env.FC_RUNS ?? 20), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}), examples: [[REMOVED_AFTER_BOB_MERGED]] },
    );
  }, 600_000);
});
