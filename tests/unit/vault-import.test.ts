import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImport, readImportRows } from '../../electron/vault/import-formats';
import { newVault } from '../helpers/vault-fixture';

const csv = (text: string) => Buffer.from(text, 'utf8');
const HEADER = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';

describe('import formats', () => {
  it("reads KeePassXC's CSV export: quoted commas, doubled quotes, newlines, Unicode", () => {
    const items = parseImport(fs.readFileSync('tests/fixtures/keepassxc-export.csv'), 'export.csv');
    expect(items.map((i) => i.input.name)).toEqual(['ci-clone', 'registry, pull', 'Ünïcødé title']);
    expect(items[0]).toMatchObject({ secret: 'glpat-AAAAbbbbCCCCdddd1234', input: { kind: 'personal', instance: 'https://gitlab.com' } });
    expect(items[0]!.input.description).toBe('Used by the "build" pipeline, stage 2\nUsername: deploy-bot');
    expect(items[1]).toMatchObject({ secret: 'gldt-registryPull9876', input: { kind: 'deploy', instance: 'https://gitlab.example.com', description: 'multi-line\nnote with, commas' } });
    expect(items[2]!.input).toMatchObject({ kind: 'other', instance: null, description: 'Username: me\nURL: not a url' });
  });

  it('stores a whole import in one transaction', async () => {
    const vault = await newVault();
    const stored = vault.addMany(parseImport(fs.readFileSync('tests/fixtures/keepassxc-export.csv'), 'x.csv'));
    expect(stored).toHaveLength(3);
    expect(vault.readSecret(vault.find('registry, pull').id)).toBe('gldt-registryPull9876');
    vault.close();
  });

  it.each([
    ['missing columns', csv('"Title","Username"\n"a","b"\n'), 'The CSV has no "Password" column'],
    ['bad quoting', csv(`${HEADER}"a","b","c"d","e","f","g","h","i","j","k"\n`), 'The CSV is malformed'],
    ['a ragged row', csv(`${HEADER}"a","b"\n`), 'The CSV is malformed'],
    ['duplicate titles', csv(`${HEADER}"g","Same","","p1","","","","","",""\n"g","same","","p2","","","","","",""\n`), '"same" appears twice (rows 2 and 3)'],
    ['an empty password', csv(`${HEADER}"g","t","","","","","","","",""\n`), 'Row 2 ("t") has no password'],
    ['non-UTF-8 bytes', Buffer.concat([csv(HEADER), Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x0a])]), 'not UTF-8'],
    ['no rows', csv(HEADER), 'The CSV has no entries.'],
    ['malformed JSON', csv('{"entries": ['), 'The JSON is malformed'],
    ['JSON without secrets', csv('[{"name":"a"}]'), 'Entry 1 has no "secret"'],
    ['JSON of the wrong shape', csv('{"tokens": 1}'), 'must be a list of entries'],
  ])('refuses %s with one sentence', (_label, bytes, message) => {
    expect(() => parseImport(bytes, 'in.csv')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(message) }));
  });

  it("reads this tool's JSON (list --json plus a secret)", () => {
    const items = parseImport(csv(JSON.stringify({ entries: [{ name: 'a', kind: 'group', scopes: ['api'], expiresAt: '2027-01-01', secret: ' glpat-x \n' }] })), 'a.json');
    expect(items).toEqual([{ input: expect.objectContaining({ name: 'a', kind: 'group', scopes: ['api'], expiresAt: '2027-01-01' }), secret: 'glpat-x', gitlab: true }]);
  });
});

