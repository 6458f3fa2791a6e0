// A hostile (or merely odd) import file, row by row: a password field holding more than a token,
// JSON kind/scopes/expiresAt that are not what the vault keeps, a password of the file pasted
// into another field, and the byte-level tricks (BOMs, CR line ends, NUL, quotes over lines,
// megabyte fields, deep nesting, __proto__). Each gets a sentence naming the row and never its
// secret, or a correct import.
import { describe, expect, it } from 'vitest';
import { parseImport, parseImportFile, readImportRows, type ImportRow } from '../../electron/vault/import-formats';
import { planKdbxImport } from '../../electron/vault/kdbx-import';
import type { KdbxRecord } from '../../electron/vault/kdbx-reader';
import { PASSWORD_LEFT_OUT } from '../../electron/vault/import-secrets';
import { summariseImport } from '../../electron/vault/import-summary';

const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';
const TOKEN = 'glpat-HostileRowToken0123456';
const OTHER = 'glpat-SecondRowToken98765432';
const csvRow = (cells: string[]) => `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')}\n`;
const csv = (...rows: string[][]) => Buffer.from(HEADER + rows.map(csvRow).join(''));
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const rowsOf = (bytes: Buffer, name: string) => readImportRows(bytes, name);

/** What a person or the vault could be shown of these rows: names, inputs, notes, refusals. */
const shown = (rows: ImportRow[]) => JSON.stringify(rows.map((r) => ({ row: r.row, name: r.name, refused: r.refused, input: r.item?.input, notes: r.item?.urlNotes })));

function refusalOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('a password field holding more than one word', () => {
  it.each([
    ['a user name before the token', `oauth2  ${TOKEN}`],
    ['a note after the token', `${TOKEN}  expires in June`],
    ['two tokens on two lines', `${TOKEN}\n${OTHER}`],
    ['a token after a tab', `git\t${TOKEN}`],
    ['a token after U+3000', `user\u3000${TOKEN}`],
  ])('%s: the row is refused by row and name, its secret in no sentence (CSV, JSON)', (_label, password) => {
    const [row] = rowsOf(csv(['g', 'ci', 'u', password, 'https://gitlab.example.com', '']), 'x.csv');
    expect(row!.refused).toMatch(/^Row 2 \("ci"\): its password holds a GitLab token and other text/);
    expect(row!.gitlab).toBe(true);
    const [entry] = rowsOf(json([{ name: 'ci', secret: password }]), 'x.json');
    expect(entry!.refused).toMatch(/^Entry 1 \("ci"\): its "secret" holds a GitLab token and other text.*leave only the token in "secret"/);
    expect(shown([row!, entry!])).not.toContain('HostileRowToken');
    // The CLI: the whole file, nothing imported, with that sentence.
    expect(refusalOf(() => parseImport(csv(['g', 'ci', 'u', password, '', '']), 'x.csv'))).toMatch(/^Row 2 \("ci"\): its password holds.*; nothing was imported\.$/);
  });

  it('.kdbx: such an entry is skipped with the reason, named, its secret nowhere in the plan', () => {
    const record = kdbxRecord({ title: 'ci', password: `oauth2  ${TOKEN}` });
    const { items, preview } = planKdbxImport(INFO, [record]);
    expect(items).toEqual([]);
    expect(preview.skipped).toEqual([{ name: 'ci', group: 'Root', reason: expect.stringMatching(/^a password that holds a GitLab token and other text/) }]);
    const lines = summariseImport({ format: 'kdbx', importing: 0, clashes: [], kdbx: preview }).join('\n');
    expect(lines).toMatch(/Skipped 1 entry with a password that holds a GitLab token and other text.*: "ci" \(Root\)/);
    expect(lines).not.toContain('HostileRowToken');
  });

  it('words without a token are a passphrase: kept whole as the secret, but no GitLab token even under a GitLab address', () => {
    const rows = rowsOf(csv(['g', 'login', 'me', 'correct horse  battery staple', 'https://gitlab.example.com', '']), 'x.csv');
    expect(rows[0]!.item).toMatchObject({ secret: 'correct horse  battery staple', gitlab: false, input: { instance: null } });
    // The CLI without --all leaves it out (said as a count); with --all it is imported whole.
    expect(parseImportFile(csv(['g', 'login', 'me', 'correct horse  battery staple', 'https://gitlab.example.com', '']), 'x.csv', false)).toEqual({ items: [], leftOut: 1 });
    expect(parseImportFile(csv(['g', 'login', 'me', 'correct horse  battery staple', '', '']), 'x.csv', true).items[0]!.secret).toBe('correct horse  battery staple');
  });

  it('a line break, NUL or invisible character in a password is refused (no token has one; git reads one line per field), never quoted', () => {
    // (A BOM inside is a space to JavaScript: such a password is a token among words, refused above.)
    const invisible = ['\u200b', '\u200d', '\u202e', '\u2066', '\u0085', '\u061c'].map((c) => `glpat-Hostile${c}RowToken0123456`);
    for (const password of [`${TOKEN}\u0000x`, 'pass\nword', 'a\rb', `${TOKEN}\u007f`, ...invisible]) {
      const [row] = rowsOf(csv(['g', 'ci', '', password, '', '']), 'x.csv');
      expect(row!.refused, JSON.stringify(password)).toMatch(/^Row 2 \("ci"\): its password holds a line break, a NUL or another control or invisible character/);
      expect(row!.refused).not.toContain('HostileRowToken');
    }
    // Not a GitLab token: without --all it is left out, not a reason to refuse the file.
    expect(parseImportFile(csv(['g', 'bank', '', 'pass\nword', '', ''], ['g', 'ci', '', TOKEN, '', '']), 'x.csv', false).items.map((i) => i.input.name)).toEqual(['ci']);
    expect(() => parseImportFile(csv(['g', 'bank', '', 'pass\nword', '', ''], ['g', 'ci', '', TOKEN, '', '']), 'x.csv', true)).toThrow(/Row 2 \("bank"\): its password holds a line break/);
    // A .kdbx entry: skipped with the reason.
    const { items, preview } = planKdbxImport(INFO, [kdbxRecord({ title: 'zw', password: `glpat-a\u200bb0000000000000000` })]);
    expect(items).toEqual([]);
    expect(preview.skipped[0]!.reason).toMatch(/^a password that holds a line break, a NUL or another control or invisible character/);
  });
});

