// The import trusts plainRecords' reading of a CSV instead of csv-parse's whenever it gives one.
// So where it answers it must answer exactly what csv-parse reads (the wanted columns of every
// record), and where csv-parse refuses a file it must not answer at all (csv-parse then names the
// fault). Held to that on KeePassXC-shaped files, on files built from awkward pieces, and on
// thousands of random mutations of them. FC_RUNS / FC_SEED / FC_PATH rerun it longer or replay a failure.
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, parsedRecords, plainRecords } from '../../electron/vault/csv-records';

const WANTED = ['Title', 'Username', 'Password', 'URL', 'Notes'];
const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) };

/** csv-parse's records cut to the wanted columns, or 'refused'. */
function library(text: string): Record<string, string>[] | 'refused' {
  try {
    return parsedRecords(text).map((record) => Object.fromEntries(WANTED.filter((k) => Object.hasOwn(record, k)).map((k) => [k, record[k]!])));
  } catch {
    return 'refused';
  }
}

/** plainRecords answers only what csv-parse reads; returns whether it answered. */
function agrees(text: string): boolean {
  const plain = plainRecords(text, WANTED);
  if (plain !== null) expect(plain, JSON.stringify(text).slice(0, 400)).toEqual(library(text));
  return plain !== null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const KEEPASS_HEADER = ['Group', 'Title', 'Username', 'Password', 'URL', 'Notes', 'TOTP', 'Icon', 'Last Modified', 'Created'];

/** Pieces a field may be made of: the characters CSV gives meaning to, and text of every width. */
const piece = fc.constantFrom('"', '""', ',', '\n', '\r', '\r\n', ' ', 'a', 'glpat-x', 'é', '😀', '\uFEFF', '\t', 'Title', '');
const fieldText = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const columnName = fc.constantFrom(...WANTED, 'Group', 'Title', '', '__proto__', 'constructor', 'title', ' Title');
/** A field written quoted (escaped right) or as it is (which may break the file). */
const written = fc.tuple(fieldText, fc.integer({ min: 0, max: 3 })).map(([text, quoted]) => (quoted > 0 ? q(text) : text));
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r', '\n\n');

const builtFile = fc
  .record({
    header: fc.array(columnName, { minLength: 1, maxLength: 7 }),
    rows: fc.array(fc.array(written, { minLength: 0, maxLength: 8 }), { maxLength: 6 }),
    ends: fc.array(lineEnd, { minLength: 8, maxLength: 8 }),
    last: fc.boolean(),
    quoteHeader: fc.boolean(),
  })
  .map(({ header, rows, ends, last, quoteHeader }) => {
    const lines = [header.map((h) => (quoteHeader ? q(h) : h)).join(','), ...rows.map((r) => r.join(','))];
    return lines.map((line, i) => line + (i < lines.length - 1 || last ? ends[i % ends.length] : '')).join('');
  });

/** A file as KeePassXC writes it: every field quoted (a note's CRs inside its quotes), its ten columns, LF line ends. */
const keepassFile = fc
  .array(fc.tuple(fieldText, fieldText, fieldText, fieldText), { minLength: 1, maxLength: 5 })
  .map((rows) => `${KEEPASS_HEADER.map(q).join(',')}\n${rows.map(([title, password, url, notes]) => ['Root', title, '', password, url, notes, '', '0', '', ''].map(q).join(',')).join('\n')}\n`);

const mutation = fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 3 }), put: fc.array(fc.constantFrom('"', ',', '\n', '\r', 'a', ' ', '""', '\uFEFF'), { maxLength: 2 }) });
const mutated = (file: fc.Arbitrary<string>) =>
  fc.tuple(file, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, changes]) =>
    changes.reduce((t, { at, cut, put }) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + put.join('') + t.slice(i + cut);
    }, text),
  );

describe('plainRecords reads a CSV exactly as csv-parse does, or leaves it to csv-parse', () => {
  it("reads KeePassXC's export itself (the fast path is the one taken), with quoted commas, doubled quotes, newlines and Unicode", () => {
    const text = fs.readFileSync('tests/fixtures/keepassxc-export.csv', 'utf8');
    expect(plainRecords(text, WANTED)).not.toBeNull();
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['a quote inside an unquoted field', 'Title,Password\na,b"c\n'],
    ['text after a closing quote', '"Title","Password"\n"a","b"x\n'],
    ['a quote never closed', '"Title","Password"\n"a","b\n'],
    ['a record with an extra field', 'Title,Password\na,b,c\n'],
    ['a record with a field less', 'Title,Password\na\n'],
    ['Windows line ends', '"Title","Password"\r\n"a","b"\r\n'],
    ['old Mac line ends', 'Title,Password\ra,b\r'],
    ['a CR in an unquoted field', 'Title,Password\na\rb,c\n'],
    ['a space before an opening quote', 'Title,Password\na, "b"\n'],
  ])('leaves %s to csv-parse', (_label, text) => {
    expect(plainRecords(text, WANTED)).toBeNull();
    expect(agrees(text)).toBe(false);
  });

  it.each([
    ['empty lines anywhere', '\n\nTitle,Password\n\na,b\n\n\nc,d'],
    ['no line end after the last record', '"Title","Password"\n"a","b"'],
    ['a header alone', 'Title,Password\n'],
    ['an empty file', ''],
    ['a column named twice (the last wins)', 'Title,Password,Title\na,b,c\n'],
    ['a line of one empty quoted field in a one-column file', 'Title\n""\n'],
    ['doubled quotes and line breaks inside quotes', '"Title","Notes"\n"a ""b""","x\n\ny,z"\n'],
    ['Windows line breaks inside quotes (a note), LF between records', '"Title","Notes"\n"a","x\r\ny"\n"b","\r"\n'],
  ])('agrees on %s', (_label, text) => {
    expect(agrees(text)).toBe(true);
  });

  it('property: KeePassXC-shaped files are read by the fast path, as csv-parse reads them', () => {
    fc.assert(
      fc.property(keepassFile, (text) => {
        expect(agrees(text)).toBe(true);
      }),
      runs,
    );
  });

  it('property: files built from awkward pieces, and mutations of them, agree whenever the fast path answers', () => {
    let answered = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.oneof(builtFile, mutated(builtFile), mutated(keepassFile)), (text) => {
        // A cut through a surrogate pair: text decoded from UTF-8 (decodeUtf8, fatal) never has one.
        fc.pre(!LONE_SURROGATE.test(text));
        total += 1;
        if (agrees(text)) answered += 1;
      }),
      { ...runs, numRuns: runs.numRuns * 10 },
    );
    // Not vacuous: a good share of the files is read by the fast path (and so compared).
    expect(answered / total).toBeGreaterThan(0.1);
  });

  it('csvRecords names a malformed file by place, never by its text', () => {
    expect(() => csvRecords('"Title","Password"\n"a","glpat-secret"x\n', WANTED)).toThrow(/^The CSV is malformed at line 2, field 2: something right after a closing quote/);
    expect(() => csvRecords('"Title","Password"\n"a","glpat-secret"x\n', WANTED)).not.toThrow(/glpat/);
  });
});
