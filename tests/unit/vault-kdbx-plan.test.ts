// From KeePass records to vault entries: which are taken, how names are made unique, what the
// URL, dates, username, notes and group become, and what the preview says. Pure; the real
// .kdbx files are read in tests/integration/kdbx-import.test.ts.
import { describe, expect, it } from 'vitest';
import { isGitLabUrl, isTokenLike, planKdbxImport } from '../../electron/vault/kdbx-import';
import type { KdbxRecord } from '../../electron/vault/kdbx-reader';
import { summariseImport } from '../../electron/vault/import-summary';

const INFO = { version: 'KDBX 4.0', cipher: 'ChaCha20', kdf: 'Argon2d' };
const NOW = new Date('2026-06-01T12:00:00Z');

// Each record its own token unless a test says otherwise: one token is taken once (planKdbxImport).
let drawn = 0;
function record(overrides: Partial<KdbxRecord>): KdbxRecord {
  drawn += 1;
  return {
    title: 't', userName: '', password: `glpat-x${drawn}`, url: '', notes: '', groupPath: [], createdAt: null, expiresAt: null,
    attachments: 0, historyVersions: 0, otherFields: 0, inRecycleBin: false, inTemplates: false, ...overrides,
  };
}

describe('planKdbxImport', () => {
  it('maps title, password, URL, username, notes, group, expiry and creation time', () => {
    const { items } = planKdbxImport(INFO, [
      record({
        title: ' ci-clone ', password: ' glpat-abc \n', url: 'https://gitlab.example.com/gitlab/-/user_settings/personal_access_tokens',
        userName: 'deploy-bot', notes: 'Used by the build', groupPath: ['GitLab', 'CI'],
        createdAt: new Date('2025-02-03T04:05:06Z'), expiresAt: new Date('2027-02-28T22:00:00Z'),
      }),
    ], { now: NOW });
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      secret: 'glpat-abc',
      gitlab: true,
      createdAt: '2025-02-03T04:05:06.000Z',
      input: {
        name: 'ci-clone',
        kind: 'personal',
        instance: 'https://gitlab.example.com/gitlab',
        // 22:00 UTC on the 28th: the token's date is the UTC day, never later than KeePass says.
        expiresAt: '2027-02-28',
        description: expect.stringContaining('Used by the build\nUsername: deploy-bot'),
      },
    });
    expect(items[0]!.input.description).toMatch(/KeePass group: GitLab\/CI$/);
  });

  it('leaves the user name and password of a URL out of everything stored, and says so', () => {
    const { items } = planKdbxImport(INFO, [record({ url: 'https://oauth2:glpat-LEAKLEAKLEAK0001@gitlab.example.com/-/profile' })], { now: NOW });
    expect(JSON.stringify(items)).not.toContain('LEAK');
    expect(items[0]!.input).toMatchObject({ instance: 'https://gitlab.example.com', description: 'URL: https://gitlab.example.com/-/profile (a user name and password in it were left out)' });
  });

  it('leaves out a URL with an "@" that does not parse, and credentials in title, user name and notes; the preview says where, never what', () => {
    const { items, preview } = planKdbxImport(INFO, [
      record({ title: 'a', url: 'https://oauth2:glpat-LEAKLEAKLEAK0002@gitlab.example.com:99999/x', groupPath: ['CI'] }),
      record({ title: 'https://oauth2:glpat-LEAKLEAKLEAK0003@gitlab.example.com', userName: 'https://u:LEAK4@x.example', notes: 'clone https://oauth2:LEAK5/x@gitlab.example.com/g.git', url: 'https:/oauth2:LEAK6@gitlab.example.com/-/x' }),
    ], { now: NOW });
    expect(JSON.stringify({ items, preview })).not.toContain('LEAK');
    expect(items[0]!.input).toMatchObject({ instance: null, description: 'KeePass group: CI' });
    expect(items[0]!.urlNotes).toEqual([expect.stringMatching(/^"a" \(CI\), URL left out: it has an "@" but does not parse as a URL/)]);
    expect(items[1]!.input).toMatchObject({
      name: 'https://gitlab.example.com', instance: 'https://gitlab.example.com',
      description: 'clone (a URL was left out)\nUsername: https://x.example\nURL: https://gitlab.example.com/-/x (a user name and password in it were left out)',
    });
    expect(items[1]!.urlNotes).toEqual([
      '"https://gitlab.example.com", URL: a user name and password in it were left out',
      '"https://gitlab.example.com", UserName: a user name and password in a URL in it were left out',
      '"https://gitlab.example.com", Title: a user name and password in a URL in it were left out',
      expect.stringMatching(/^"https:\/\/gitlab.example.com", Notes: a URL in it was left out/),
    ]);
    const lines = summariseImport({ format: 'kdbx', importing: 2, clashes: [], kdbx: preview, urlNotes: items.flatMap((i) => i.urlNotes ?? []) });
    expect(lines).toContain('"https://gitlab.example.com", URL: a user name and password in it were left out.');
  });

  it('keeps the written URL in the description when the instance does not say it all', () => {
    const { items } = planKdbxImport(INFO, [record({ url: 'https://gitlab.com/group/project' }), record({ title: 'u', url: 'https://gitlab.example.com/' })], { now: NOW });
    expect(items[0]!.input).toMatchObject({ instance: 'https://gitlab.com', description: 'URL: https://gitlab.com/group/project' });
    expect(items[1]!.input).toMatchObject({ instance: 'https://gitlab.example.com', description: '' });
  });

  it('takes only token-like entries unless all, and counts each kind', () => {
    const records = [
      record({ title: 'pat', password: 'glpat-1' }),
      record({ title: 'runner', password: 'glrt-2' }),
      record({ title: 'by-url', password: 'opaque', url: 'https://gitlab.internal.example' }),
      record({ title: 'bank', password: 'hunter2', url: 'https://bank.example' }),
      record({ title: 'wifi', password: 'hunter3' }),
    ];
    const some = planKdbxImport(INFO, records, { now: NOW });
    expect(some.items.map((i) => i.input.name)).toEqual(['pat', 'runner', 'by-url']);
    expect(some.preview).toMatchObject({ entries: 5, tokenLike: 3, others: 2, othersIncluded: false, importing: 3 });
    const all = planKdbxImport(INFO, records, { all: true, now: NOW });
    expect(all.items.map((i) => i.input.name)).toEqual(['pat', 'runner', 'by-url', 'bank', 'wifi']);
    // Another site's URL never becomes a GitLab instance; it stays in the description.
    expect(all.items[3]!.input).toMatchObject({ kind: 'other', instance: null, description: 'URL: https://bank.example' });
  });

  it('makes names unique against the vault and earlier entries, case-insensitively, and says which', () => {
    const { items, preview } = planKdbxImport(INFO, [
      record({ title: 'ci', groupPath: ['A'] }),
      record({ title: 'CI', groupPath: ['B'] }),
      record({ title: 'ci (2)', groupPath: ['C'] }),
      record({ title: '' }),
      record({ title: 'x'.repeat(250) }),
      record({ title: 'x'.repeat(250) }),
    ], { takenNames: ['Ci'], now: NOW });
    expect(items.map((i) => i.input.name)).toEqual(['ci (2)', 'CI (3)', 'ci (2) (2)', '(untitled)', 'x'.repeat(200), `${'x'.repeat(196)} (2)`]);
    expect(preview.renamed.slice(0, 3)).toEqual([
      { from: 'ci', to: 'ci (2)', group: 'A' },
      { from: 'CI', to: 'CI (3)', group: 'B' },
      { from: 'ci (2)', to: 'ci (2) (2)', group: 'C' },
    ]);
  });

  it('skips what the vault already holds with the same secret instead of renaming it (an import run again)', () => {
    const held = new Map([['ci', 'glpat-same']]);
    const { items, preview } = planKdbxImport(INFO, [record({ title: 'ci', password: 'glpat-same' }), record({ title: 'ci', password: 'glpat-other', groupPath: ['B'] })], {
      takenNames: ['ci'], alreadyStored: (title, secret) => held.get(title) === secret, now: NOW,
    });
    expect(items.map((i) => i.input.name)).toEqual(['ci (2)']);
    expect(preview.skipped).toEqual([{ name: 'ci', group: '', reason: 'already in the vault with the same secret' }]);
  });

  it('takes a token once: a later entry with the same password is skipped and said so', () => {
    const { items, preview } = planKdbxImport(INFO, [record({ title: 'first', password: 'glpat-twice' }), record({ title: 'again', password: 'glpat-twice', groupPath: ['B'] })], { now: NOW });
    expect(items.map((i) => i.input.name)).toEqual(['first']);
    expect(preview.skipped).toEqual([{ name: 'again', group: 'B', reason: 'the same password as an entry taken before it' }]);
    expect(summariseImport({ format: 'kdbx', importing: items.length, clashes: [], kdbx: preview })).toContain('Skipped 1 entry with the same password as an entry taken before it: "again" (B).');
  });

  it('skips the recycle bin, templates, entries without a password and oversized secrets, and counts what is not imported', () => {
    const { items, preview } = planKdbxImport(INFO, [
      record({ title: 'kept', attachments: 2, historyVersions: 3, otherFields: 1 }),
      record({ title: 'deleted', inRecycleBin: true }),
      record({ title: 'template', inTemplates: true }),
      record({ title: 'empty', password: '  ', url: 'https://gitlab.com', groupPath: ['G'] }),
      record({ title: 'huge', password: `glpat-${'a'.repeat(70_000)}` }),
    ], { now: NOW });
    expect(items.map((i) => i.input.name)).toEqual(['kept']);
    expect(preview).toMatchObject({
      recycleBin: 1, templates: 1, historyVersions: 3, attachments: 2, withOtherFields: 1,
      skipped: [{ name: 'empty', group: 'G', reason: 'no password' }, { name: 'huge', group: '', reason: 'password over 64 KiB' }],
    });
  });

  it('ignores a creation time in the future and control characters in titles', () => {
    const { items } = planKdbxImport(INFO, [record({ title: 'a\tb\u0000c', createdAt: new Date('2030-01-01T00:00:00Z') })], { now: NOW });
    expect(items[0]).toEqual({ input: expect.objectContaining({ name: 'a b c' }), secret: expect.stringMatching(/^glpat-x\d+$/), gitlab: true });
  });

  it('fits notes, username, URL and group into the description limit, notes cut first', () => {
    const { items } = planKdbxImport(INFO, [record({ notes: 'n'.repeat(5000), userName: 'me', groupPath: ['G'] })], { now: NOW });
    const description = items[0]!.input.description!;
    expect(description).toHaveLength(2000);
    expect(description.endsWith('\nUsername: me\nKeePass group: G')).toBe(true);
  });
});