describe('JSON kind, scopes and expiresAt', () => {
  const entry = (fields: Record<string, unknown>) => rowsOf(json([{ name: 'e', secret: TOKEN, ...fields }]), 'x.json')[0]!;

  it.each([
    ['a token as the kind', { kind: OTHER }, /^Entry 1: "kind": Kind must be one of personal, /],
    ['an unknown kind, even with a prefix that names one', { kind: 'admin' }, /^Entry 1: "kind": Kind must be one of /],
    ['a number as the kind', { kind: 7 }, /^Entry 1: "kind": Kind must be one of /],
    ['null as the kind', { kind: null }, /^Entry 1: "kind": Kind must be one of /],
    ['an instant with a time zone', { expiresAt: '2027-01-01T00:00:00+14:00' }, /^Entry 1: "expiresAt": Dates are written YYYY-MM-DD$/],
    ['a six-digit year', { expiresAt: '+275760-09-13' }, /^Entry 1: "expiresAt": Dates are written YYYY-MM-DD$/],
    ['a date that does not exist', { expiresAt: '2027-02-30' }, /^Entry 1: "expiresAt": That date does not exist$/],
    ['a non-date', { expiresAt: 'next week' }, /^Entry 1: "expiresAt": Dates are written YYYY-MM-DD$/],
    ['a token as the date', { expiresAt: OTHER }, /^Entry 1: "expiresAt": Dates are written YYYY-MM-DD$/],
    ['a number as the date', { expiresAt: 20270101 }, /^Entry 1: "expiresAt": Invalid input: expected string, received number$/],
    ['a date with a space', { expiresAt: ' 2027-01-01' }, /^Entry 1: "expiresAt": Dates are written YYYY-MM-DD$/],
    ['scopes as a string', { scopes: 'api' }, /^Entry 1: "scopes": Invalid input: expected array/],
    ['a number as a scope', { scopes: [1] }, /^Entry 1: "scopes\.0": Invalid input: expected string/],
    ['a scope over 64 characters', { scopes: ['x'.repeat(65)] }, /^Entry 1: "scopes\.0": Too big/],
  ])('%s: refused by entry and field, the value never quoted', (_label, fields, reason) => {
    const row = entry(fields);
    expect(row.refused).toMatch(reason);
    expect(row.refused).not.toContain('SecondRowToken');
    expect(refusalOf(() => parseImport(json([{ name: 'e', secret: TOKEN, ...fields }]), 'x.json'))).toMatch(/; nothing was imported\.$/);
  });

  it('a scope holding a token, an address\'s credentials or a password of the file is left out whole; the others are kept', () => {
    const rows = rowsOf(json([
      { name: 'e', secret: TOKEN, scopes: ['api', OTHER, 'x:pw@host', `${TOKEN}`, 'read_repository', 'Pw4Another'] },
      { name: 'f', secret: 'Pw4Another' },
    ]), 'x.json');
    expect(rows[0]!.item!.input.scopes).toEqual(['api', 'read_repository']);
    expect(rows[0]!.item!.urlNotes).toEqual([
      'Entry 1: a token-like text in "scopes" was left out',
      'Entry 1, "scopes": a user name and password in a URL in it were left out',
      'Entry 1: a password from this file in "scopes" was left out',
    ]);
    expect(shown(rows)).not.toMatch(/SecondRowToken|HostileRowToken|Pw4Another"/);
  });

  it('a valid kind, scopes and date are kept as given; the prefix still names a valid kind it contradicts', () => {
    expect(entry({ kind: 'group', scopes: ['api', 'read_api'], expiresAt: '9999-12-31' }).item!.input).toMatchObject({ kind: 'group', scopes: ['api', 'read_api'], expiresAt: '9999-12-31' });
    expect(entry({ kind: 'deploy' }).item!.input.kind).toBe('personal');
  });
});

describe('a password of the file in a field that is not sealed', () => {
  it('CSV: the row\'s own password anywhere (glued too), another row\'s as a word; said by row and field', () => {
    const rows = rowsOf(csv(
      ['g', 'mine', 'Own5ecretPw', 'Own5ecretPw', 'https://host.example/x?t=Other5ecretPw', `pasted:Own5ecretPw! and token="Other5ecretPw"`],
      ['g', 'other', '', 'Other5ecretPw', '', ''],
    ), 'x.csv');
    const out = shown(rows);
    expect(out).not.toMatch(/Own5ecretPw|Other5ecretPw"/);
    expect(rows[0]!.item!.input.description).toBe(`pasted:${PASSWORD_LEFT_OUT}! and token="${PASSWORD_LEFT_OUT}"\nUsername: ${PASSWORD_LEFT_OUT}`);
    expect(rows[0]!.item!.urlNotes).toEqual([
      'Row 2: a password from this file in URL was left out',
      'Row 2: a password from this file in Notes was left out',
      'Row 2: a password from this file in Username was left out',
    ]);
    expect(rows[1]!.item!.secret).toBe('Other5ecretPw');
  });

  it('a title that is a password of the file does not name the row, nor the refusal of a row without a password', () => {
    const rows = rowsOf(csv(['g', 'Other5ecretPw', '', '', '', ''], ['g', 'x', '', 'Other5ecretPw', '', '']), 'x.csv');
    expect(rows[0]!.refused).toBe(`Row 2 ("${PASSWORD_LEFT_OUT}") has no password`);
    expect(shown(rows)).not.toContain('"Other5ecretPw"');
  });

  it('.kdbx: title, user name, URL, notes and group path', () => {
    const records = [
      kdbxRecord({ title: 'Own5ecretPw', userName: 'Own5ecretPw', password: 'Own5ecretPw', url: 'https://gitlab.example.com/Other5ecretPw', notes: 'x=Other5ecretPw', groupPath: ['Root', 'Other5ecretPw'] }),
      kdbxRecord({ title: 'b', password: 'Other5ecretPw' }),
    ];
    const { items, preview } = planKdbxImport(INFO, records, { all: true });
    const plan = summariseImport({ format: 'kdbx', importing: items.length, clashes: [], kdbx: preview, urlNotes: items.flatMap((i) => i.urlNotes ?? []) });
    expect(JSON.stringify({ inputs: items.map((i) => i.input), notes: items.map((i) => i.urlNotes), preview }) + plan.join('\n')).not.toMatch(/Own5ecretPw|Other5ecretPw[^"]/);
    expect(items[0]!.input.instance).toBeNull();
    expect(items.map((i) => i.secret)).toEqual(['Own5ecretPw', 'Other5ecretPw']);
  });

  it('a password shorter than 4 characters is not looked for (it would cut every such word)', () => {
    const [row] = rowsOf(csv(['g', 'ab', 'ab', 'ab', '', 'ab cd']), 'x.csv');
    expect(row!.item!.input.description).toBe('ab cd\nUsername: ab');
  });
});

describe('bytes a hostile file is made of', () => {
  const two = (eol: string) => `"Group","Title","Username","Password","URL","Notes"${eol}"g","a","","${TOKEN}","",""${eol}"g","b","","${OTHER}","",""${eol}`;

  it.each([
    ['LF', two('\n')],
    ['CRLF', two('\r\n')],
    ['CR only', two('\r')],
    ['a BOM', `\uFEFF${two('\n')}`],
    ['two BOMs', `\uFEFF\uFEFF${two('\n')}`],
  ])('%s: read as two rows', (_label, text) => {
    expect(parseImport(Buffer.from(text), 'x.csv').map((i) => [i.input.name, i.secret])).toEqual([['a', TOKEN], ['b', OTHER]]);
  });

  it('line ends mixed within the file: refused with the line and field, never the text', () => {
    const message = refusalOf(() => parseImport(Buffer.from(`${HEADER}"g","a","","${TOKEN}","",""\r"g","b","","${OTHER}","",""\r\n`), 'x.csv'));
    expect(message).toMatch(/^The CSV is malformed at line \d+/);
    expect(message).not.toMatch(/HostileRowToken|SecondRowToken/);
  });

  it('a UTF-16 file (its BOM) is refused as not UTF-8', () => {
    expect(refusalOf(() => parseImport(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(two('\n'), 'utf16le')]), 'x.csv'))).toMatch(/not UTF-8 text/);
  });

  it('quotes spanning lines keep the line breaks in notes; a quote never closed names its line', () => {
    const [row] = rowsOf(Buffer.from(`${HEADER}"g","a","","${TOKEN}","","one\n\ntwo ""q""\r\nthree"\n`), 'x.csv');
    expect(row!.item!.input.description).toBe('one\n\ntwo "q"\r\nthree');
    const message = refusalOf(() => parseImport(Buffer.from(`${HEADER}"g","a","","${TOKEN}","","one\ntwo\n"g","b","","${OTHER}","",""\n`), 'x.csv'));
    expect(message).toMatch(/^The CSV is malformed at line \d+/);
    expect(message).not.toMatch(/HostileRowToken|SecondRowToken/);
  });

  it('a NUL or a line break in a title becomes a space; a title over 200 characters is refused by row, not quoted', () => {
    const rows = rowsOf(csv(['g', 'a\u0000b\nc', '', TOKEN, '', ''], ['g', 'T'.repeat(300), '', OTHER, '', '']), 'x.csv');
    expect(rows[0]!.item!.input.name).toBe('a b c');
    expect(rows[1]!.refused).toBe('Row 3: "name": Names are at most 200 characters');
  });

  it('megabyte fields: a password over 64 KiB is refused by row, a 1 MB note is cut to the description\'s 2,000 characters, a 1 MB URL is read', () => {
    const big = 'x'.repeat(1 << 20);
    const rows = rowsOf(csv(['g', 'pw', '', `glpat-${big}`, '', ''], ['g', 'notes', '', TOKEN, '', big], ['g', 'url', '', OTHER, `https://gitlab.example.com/${big}`, '']), 'x.csv');
    expect(rows[0]!.refused).toBe('Row 2: The secret is over 64 KiB; that is not a token');
    expect(rows[1]!.item!.input.description).toHaveLength(2000);
    expect(rows[2]!.item!.input.instance).toBe('https://gitlab.example.com');
  });

  it('duplicate names, in any case or spacing, are refused by the rows a person sees', () => {
    const rows = rowsOf(csv(['g', 'Same', '', TOKEN, '', ''], ['g', ' same ', '', OTHER, '', '']), 'x.csv');
    expect(rows[1]!.refused).toBe('"same" appears twice (rows 2 and 3); rename one and import again');
    expect(rowsOf(json([{ name: 'a', secret: TOKEN }, { name: 'A', secret: OTHER }]), 'x.json')[1]!.refused).toBe('"A" appears twice (entries 1 and 2); rename one and import again');
  });

  it('deeply nested JSON: a nested value where text belongs is refused by entry and field; nesting alone is no entry', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const rows = rowsOf(Buffer.from(`[{"name":"a","secret":"${TOKEN}","description":${deep}}]`), 'x.json');
    expect(rows[0]!.refused).toMatch(/^Entry 1: "description": Invalid input: expected string, received array$/);
    expect(rowsOf(Buffer.from(deep), 'x.json')).toEqual([{ row: 1, name: 'Entry 1', refused: 'Entry 1 has no "secret"' }]);
  });

  it('__proto__ and constructor keys pollute nothing and smuggle no entry', () => {
    const text = `[{"__proto__":{"secret":"${TOKEN}","name":"p"}},{"name":"c","secret":"${OTHER}","constructor":{"prototype":{"polluted":1}},"__proto__":{"polluted":1,"kind":"admin"}}]`;
    const rows = rowsOf(Buffer.from(text), 'x.json');
    expect(rows[0]).toEqual({ row: 1, name: 'Entry 1', refused: 'Entry 1 has no "secret"' });
    // The __proto__ key's "kind" is not the entry's: it has none (the vault's default).
    expect(rows[1]!.item!.input).toMatchObject({ name: 'c', kind: undefined });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).secret).toBeUndefined();
    expect(() => parseImport(Buffer.from(`{"__proto__":{"entries":[{"name":"a","secret":"${TOKEN}"}]}}`), 'x.json')).toThrow(/must be a list of entries/);
  });

  it('numbers where text belongs: refused by entry and field', () => {
    const rows = rowsOf(json([
      { name: 1, secret: TOKEN }, { name: 'b', secret: 2 }, { name: 'c', secret: OTHER, description: 3 }, { name: 'd', secret: 'glpat-d000000000000000000', usedIn: [4] },
      { name: 'e', secret: 'glpat-e000000000000000000', instance: 5 }, { name: 'f', secret: 'glpat-f000000000000000000', leadDays: ['7'] },
    ]), 'x.json');
    expect(rows.map((r) => r.refused)).toEqual([
      'Entry 1: "name": Invalid input: expected string, received number',
      'Entry 2: "secret" is not text',
      'Entry 3: "description": Invalid input: expected string, received number',
      'Entry 4: "usedIn.0": Invalid input: expected string, received number',
      'Entry 5: "instance" is not a GitLab address; write it like https://gitlab.example.com',
      'Entry 6: "leadDays.0": Invalid input: expected number, received string',
    ]);
  });

  it('.kdbx: an expiry after the year 9999 is left unknown and said so, the entry imported', () => {
    const { items } = planKdbxImport(INFO, [kdbxRecord({ title: 'far', password: TOKEN, expiresAt: new Date(Date.UTC(12000, 0, 1)) })]);
    expect(items[0]!.input.expiresAt).toBeNull();
    expect(items[0]!.urlNotes).toEqual(['"far" (Root): its expiry date is not in the years 1 to 9999, so it was left unknown']);
  });
});

const INFO = { version: 'KDBX 4.0', cipher: 'ChaCha20', kdf: 'Argon2d' };

function kdbxRecord(fields: Partial<KdbxRecord>): KdbxRecord {
  return {
    title: 't', userName: '', password: TOKEN, url: '', notes: '', groupPath: ['Root'],
    createdAt: null, expiresAt: null, attachments: 0, historyVersions: 0, otherFields: 0, inRecycleBin: false, inTemplates: false, ...fields,
  };
}
