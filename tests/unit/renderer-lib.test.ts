import { describe, expect, it } from 'vitest';
import type { Entry } from '../../electron/api';
import { filterEntries, instancesOf } from '../../renderer/src/lib/filter';
import { purposeById, PURPOSES, scopeWarnings } from '../../renderer/src/lib/scopes';
import { waitAfter } from '../../renderer/src/screens/Unlock';
import { DEFAULT_FILTERS } from '../../renderer/src/store';

const entry = (over: Partial<Entry>): Entry => ({
  id: over.name ?? 'x', name: 'x', kind: 'personal', instance: 'https://gitlab.com', scopes: [], expiresAt: null, description: '', usedIn: [],
  leadDays: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: '2026-01-02T00:00:00Z', lastUsedAt: null,
  revoked: false, gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
  pendingRotation: null, followUp: null, history: [], status: 'active', ...over,
});

const entries = [
  entry({ name: 'ci-clone', scopes: ['read_repository'], expiresAt: '2027-03-01', usedIn: ['backend CI'] }),
  entry({ name: 'Deploy Bot', kind: 'project', instance: 'https://gitlab.example.com', expiresAt: '2026-12-01', status: 'expiring' }),
  entry({ name: 'registry', kind: 'deploy', expiresAt: null, status: 'unknown', lastVerifiedAt: null }),
];

describe('filterEntries', () => {
  const names = (f: Partial<typeof DEFAULT_FILTERS>) => filterEntries(entries, { ...DEFAULT_FILTERS, ...f }).map((e) => e.name);

  it('matches every word, case-insensitively, in name, scopes and where-used', () => {
    expect(names({ query: 'DEPLOY BOT' })).toEqual(['Deploy Bot']);
    expect(names({ query: 'deploy' })).toEqual(['Deploy Bot', 'registry']); // the kind counts too
    expect(names({ query: 'backend ci' })).toEqual(['ci-clone']);
    expect(names({ query: 'read_repo' })).toEqual(['ci-clone']);
    expect(names({ query: 'ci nothing' })).toEqual([]);
  });

  it('filters by instance, kind, status and unverified', () => {
    expect(names({ instance: 'https://gitlab.example.com' })).toEqual(['Deploy Bot']);
    expect(names({ kind: 'deploy' })).toEqual(['registry']);
    expect(names({ status: 'expiring' })).toEqual(['Deploy Bot']);
    expect(names({ status: 'unverified' })).toEqual(['registry']);
  });

  it('sorts by soonest expiry with undated tokens last', () => {
    expect(names({ sort: 'expiry' })).toEqual(['Deploy Bot', 'ci-clone', 'registry']);
  });

  it('finds a token through a typo when nothing matches exactly, and only then', () => {
    const many = [...entries, entry({ name: 'terraform-state' }), entry({ name: 'tenant-admin' }), entry({ name: 'telemetry' })];
    const find = (query: string) => filterEntries(many, { ...DEFAULT_FILTERS, query }).map((e) => e.name);
    expect(find('terafrom')).toEqual(['terraform-state']); // a letter dropped, two swapped
    expect(find('regsitry')).toEqual(['registry']);
    expect(find('te')).toEqual(['terraform-state', 'tenant-admin', 'telemetry']); // an exact match is not widened
    expect(find('zzzzqqq')).toEqual([]);
  });

  it('puts revoked and expired tokens after the ones that work, unless a status is chosen', () => {
    const mixed = [
      entry({ name: 'a-expired', status: 'expired', expiresAt: '2026-01-01' }),
      entry({ name: 'b-active' }),
      entry({ name: 'c-revoked', status: 'revoked', revoked: true }),
      entry({ name: 'd-active' }),
    ];
    const list = (f: Partial<typeof DEFAULT_FILTERS>) => filterEntries(mixed, { ...DEFAULT_FILTERS, ...f }).map((e) => e.name);
    expect(list({})).toEqual(['b-active', 'd-active', 'a-expired', 'c-revoked']);
    expect(list({ sort: 'expiry' })).toEqual(['b-active', 'd-active', 'a-expired', 'c-revoked']);
    expect(list({ status: 'expired' })).toEqual(['a-expired']);
    expect(list({ hideDead: true })).toEqual(['b-active', 'd-active']);
  });

  it('lists each instance once', () => {
    expect(instancesOf(entries)).toEqual(['https://gitlab.com', 'https://gitlab.example.com']);
  });
});

describe('least-privilege scopes', () => {
  it('recommends the narrowest scope for common purposes', () => {
    expect(purposeById('ci-clone')?.scopes).toEqual(['read_repository']);
    expect(purposeById('pull-images')?.scopes).toEqual(['read_registry']);
    expect(purposeById('read-scripts')?.scopes).toEqual(['read_api']);
    expect(PURPOSES.every((p) => p.why.length > 0)).toBe(true);
  });

  it('warns on api, write_* and admin scopes, and on scopes bots cannot have', () => {
    expect(scopeWarnings(['read_repository'], 'personal')).toEqual([]);
    expect(scopeWarnings(['api'], 'personal').join(' ')).toMatch(/narrower scope/);
    expect(scopeWarnings(['write_repository'], 'personal').join(' ')).toMatch(/can change things/);
    expect(scopeWarnings(['read_user'], 'project').join(' ')).toMatch(/cannot have read_user/);
    expect(scopeWarnings(['api', 'read_api'], 'personal').join(' ')).toMatch(/already includes reading/);
  });
});

describe('unlock backoff', () => {
  it('lets three attempts through, then waits longer each time, up to 30 s', () => {
    expect([0, 1, 2].map(waitAfter)).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7, 10].map(waitAfter)).toEqual([2, 4, 8, 16, 30, 30]);
  });
});