describe('URL rules', () => {
  it.each([
    // A page under "/-/" or the API keeps the relative URL root before it; any other page (most
    // often a project) stands for its host, as for CSV imports (types.instanceOfPage).
    ['https://host.example/gitlab/-/profile/personal_access_tokens', 'https://host.example/gitlab'],
    ['https://gitlab.example.com/gitlab', 'https://gitlab.example.com'],
    ['https://gitlab.com/some/project', 'https://gitlab.com'],
    ['http://bank.example', null],
  ])('a token whose URL is %s gets instance %s', (url, instance) => {
    expect(planKdbxImport(INFO, [record({ url })], { now: NOW }).items[0]!.input.instance).toBe(instance);
  });

  it('recognises GitLab URLs by host name or by its /-/ routes', () => {
    expect(isGitLabUrl('https://gitlab.com')).toBe(true);
    expect(isGitLabUrl('https://my-gitlab.corp.example')).toBe(true);
    expect(isGitLabUrl('https://git.corp.example/-/user_settings/personal_access_tokens')).toBe(true);
    expect(isGitLabUrl('https://github.com/gitlab')).toBe(false);
    expect(isTokenLike({ password: 'gldt-abc', url: '' })).toBe(true);
    expect(isTokenLike({ password: 'ghp_abc', url: 'https://github.com' })).toBe(false);
  });
});

