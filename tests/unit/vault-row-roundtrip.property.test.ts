// Property: any overview and secret sealed into a row (schema 7: 12-byte name tag, overview
// format 2, the secret without a stored nonce) open to exactly what went in, field for field;
// and the row's parts opened anywhere else — another row, another version, another vault —
// fail as "damaged". FC_RUNS / FC_SEED / FC_PATH rerun it longer or replay a failure.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveEntryKeys, type EntryKeys, openOverview, openSecret, overviewRow, sealNewSecret, secretTag } from '../../electron/vault/entry-codec';
import { loadSodium, type Sodium } from '../../electron/vault/sodium';
import { paddedLength } from '../../electron/vault/sodium-raw';
import { TOKEN_KINDS } from '../../electron/vault/token-kinds';
import type { EntryOverview, HistoryEvent } from '../../electron/vault/types';

const runs = { numRuns: Number(process.env.FC_RUNS ?? 100), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) };

const text = fc.string({ unit: 'binary', maxLength: 40 });
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;
// Instants as the vault writes them (toISOString) and as imports may carry them (no milliseconds, a date alone).
const instant = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, 'Z'), d.toISOString().slice(0, 10)));
// Row instants are kept in clear as milliseconds: the forms Date.parse gives back.
const rowInstant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, 'Z')));
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const int = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
const actions: HistoryEvent['action'][] = ['created', 'imported', 'edited', 'verified', 'rotated', 'rotation-started', 'rotation-unconfirmed', 'revoked', 'refused'];

const overview: fc.Arbitrary<EntryOverview> = fc
  .record(
    {
      id: fc.uuid(),
      name: text,
      kind: fc.constantFrom(...TOKEN_KINDS),
      instance: fc.option(text),
      scopes: fc.array(text, { maxLength: 5 }),
      expiresAt: fc.option(day),
      description: text,
      usedIn: fc.array(text, { maxLength: 5 }),
      leadDays: fc.option(fc.array(fc.nat(400), { maxLength: 4 })),
      createdAt: rowInstant,
      updatedAt: rowInstant,
      lastVerifiedAt: fc.option(instant),
      lastUsedAt: fc.option(instant),
      revoked: fc.boolean(),
      gitlab: fc.record({
        tokenId: fc.option(int),
        userId: fc.option(int),
        username: fc.option(text),
        target: fc.option(text),
        accessLevel: fc.option(int),
        active: fc.option(fc.boolean()),
        revoked: fc.option(fc.boolean()),
        neverExpires: fc.option(fc.boolean()),
      }),
      pendingRotation: fc.option(
        fc.record(
          { state: fc.constantFrom('pending' as const, 'unconfirmed' as const), startedAt: instant, oldTokenId: fc.option(int), requestedExpiresAt: fc.option(day), gitlabVersion: fc.option(text) },
          { requiredKeys: ['state', 'startedAt', 'oldTokenId', 'requestedExpiresAt'] },
        ),
      ),
      followUp: fc.option(fc.record({ rotatedAt: instant, places: fc.array(fc.record({ place: text, done: fc.boolean() }), { maxLength: 4 }) })),
      // Absent, null and {} all mean "no kind fields" (types.ts): the property draws absent or some.
      facts: fc.record(
        {
          owner: fc.constantFrom('project' as const, 'group' as const, 'instance' as const),
          tags: fc.array(text, { maxLength: 3 }),
          paused: fc.boolean(),
          agentId: int,
          agentName: text,
          hookUrl: text,
          clientId: text,
          managedBy: fc.uuid(),
          rotateEveryDays: fc.nat(1000),
        },
        { requiredKeys: ['owner'] },
      ),
      history: fc.array(fc.record({ at: instant, action: fc.constantFrom(...actions), note: text }, { requiredKeys: ['at', 'action'] }), { maxLength: 6 }),
      trashedAt: instant,
    },
    { requiredKeys: ['id', 'name', 'kind', 'instance', 'scopes', 'expiresAt', 'description', 'usedIn', 'leadDays', 'createdAt', 'updatedAt', 'lastVerifiedAt', 'lastUsedAt', 'revoked', 'gitlab', 'pendingRotation', 'followUp', 'history'] },
  )
  // "Never expires" left unset (rows from before it existed) is read the legacy way, on purpose
  // (overview-codec.ts withNeverExpires): the property covers what this version writes, always set.
  .map((o) => o as EntryOverview);

const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter(wellFormed);

let sodium: Sodium;
let keys: EntryKeys;
let otherKeys: EntryKeys;
const VAULT = '7d3b0c1e-0000-4000-8000-000000000001';

beforeAll(async () => {
  sodium = await loadSodium();
  keys = deriveEntryKeys(sodium, randomBytes(32));
  otherKeys = deriveEntryKeys(sodium, randomBytes(32));
});

function rowFor(o: EntryOverview, s: string) {
  const fresh = sealNewSecret(keys, VAULT, o.id, s);
  const row = overviewRow(sodium, keys, VAULT, o, fresh.version, secretTag(keys, s));
  return { fresh, stored: { id: o.id, name_tag: row.nameTag, overview: row.sealed, created_at: row.createdAt, updated_at: row.updatedAt } };
}

const damaged = (f: () => unknown) => expect(f).toThrow(expect.objectContaining({ code: 'DAMAGED' }));

describe('property: a sealed row opens to exactly what went in, and nowhere else', () => {
  it('every field of the overview and the secret round-trip; the secret blob stores no nonce and fills its 64-byte blocks', () => {
    fc.assert(
      fc.property(overview, secret, (o, s) => {
        const { fresh, stored } = rowFor(o, s);
        const opened = openOverview(sodium, keys, VAULT, stored);
        expect(opened.overview).toEqual(o);
        expect(opened.secretVersion).toBe(fresh.version);
        expect(opened.secretTag).toBe(secretTag(keys, s));
        expect(opened.format1).toBe(false);
        expect(openSecret(sodium, keys, VAULT, o.id, opened.secretVersion, fresh.sealed)).toBe(s);
        expect(stored.name_tag.length).toBe(12);
        expect(fresh.sealed.length).toBe(1 + paddedLength(Buffer.byteLength(s), 64) + 16);
        expect((stored.overview.length - 41) % 256).toBe(0);
      }),
      runs,
    );
  });

  it('a secret or an overview moved to another row, under another version or into another vault does not open', () => {
    fc.assert(
      fc.property(overview, overview, secret, secret, (a, b, sa, sb) => {
        fc.pre(a.id !== b.id);
        const ra = rowFor(a, sa);
        const rb = rowFor(b, sb);
        damaged(() => openSecret(sodium, keys, VAULT, b.id, rb.fresh.version, ra.fresh.sealed));
        damaged(() => openSecret(sodium, keys, VAULT, a.id, rb.fresh.version, ra.fresh.sealed));
        damaged(() => openSecret(sodium, keys, 'another-vault', a.id, ra.fresh.version, ra.fresh.sealed));
        damaged(() => openSecret(sodium, otherKeys, VAULT, a.id, ra.fresh.version, ra.fresh.sealed));
        damaged(() => openOverview(sodium, keys, VAULT, { ...rb.stored, overview: ra.stored.overview }));
        // A flipped byte anywhere in the nonce-less blob.
        const flipped = Uint8Array.from(ra.fresh.sealed);
        const at = flipped.length > 1 ? 1 + ((a.name.length * 7919) % (flipped.length - 1)) : 0;
        flipped[at]! ^= 0x01;
        damaged(() => openSecret(sodium, keys, VAULT, a.id, ra.fresh.version, flipped));
      }),
      runs,
    );
  });
});
