// Three devices make random changes and sync in random orders through one folder. Whatever
// happens, once all have synced a few times they hold the same vault, and every change a
// device acknowledged is still there, or was overwritten by a device that had seen it, or is
// kept in history (a conflict note) or as a token of its own (a concurrent rotation).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syncNow } from '../../../electron/sync/engine';
import { FolderPlace } from '../../../electron/sync/place';
import { joinSync, setupSync } from '../../../electron/sync/setup';
import { MemoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/vault-fixture';

const NAMES = ['ci', 'deploy', 'registry', 'CI'];
type Field = 'description' | 'scopes' | 'expiresAt' | 'name';

type Action =
  | { kind: 'add'; dev: number; name: string }
  | { kind: 'edit'; dev: number; pick: number; field: Field; n: number }
  | { kind: 'rotate'; dev: number; pick: number }
  | { kind: 'remove'; dev: number; pick: number }
  | { kind: 'settings'; dev: number; n: number }
  | { kind: 'sync'; dev: number };

const dev = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), dev, name: fc.constantFrom(...NAMES) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('edit' as const), dev, pick: fc.nat(3), field: fc.constantFrom<Field>('description', 'scopes', 'expiresAt', 'name'), n: fc.nat(5) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('rotate' as const), dev, pick: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), dev, pick: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('settings' as const), dev, n: fc.integer({ min: 1, max: 600 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), dev }), weight: 4 },
);

interface Write {
  id: number;
  dev: number;
  entry: string;
  field: Field | 'secret' | 'delete';
  value: unknown;
  knew: Set<number>;
  /** For a rotation: the secret it replaced. */
  replaced?: string;
}

async function devices() {
  const dir = tempDir('tv-prop-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const place = new FolderPlace(folder);
  const vaults = [0, 1, 2].map((i) => new MemoryVault(path.join(dir, `v${i}`), `00000000-0000-4000-8000-00000000000${i}`));
  // Two tokens every device starts with, so edits from the first action on can meet.
  vaults[0]!.add({ name: 'shared-1' }, 'glpat-shared-1');
  vaults[0]!.add({ name: 'shared-2' }, 'glpat-shared-2');
  await setupSync(vaults[0]!, 'pw', place, { kind: 'folder', where: folder }, 'A');
  await syncNow(vaults[0]!, place);
  for (const i of [1, 2]) {
    await joinSync(vaults[i]!, 'pw', place, { kind: 'folder', where: folder }, vaults[0]!.vaultId, 'BC'[i - 1]);
    await syncNow(vaults[i]!, place, { joining: true });
  }
  return { place, vaults, dir };
}

// Found by CI (seed 77681650): B and C rotate shared-1 at once, so C's secret is kept as a
// token of its own; A, having seen that, renames and rotates the kept token. C's secret is then
// gone because A replaced it knowingly — which the oracle must allow, as it allows a deletion.
const ROTATED_KEPT_TOKEN_AGAIN: Action[] = [{"kind":"add","dev":1,"name":"ci"},{"kind":"rotate","dev":1,"pick":1},{"kind":"add","dev":2,"name":"ci"},{"kind":"rotate","dev":2,"pick":1},{"kind":"sync","dev":2},{"kind":"sync","dev":1},{"kind":"sync","dev":0},{"kind":"edit","dev":0,"pick":3,"field":"name","n":0},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"add","dev":0,"name":"ci"},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"sync","dev":0},{"kind":"sync","dev":0},{"kind":"sync","dev":0},{"kind":"rotate","dev":0,"pick":2},{"kind":"sync","dev":0},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0}];
// Found here (seed -1204503142): B sets an expiry A had already set and B had synced; that is
// no change, so A's later concurrent expiry owes it no conflict note.
const SAME_EXPIRY_SET_TWICE: Action[] = [{"kind":"edit","dev":0,"pick":3,"field":"expiresAt","n":2},{"kind":"edit","dev":1,"pick":1,"field":"name","n":0},{"kind":"sync","dev":0},{"kind":"sync","dev":1},{"kind":"edit","dev":1,"pick":0,"field":"expiresAt","n":2},{"kind":"add","dev":0,"name":"ci"},{"kind":"add","dev":0,"name":"ci"},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"sync","dev":1},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"edit","dev":0,"pick":0,"field":"description","n":0},{"kind":"rotate","dev":0,"pick":0},{"kind":"edit","dev":0,"pick":2,"field":"expiresAt","n":0},{"kind":"add","dev":0,"name":"ci"}];

