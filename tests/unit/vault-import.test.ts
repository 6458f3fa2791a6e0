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
    ['duplicate titles', csv(`${HEADER}"g","Same","","p1","","","","","",""\n"g","same","","p2","","","","","",""\n`), '"same" appears twice (entries 1 and 2)'],
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