describe('summariseImport', () => {
  it('says what is taken, left out, skipped, ignored and renamed', () => {
    const { items, preview } = planKdbxImport(INFO, [
      record({ title: 'ci', historyVersions: 2, attachments: 1 }),
      record({ title: 'ci', groupPath: ['Other'] }),
      record({ title: 'bank', password: 'x' }),
      record({ title: 'empty', password: '', url: 'https://gitlab.com' }),
      record({ title: 'old', inRecycleBin: true }),
    ], { now: NOW });
    const lines = summariseImport({ format: 'kdbx', importing: items.length, clashes: [], kdbx: preview });
    expect(lines).toEqual([
      'KDBX 4.0 database (Argon2d, ChaCha20): 4 entries.',
      '3 entries look like GitLab tokens (a GitLab token prefix such as glpat-, or a GitLab URL); 1 other left out (--all takes them too).',
      'Skipped 1 entry with no password: "empty".',
      'Skipped 1 entry in the recycle bin.',
      'History is not imported: 2 older versions stay in KeePass; each entry comes over as it is now.',
      'Attachments are not imported: 1 attachment ignored.',
      'Names must be unique: a title already in the vault, or used earlier in this database, gets " (2)", " (3)"…; renamed "ci" (Other) → "ci (2)".',
      'Importing 2 entries: title → name, password → secret, URL → instance, username, notes and group → description, expiry date and creation time kept.',
    ]);
  });
});
