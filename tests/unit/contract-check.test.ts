// dispatch trusts contract-check's yes instead of zod's for the results it compiles: a yes zod
// would not give could let a stray field (a secret) or an out-of-contract value reach the
// window. So the fast check must agree with zod exactly — on valid entries, on every field
// made wrong in each way we can think of, and on thousands of random mutations of them.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { entrySchema, methods } from '../../electron/api';
import { fastAccept } from '../../electron/contract-check';

const full = {
  id: '0123456789abcdef0123456789abcdef',
  name: 'ci deploy',
  kind: 'deploy',
  instance: 'https://gitlab.example.com',
  scopes: ['read_repository', 'read_registry'],
  expiresAt: '2027-01-31',
  description: 'for the pipeline',
  usedIn: ['host-1', 'CI variable DEPLOY_TOKEN'],
  leadDays: [30, 7, 0],
  facts: { owner: 'project', tags: ['a'], paused: false, agentId: 4, agentName: 'agent', hookUrl: 'https://h', clientId: 'c', managedBy: 'terraform', rotateEveryDays: 90 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  lastVerifiedAt: '2026-02-01T00:00:00.000Z',
  lastUsedAt: null,
  revoked: false,
  gitlab: { tokenId: 12, userId: 3, username: 'bot', target: 'group/project', accessLevel: 30, active: true, revoked: false },
  pendingRotation: { state: 'pending', startedAt: '2026-02-01T00:00:00.000Z', oldTokenId: 11, requestedExpiresAt: '2027-01-31', gitlabVersion: '17.0.0' },
  followUp: { rotatedAt: '2026-02-01T00:00:00.000Z', places: [{ place: 'host-1', done: true }] },
  history: [{ at: '2026-01-01T00:00:00.000Z', action: 'created' }, { at: '2026-02-01T00:00:00.000Z', action: 'rotated', note: 'by hand' }],
  status: 'active',
};
const plain = {
  ...full,
  instance: null,
  scopes: [],
  expiresAt: null,
  usedIn: [],
  leadDays: null,
  facts: undefined,
  lastVerifiedAt: null,
  gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
  pendingRotation: null,
  followUp: null,
  history: [],
};
delete (plain as Record<string, unknown>).facts;

const clone = <T>(v: T): T => structuredClone(v);
const fast = fastAccept(entrySchema)!;
const agree = (value: unknown, schema: z.ZodType = entrySchema, check = fast) => expect(check(value), JSON.stringify(value)?.slice(0, 300)).toBe(schema.safeParse(value).success);

/** Every path to a value inside `v` (object keys and array indices). */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (value === DELETE) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return copy;
}
const DELETE = Symbol('delete');
const REPLACEMENTS: unknown[] = [
  DELETE, undefined, null, 0, -1, 1.5, 401, 2 ** 53, NaN, Infinity, -Infinity, true, false, '', 'x', 'x'.repeat(41), 'x'.repeat(256), 'x'.repeat(2001), '2027-1-1', '2027-01-31',
  'pending', 'created', 'project', 'deploy', 'active', [], [''], ['x'], Array(101).fill('h'), Array(11).fill(1), {}, { place: 'p', done: true }, { secret: 'glpat-x' }, new Date(0),
];

describe('the fast contract check says yes exactly when zod does', () => {
  it('compiles the entry and the token list (the answers that were slow)', () => {
    expect(fast).not.toBeNull();
    expect(fastAccept(methods.tokensList.result)).not.toBeNull();
  });

  it('on valid entries, full and plain', () => {
    expect(fast(full)).toBe(true);
    expect(fast(plain)).toBe(true);
    agree(full);
    agree(plain);
  });

  it('on a stray field anywhere, a secret included', () => {
    for (const path of paths(full)) {
      const at = path.length === 0 ? full : path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], full);
      if (at === null || typeof at !== 'object' || Array.isArray(at)) continue;
      const stray = setAt(full, [...path, 'secret'], 'glpat-leaked');
      expect(fast(stray), path.join('.')).toBe(false);
      agree(stray);
    }
    const own = JSON.parse('{"__proto__": {"secret": "x"}}') as object;
    agree({ ...full, ...own });
    agree(Object.assign(Object.create({ inherited: 'x' }), full));
  });

  it('on every field set to every wrong (and right) value we list', () => {
    for (const base of [full, plain]) for (const path of paths(base)) for (const value of REPLACEMENTS) agree(setAt(base, path, value));
  });

  it('on 2,000 random mutations (one to three fields at a time)', () => {
    let seed = 25;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    for (let i = 0; i < 2000; i++) {
      let value: unknown = random() < 0.5 ? full : plain;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) value = setAt(value, pick(paths(value)), pick(REPLACEMENTS));
      agree(value);
    }
  });

  it('on the list: its bound, and one bad entry among good ones', () => {
    const list = methods.tokensList.result;
    const check = fastAccept(list)!;
    agree([full, plain], list, check);
    agree([], list, check);
    agree([full, { ...plain, status: 'gone' }], list, check);
    agree([full, { ...plain, extra: 1 }], list, check);
    agree({ 0: full, length: 1 }, list, check);
  });

  it('leaves what it cannot mirror to zod: a stripping object compiles to null', () => {
    const compiledNot = (Object.keys(methods) as (keyof typeof methods)[]).filter((m) => fastAccept(methods[m].result) === null);
    expect(compiledNot.length).toBeGreaterThan(0);
  });
});
