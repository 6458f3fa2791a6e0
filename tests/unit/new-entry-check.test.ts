// validateNewEntry trusts fastNewEntry's answer instead of zod's whenever it gives one: what it
// returns is what the vault stores. So where it answers it must return exactly zod's output (the
// same values, the same keys in the same order), and where zod refuses it must not answer. Held
// to that on the inputs imports make, on every field set to each of many values, and on thousands
// of random mutations. FC_RUNS / FC_SEED / FC_PATH rerun it longer or replay a failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNewEntry } from '../../electron/vault/entry-input';
import { fastNewEntry } from '../../electron/vault/new-entry-check';
import { newEntrySchema } from '../../electron/vault/types';

const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) };

/** fastNewEntry answers only what zod outputs; returns whether it answered. */
function agrees(input: unknown): boolean {
  const fast = fastNewEntry(input);
  if (fast === null) return false;
  const zod = newEntrySchema.safeParse(input);
  const label = JSON.stringify(input)?.slice(0, 300);
  expect(zod.success, label).toBe(true);
  // Same keys in the same order, same values (JSON: the outputs hold nothing JSON cannot say).
  expect(JSON.stringify(fast), label).toBe(JSON.stringify(zod.data));
  return true;
}

const csvRow = { name: 'token-00001', kind: 'personal', instance: 'https://gitlab.com', description: 'Scopes read_api; used by pipeline 1' };
const full = {
  name: '  ci deploy ',
  kind: 'deploy',
  instance: 'gitlab.example.com/-/profile',
  scopes: [' read_repository', 'read_registry '],
  expiresAt: '2027-01-31',
  description: 'for the pipeline',
  usedIn: ['host-1', ' CI variable DEPLOY_TOKEN '],
  leadDays: [30, 7, 0],
  facts: null,
};

const DELETE = Symbol('delete');
const REPLACEMENTS: unknown[] = [
  DELETE, undefined, null, 0, -1, 1.5, 7, 400, 401, 2 ** 53, NaN, Infinity, true, '', ' ', 'x', ' x ', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(200), ` ${'x'.repeat(200)} `,
  'x'.repeat(201), 'x'.repeat(500), 'x'.repeat(501), 'x'.repeat(2000), 'x'.repeat(2001), 'a\u0000b', 'a\u007f', 'a\tb', '\u00a0x\u2028', '2027-01-31', '2027-02-30', '2027-1-1',
  '0000-01-01', '+02027-01-31', 'personal', 'other', 'Personal', 'gitlab.com', 'https://gitlab.com/', 'http://gitlab.com', 'http://127.0.0.1:8080', 'https://user:pw@gitlab.com',
  'ftp://gitlab.com', 'localhost', 'https://intranet', 'gitlab.example.com/api/v4/projects', [], [''], [' '], ['x'], [' x '], ['x', 1], [null], Array(2), Array(10).fill(3), Array(11).fill(3),
  [0, 400], [401], [-1], [1.5], Array(64).fill('s'), Array(65).fill('s'), Array(100).fill('p'), Array(101).fill('p'), ['x'.repeat(64)], ['x'.repeat(65)], {}, { owner: 'project' },
  { rotateEveryDays: 90 }, { tags: [] }, new Date(0), Object.create(null),
];
const FIELDS = ['name', 'kind', 'instance', 'scopes', 'expiresAt', 'description', 'usedIn', 'leadDays', 'facts', 'secret', 'id'];

function withField(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  if (value === DELETE) delete copy[field];
  else copy[field] = value;
  return copy;
}

describe('the fast check of a new entry returns exactly what zod does, or leaves it to zod', () => {
  it('answers the inputs an import makes, and a full form, with zod\'s output', () => {
    expect(agrees(csvRow)).toBe(true);
    expect(agrees({ name: 'x', kind: 'other', instance: null, description: '' })).toBe(true);
    expect(agrees(full)).toBe(true);
    expect(agrees({ name: 'minimal' })).toBe(true);
    expect(fastNewEntry(full)).toMatchObject({ name: 'ci deploy', instance: 'https://gitlab.example.com', scopes: ['read_repository', 'read_registry'], usedIn: ['host-1', 'CI variable DEPLOY_TOKEN'] });
  });

  it('leaves kind facts, other objects and everything zod refuses to zod', () => {
    for (const input of [{ ...full, facts: { owner: 'project' } }, new Date(0), [], null, 'name', { name: '' }, { name: 'a', kind: 'Personal' }, { name: 'a', instance: 'ftp://x.y' }]) {
      expect(fastNewEntry(input)).toBeNull();
    }
    class Form {
      name = 'a';
    }
    expect(fastNewEntry(new Form())).toBeNull();
  });

  it('agrees on every field of three inputs set to each of many values', () => {
    let answered = 0;
    for (const base of [csvRow, full, { name: 'minimal' }]) {
      for (const field of FIELDS) for (const value of REPLACEMENTS) if (agrees(withField(base, field, value))) answered += 1;
    }
    // Not vacuous: many of them were answered here, and so compared with zod.
    expect(answered).toBeGreaterThan(100);
  });

  it('property: random mutations of valid inputs, up to four fields at once', () => {
    let answered = 0;
    let total = 0;
    const change = fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constantFrom(...REPLACEMENTS), fc.string({ maxLength: 12 }), fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 402 })), { maxLength: 4 })));
    fc.assert(
      fc.property(fc.constantFrom<Record<string, unknown>>(csvRow, full, { name: 'minimal' }), fc.array(change, { minLength: 1, maxLength: 4 }), (base, changes) => {
        total += 1;
        if (agrees(changes.reduce((input, [field, value]) => withField(input, field, value), base))) answered += 1;
      }),
      { ...runs, numRuns: runs.numRuns * 10 },
    );
    expect(answered / total).toBeGreaterThan(0.05);
  });

  it('validateNewEntry still words a refusal as zod does', () => {
    expect(() => validateNewEntry({ name: '   ' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'name: A name is needed.' }));
    expect(() => validateNewEntry({ name: 'a', instance: 'ftp://gitlab.com' })).toThrow(/instance: "ftp:\/\/gitlab.com" is not a GitLab address/);
    expect(() => validateNewEntry({ name: 'a', expiresAt: '2027-02-30' })).toThrow(/expiresAt: That date does not exist\./);
  });
});