describe('one import rule for every format (what counts as a GitLab token)', () => {
  const rows = (text: string, name: string) => readImportRows(Buffer.from(text, 'utf8'), name);

  it('CSV: an AWS key under console.aws.amazon.com is not a GitLab token and its URL is not a GitLab address', () => {
    const [aws, pat, custom] = rows(
      `${HEADER}"Cloud","aws-prod","me","AKIAIOSFODNN7EXAMPLE","https://console.aws.amazon.com","","","0","",""\n` +
        `"GitLab","ci","","glpat-abc123","https://gitlab.com/acme","","","0","",""\n` +
        `"GitLab","self-hosted","","customprefix-0123","https://gitlab.corp.example","","","0","",""\n`,
      'export.csv',
    );
    expect(aws!.item).toMatchObject({ gitlab: false, input: { kind: 'other', instance: null, description: expect.stringContaining('URL: https://console.aws.amazon.com') } });
    expect(pat!.item).toMatchObject({ gitlab: true, input: { instance: 'https://gitlab.com' } });
    // A custom prefix on a GitLab address is a GitLab token: the same rule as a .kdbx.
    expect(custom!.item).toMatchObject({ gitlab: true, input: { instance: 'https://gitlab.corp.example' } });
  });

  it('JSON: the same rule, with the entry\'s instance as its address', () => {
    const [aws, pat, onGitLab] = rows(JSON.stringify([
      { name: 'aws', secret: 'AKIAIOSFODNN7EXAMPLE', instance: 'https://console.aws.amazon.com' },
      { name: 'pat', secret: 'glpat-x' },
      { name: 'custom', secret: 'opaque-secret', instance: 'https://gitlab.example.com' },
    ]), 'x.json');
    expect([aws!.item!.gitlab, pat!.item!.gitlab, onGitLab!.item!.gitlab]).toEqual([false, true, true]);
  });
});

describe('a URL carrying a user name and password (https://oauth2:glpat-…@host)', () => {
  const LEAK = 'glpat-LEAKLEAKLEAKLEAK0001';
  it.each([
    [`https://oauth2:${LEAK}@gitlab.example.com/-/profile`, 'https://gitlab.example.com', 'URL: https://gitlab.example.com/-/profile'],
    [`https://oauth2:${LEAK.replace('-', '%2D')}@gitlab.example.com/`, 'https://gitlab.example.com', 'URL: https://gitlab.example.com/'],
    [`oauth2:${LEAK}@gitlab.example.com/group`, 'https://gitlab.example.com', 'URL: gitlab.example.com/group'],
    [`https://bob:${LEAK}@bank.example/login`, 'https://bank.example', 'URL: https://bank.example/login'],
  ])('%s: the credentials are left out of everything stored, and the description says so', (url, instance, kept) => {
    const rows = readImportRows(csv(`${HEADER}"","ci","","glpat-HHHHHHHHHHHHHHHHHHHH","${url}","","","","",""\n`), 'x.csv');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('LEAK');
    expect(rows[0]!.item!.input.instance).toBe(instance);
    expect(rows[0]!.item!.input.description).toBe(`${kept} (a user name and password in it were left out)`);
  });
});