// Found here (seed -1663288246): C sets an expiry to the value it already had, unsynced, while
// A deletes the token. Such an edit changes nothing, so it must not bring the token back: the
// vault now records no edit at all for it.
const NO_OP_EDIT_BESIDE_DELETE: Action[] = [{"kind":"edit","dev":0,"pick":1,"field":"expiresAt","n":2},{"kind":"sync","dev":0},{"kind":"sync","dev":2},{"kind":"edit","dev":2,"pick":1,"field":"expiresAt","n":2},{"kind":"add","dev":1,"name":"ci"},{"kind":"add","dev":1,"name":"ci"},{"kind":"sync","dev":0},{"kind":"rotate","dev":0,"pick":0},{"kind":"remove","dev":0,"pick":1},{"kind":"sync","dev":0},{"kind":"add","dev":0,"name":"ci"}];

const valueText = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => `"${x}"`) : v === null || v === '' ? ['nothing'] : [`"${String(v)}"`]);

describe('three devices syncing through a folder', () => {
  it('converge whatever they do and in whatever order they sync, and lose no acknowledged write', async () => {
    let kept = 0;
    let writesSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40, size: 'max' }), async (actions) => {
        const { place, vaults, dir } = await devices();
        const knowledge = [new Set<number>(), new Set<number>(), new Set<number>()];
        const published = [new Set<number>(), new Set<number>(), new Set<number>()];
        const writes: Write[] = [];
        let counter = 0;
        const record = (d: number, entry: string, field: Write['field'], value: unknown, replaced?: string) => {
          const w: Write = { id: ++counter, dev: d, entry, field, value, knew: new Set(knowledge[d]), replaced };
          writes.push(w);
          knowledge[d]!.add(w.id);
        };
        const sync = async (d: number) => {
          // As the app and `sync now` run it (sync/run.ts): one key, so no device is ever taken for a password race.
          const report = await syncNow(vaults[d]!, place, { keysFromPassword: true });
          // Every file is in the one folder at once: any sync that is not whole (a change taken for missing) is wrong.
          expect(report.problem ?? null, `device ${d}'s sync was not whole`).toBeNull();
          published[d] = new Set(knowledge[d]);
          for (const other of published) for (const w of other) knowledge[d]!.add(w);
        };
        for (const a of actions) {
          const v = vaults[a.dev]!;
          const list = v.list();
          const target = list.length ? list[('pick' in a ? a.pick : 0) % list.length]! : null;
          try {
            if (a.kind === 'add') {
              const secret = `glpat-${++counter}-new`;
              const e = v.add({ name: a.name }, secret);
              record(a.dev, e.id, 'name', e.name);
              record(a.dev, e.id, 'secret', secret);
            } else if (a.kind === 'edit' && target) {
              const value = a.field === 'description' ? `d${++counter}` : a.field === 'scopes' ? [`s${++counter}`] : a.field === 'expiresAt' ? `2030-01-${String(1 + a.n).padStart(2, '0')}` : `${NAMES[a.n % NAMES.length]}-${++counter}`;
              v.update(target.id, { [a.field]: value });
              // Setting the value a field already has changes nothing, so there is no write to keep.
              if (JSON.stringify(target[a.field]) !== JSON.stringify(value)) record(a.dev, target.id, a.field, value);
            } else if (a.kind === 'rotate' && target) {
              const secret = `glpat-${++counter}-rot`;
              const replaced = v.readSecret(target.id);
              v.update(target.id, {}, { at: new Date().toISOString(), action: 'rotated' }, secret);
              record(a.dev, target.id, 'secret', secret, replaced);
            } else if (a.kind === 'remove' && target) {
              const secret = v.readSecret(target.id);
              v.remove(target.id);
              // The secret it held: a kept rotation's token deleted knowingly takes that secret with it.
              record(a.dev, target.id, 'delete', secret);
            } else if (a.kind === 'settings') {
              v.updateSettings({ clipboardClearSeconds: a.n });
            } else if (a.kind === 'sync') {
              await sync(a.dev);
            }
          } catch (error) {
            if ((error as { code?: string }).code !== 'NAME_TAKEN') throw error;
          }
        }
        for (let round = 0; round < 3; round++) for (const d of [0, 1, 2]) await sync(d);

        const views = vaults.map((v) => v.list().map((e) => ({ ...e, secret: v.readSecret(e.id) })));
        expect(views[1]).toEqual(views[0]);
        expect(views[2]).toEqual(views[0]);
        expect(vaults[1]!.getSettings()).toEqual(vaults[0]!.getSettings());
        expect(vaults[2]!.getSettings()).toEqual(vaults[0]!.getSettings());

        const final = new Map(views[0]!.map((e) => [e.id, e]));
        const secrets = new Set(views[0]!.map((e) => e.secret));
        for (const w of writes) {
          const overwritten = writes.some((y) => y !== w && y.entry === w.entry && (y.field === w.field || y.field === 'delete') && y.knew.has(w.id));
          const entry = final.get(w.entry);
          if (w.field === 'delete') {
            // A deletion wins unless an edit it had not seen came: then the token is kept, noted.
            if (entry) expect(writes.some((y) => y.entry === w.entry && y.field !== 'delete' && !w.knew.has(y.id)), `delete ${w.id} lost`).toBe(true);
            continue;
          }
          if (overwritten) continue;
          if (!entry) {
            // Gone: only a deletion that had seen this write may take it.
            expect(writes.some((y) => y.entry === w.entry && y.field === 'delete' && y.knew.has(w.id)), `write ${w.id} (${w.field}) lost with its token`).toBe(true);
            continue;
          }
          if (w.field === 'secret') {
            // A secret may have moved to a token of its own (a concurrent rotation), so what replaced
            // or deleted it knowingly is found by the secret, not by the entry.
            const deletedKnowingly = writes.some((y) => y.field === 'delete' && y.value === w.value && y.knew.has(w.id));
            const rotatedKnowingly = writes.some((y) => y.field === 'secret' && y.replaced === w.value && y.knew.has(w.id));
            expect(secrets.has(w.value as string) || deletedKnowingly || rotatedKnowingly, `secret of write ${w.id} lost`).toBe(true);
            continue;
          }
          const present = JSON.stringify(entry[w.field]) === JSON.stringify(w.value);
          if (!present) kept++;
          const noted = valueText(w.value).every((t) => entry.history.some((h) => h.note?.includes(t)));
          expect(present || noted, `write ${w.id}: ${w.field} = ${JSON.stringify(w.value)} is neither there nor in history`).toBe(true);
        }
        writesSeen += writes.length;
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      // FC_RUNS / FC_SEED / FC_PATH rerun it longer or replay a failure; the examples are
      // counterexamples found before, tried first every time.
      { numRuns: Number(process.env.FC_RUNS ?? 30), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}), examples: [[ROTATED_KEPT_TOKEN_AGAIN], [SAME_EXPIRY_SET_TWICE], [NO_OP_EDIT_BESIDE_DELETE]] },
    );
    // The runs must have made concurrent changes that only history kept, or they proved nothing.
    expect(kept).toBeGreaterThan(5);
    expect(writesSeen).toBeGreaterThan(400);
  }, 600_000);
});