// Red team: URLs whose credentials the old cut (up to the first "@", no "/" or space before it)
// missed or cut short, and URLs that do not parse at all, were stored as written, token and all.
describe('no user name and password of any URL-like text in a row is kept, parseable or not', () => {
  const LEAK = 'glpat-LEAKLEAKLEAKLEAK0002';
  const HOSTILE: [string, 'removed' | 'dropped'][] = [
    [`https://oauth2:${LEAK}@gitlab.example.com:99999/x`, 'dropped'],
    [`https://oauth2:${LEAK.slice(0, 12)}/${LEAK.slice(12)}@gitlab.example.com/x`, 'dropped'],
    [`https://oauth2:${LEAK.slice(0, 12)}#${LEAK.slice(12)}@gitlab.example.com/x`, 'dropped'],
    [`https://oauth2:${LEAK.slice(0, 12)}@${LEAK.slice(12)}@gitlab.example.com/x`, 'removed'],
    [`https://oauth2:${LEAK.slice(0, 12)} ${LEAK.slice(12)}@gitlab.example.com/x`, 'removed'],
    [`https:/oauth2:${LEAK}@gitlab.example.com/x`, 'removed'],
    [`https://oauth2:${LEAK}@[::1/x`, 'dropped'],
    [`git@gitlab.example.com:${LEAK}/x.git`, 'dropped'],
  ];
  it.each(HOSTILE)('CSV URL %s: %s, said by row and field, the text nowhere', (url, what) => {
    const rows = readImportRows(csv(`${HEADER}"","ci","","glpat-HHHHHHHHHHHHHHHHHHHH","${url}","","","","",""\n`), 'x.csv');
    expect(JSON.stringify(rows)).not.toMatch(/LEAK/);
    expect(rows[0]!.item!.urlNotes).toEqual([what === 'removed' ? 'Row 2, URL: a user name and password in it were left out' : expect.stringMatching(/^Row 2, URL left out: it has an "@" but does not parse as a URL/)]);
    if (what === 'removed') expect(rows[0]!.item!.input.description).toMatch(/^URL: \S+ \(a user name and password in it were left out\)$/);
    else expect(rows[0]!.item!.input.description).toBe('');
  });

  it('CSV title, notes and user name: each URL in them loses its credentials, or is left out when it does not parse', () => {
    const rows = readImportRows(csv(`${HEADER}"","https://oauth2:${LEAK}@gitlab.example.com","https://u:${LEAK}@x.example","glpat-HHHHHHHHHHHHHHHHHHHH","","clone https://oauth2:${LEAK}@gitlab.example.com/g/p.git or https://u:${LEAK}/x@h.example:1/ then","","","",""\n`), 'x.csv');
    expect(JSON.stringify(rows)).not.toMatch(/LEAK/);
    expect(rows[0]!.item!.input).toMatchObject({
      name: 'https://gitlab.example.com',
      description: 'clone https://gitlab.example.com/g/p.git or (a URL was left out) then\nUsername: https://x.example',
    });
    expect(rows[0]!.item!.urlNotes).toEqual([
      'Row 2, Title: a user name and password in a URL in it were left out',
      expect.stringMatching(/^Row 2, Notes: a URL in it was left out \(it has an "@"/),
      'Row 2, Username: a user name and password in a URL in it were left out',
    ]);
  });

  it('a row refused for its missing password names its title without the URL credentials', () => {
    const rows = readImportRows(csv(`${HEADER}"","https://oauth2:${LEAK}@gitlab.example.com","","","","","","","",""\n`), 'x.csv');
    expect(rows[0]!.refused).toBe('Row 2 ("https://gitlab.example.com") has no password');
  });

  it('JSON: instance, name, description and usedIn the same way; an instance that does not parse is left out', () => {
    const rows = readImportRows(csv(JSON.stringify([
      { name: `https://oauth2:${LEAK}@gitlab.example.com`, secret: 'glpat-JJJJJJJJJJJJJJJJJJJ1', instance: `https://oauth2:${LEAK}@gitlab.example.com`, description: `see https://oauth2:${LEAK}@gitlab.example.com/x`, usedIn: [`https://ci:${LEAK}@ci.example/job`] },
      { name: 'two', secret: 'glpat-JJJJJJJJJJJJJJJJJJJ2', instance: `https://oauth2:${LEAK.slice(0, 12)}/${LEAK.slice(12)}@gitlab.example.com` },
    ])), 'x.json');
    expect(JSON.stringify(rows)).not.toMatch(/LEAK/);
    expect(rows[0]!.item!.input).toMatchObject({ name: 'https://gitlab.example.com', instance: 'https://gitlab.example.com', description: 'see https://gitlab.example.com/x', usedIn: ['https://ci.example/job'] });
    expect(rows[0]!.item!.urlNotes).toEqual([
      'Entry 1, "name": a user name and password in a URL in it were left out',
      'Entry 1, "instance": a user name and password in it were left out',
      'Entry 1, "description": a user name and password in a URL in it were left out',
      'Entry 1, "usedIn": a user name and password in a URL in it were left out',
    ]);
    expect(rows[1]!.item!.input.instance).toBeNull();
    expect(rows[1]!.item!.urlNotes).toEqual([expect.stringMatching(/^Entry 2, "instance" left out: it has an "@" but does not parse/)]);
  });

  it('keeps URLs without credentials as written, and text with an "@" that is no URL', () => {
    const rows = readImportRows(csv(`${HEADER}"","t","me@example.com","hunter2hunter2","https://example.com/@alice","mail me@example.com, see https://gitlab.com/@bob","","","",""\n`), 'x.csv');
    expect(rows[0]!.item!.input.description).toBe('mail me@example.com, see https://gitlab.com/@bob\nUsername: me@example.com\nURL: https://example.com/@alice');
    expect(rows[0]!.item!.urlNotes).toBeUndefined();
  });
});
