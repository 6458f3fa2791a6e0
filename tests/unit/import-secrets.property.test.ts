// Properties of the CSV and JSON readers (and the cleaning they share with the .kdbx planner):
// 1. random rows with random passwords — a GitLab prefix or none — and each password planted in
//    a random field of its own row (glued to any text) or of another row (standing as a word):
//    no field that is not sealed, no plan line and no refusal or error holds any password;
// 2. a valid row with nothing to clean comes out as it went in (name, secret, description,
//    kind, scopes, expiry, usedIn, address), as the vault will store it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNewEntry } from '../../electron/vault/entry-input';
import { parseImport, readImportRows } from '../../electron/vault/import-formats';
import { urlNoteLines } from '../../electron/vault/import-summary';
import { planKdbxImport } from '../../electron/vault/kdbx-import';
import type { KdbxRecord } from '../../electron/vault/kdbx-reader';

const RUNS = Number(process.env.FC_RUNS ?? 150);
const chars = (alphabet: string, min: number, max: number) => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((c) => c.join(''));
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** A password: a GitLab prefix or none, a digit (so it is no word of the plan's own sentences), 8 to 40 characters in all, none of them a space or a separator. */
const password = fc.tuple(fc.constantFrom('glpat-', 'gldt-', 'glrt-', '', '', ''), chars(LETTERS, 3, 12), fc.constantFrom(...DIGITS), chars(`${LETTERS}${DIGITS}_-.+!~*$%^`, 3, 26)).map(([p, a, d, b]) => `${p}${a}${d}${b}`);
/** Text around a password planted in its own row: anything printable, glued to it. */
const glue = chars(`${LETTERS}${DIGITS} .,;:=/"'()[]{}<>-_!?#&*`, 0, 8);
/** What a password planted in another row stands between. */
const separator = fc.constantFrom(' ', '=', '"', '(', ')', ',', ';', '/', ':', '@', '?', '&', '\t', '\n', '[', ']', '<', '>', '\u3000', '\u00a0', '|', '#', '{', '}', '`', "'");
/** Text that nothing cleans: no "@", no GitLab prefix, no password. */
const plainText = chars(`${LETTERS.toUpperCase()}${DIGITS} .,!?-`, 0, 30);

interface Plant { from: number; into: number; field: number; before: string; after: string }
const plant = fc.record({ from: fc.nat(5), into: fc.nat(5), field: fc.nat(8), before: glue, after: glue, sepBefore: separator, sepAfter: separator, atEdge: fc.boolean() })
  .map(({ sepBefore, sepAfter, atEdge, ...p }): Plant & { sepBefore: string; sepAfter: string; atEdge: boolean } => ({ ...p, sepBefore, sepAfter, atEdge }));
const aFile = fc.record({ passwords: fc.uniqueArray(password, { minLength: 1, maxLength: 6, selector: (p) => p.toLowerCase() }), plants: fc.array(plant, { minLength: 1, maxLength: 4 }), emptyRow: fc.option(fc.nat(5)) });

/** The planted text: own row glued to anything, another row's between separators (or at the field's edge). */
function planted(secret: string, own: boolean, p: Plant & { sepBefore: string; sepAfter: string; atEdge: boolean }): string {
  if (own) return `${p.before}${secret}${p.after}`;
  return p.atEdge ? secret : `${p.before}${p.sepBefore}${secret}${p.sepAfter}${p.after}`;
}

function expectNoPassword(out: string, passwords: string[], what: string): void {
  for (const secret of passwords) expect(out, `${what}: ${secret} in ${out}`).not.toContain(secret);
}

/** Everything of the rows a person or the vault sees, and the CLI's error if it refuses the file. */
function shownOf(bytes: Buffer, name: string): string {
  const rows = readImportRows(bytes, name);
  const notes = rows.flatMap((r) => r.item?.urlNotes ?? []);
  let error = '';
  try {
    parseImport(bytes, name);
  } catch (e) {
    error = (e as Error).message;
  }
  return JSON.stringify(rows.map((r) => ({ row: r.row, name: r.name, refused: r.refused, input: r.item?.input }))) + urlNoteLines(notes).join('\n') + error;
}

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;
const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';

describe('property: no password of the file in a field that is not sealed, nor in any sentence', () => {
  it('CSV: Title, Username, URL, Notes', () => {
    fc.assert(fc.property(aFile, ({ passwords, plants, emptyRow }) => {
      const cells = passwords.map((pw, r) => [`t${r}`, 'u', 'https://gitlab.example.com', 'n', pw]);
      for (const p of plants) {
        const from = p.from % passwords.length;
        const into = p.into % passwords.length;
        const field = p.field % 4;
        cells[into]![field] = `${cells[into]![field]} ${planted(passwords[from]!, from === into, p)}`;
      }
      // A row without a password (refused, its title quoted): its password is no longer the file's.
      if (emptyRow !== null) cells[emptyRow % passwords.length]![4] = '';
      const text = HEADER + cells.map(([title, user, url, notes, pw]) => ['Root', title!, user!, pw!, url!, notes!].map(csvCell).join(',')).join('\n');
      expectNoPassword(shownOf(Buffer.from(text), 'x.csv'), cells.map((c) => c[4]!).filter(Boolean), 'csv');
    }), { numRuns: RUNS });
  });

  it('JSON: name, description, usedIn, instance, scopes, kind, expiresAt', () => {
    const fields = ['name', 'description', 'usedIn', 'instance', 'scopes', 'kind', 'expiresAt', 'name', 'description'];
    fc.assert(fc.property(aFile, ({ passwords, plants, emptyRow }) => {
      const entries: Record<string, unknown>[] = passwords.map((pw, r) => ({ name: `t${r}`, secret: pw, description: 'd', usedIn: ['ci'], scopes: ['api'], instance: 'https://gitlab.example.com' }));
      for (const p of plants) {
        const from = p.from % passwords.length;
        const into = p.into % passwords.length;
        const key = fields[p.field % fields.length]!;
        const text = planted(passwords[from]!, from === into, p);
        const entry = entries[into]!;
        if (key === 'usedIn' || key === 'scopes') entry[key] = [...(entry[key] as string[]), text];
        else entry[key] = `${typeof entry[key] === 'string' ? `${entry[key] as string} ` : ''}${text}`;
      }
      if (emptyRow !== null) entries[emptyRow % passwords.length]!.secret = '';
      expectNoPassword(shownOf(Buffer.from(JSON.stringify(entries)), 'x.json'), entries.map((e) => e.secret as string).filter(Boolean), 'json');
    }), { numRuns: RUNS });
  });

  it('.kdbx: title, user name, URL, notes, group path', () => {
    fc.assert(fc.property(aFile, ({ passwords, plants }) => {
      const records = passwords.map((pw, r): KdbxRecord => ({
        title: `t${r}`, userName: 'u', password: pw, url: 'https://gitlab.example.com', notes: 'n', groupPath: ['Root'],
        createdAt: null, expiresAt: null, attachments: 0, historyVersions: 0, otherFields: 0, inRecycleBin: false, inTemplates: false,
      }));
      for (const p of plants) {
        const from = p.from % passwords.length;
        const rec = records[p.into % passwords.length]!;
        const text = planted(passwords[from]!, from === p.into % passwords.length, p);
        const f = p.field % 5;
        if (f === 0) rec.title += ` ${text}`;
        else if (f === 1) rec.userName += ` ${text}`;
        else if (f === 2) rec.url += `/${text}`;
        else if (f === 3) rec.notes += ` ${text}`;
        else rec.groupPath = ['Root', text];
      }
      const { items, preview } = planKdbxImport({ version: 'KDBX 4.0', cipher: 'ChaCha20', kdf: 'Argon2d' }, records, { all: true });
      const out = JSON.stringify({ inputs: items.map((i) => i.input), preview }) + urlNoteLines(items.flatMap((i) => i.urlNotes ?? [])).join('\n');
      expectNoPassword(out, passwords, 'kdbx');
      // Each secret is still its own entry's (none lost to the cleaning).
      expect(items.map((i) => i.secret).sort()).toEqual(passwords.filter((pw, i) => passwords.indexOf(pw) === i).sort());
    }), { numRuns: RUNS });
  });
});

describe('property: a valid row with nothing to clean comes out as it went in', () => {
  const scope = chars('abcdefghijklmnopqrstuvwxyz_', 1, 20);
  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const name = plainText.filter((t) => t.trim().length > 0);
  const row = fc.record({
    name, secret: password, description: plainText, kind: fc.constantFrom('personal', 'project', 'group', 'other'), scopes: fc.uniqueArray(scope, { maxLength: 5 }),
    expiresAt: fc.option(date), usedIn: fc.array(name, { maxLength: 3 }), instance: fc.option(fc.constantFrom('https://gitlab.example.com', 'https://gitlab.com', 'https://git.example.org/gitlab')),
  });
  const rows = fc.uniqueArray(row, { minLength: 1, maxLength: 6, selector: (r) => r.name.trim().toLowerCase() }).filter((list) => new Set(list.map((r) => r.secret)).size === list.length);

  it('JSON: every field, as the vault checks it', () => {
    fc.assert(fc.property(rows, (given) => {
      // A prefix names the kind over the file: give the kind it names.
      const entries = given.map((r) => ({ ...r, kind: r.secret.startsWith('glpat-') ? r.kind : r.secret.startsWith('gldt-') ? 'deploy' : r.secret.startsWith('glrt-') ? 'runner' : r.kind }));
      const items = parseImport(Buffer.from(JSON.stringify({ entries })), 'x.json');
      expect(items.map((i) => i.secret)).toEqual(entries.map((e) => e.secret));
      expect(items.map((i) => i.urlNotes)).toEqual(entries.map(() => undefined));
      items.forEach((item, i) => {
        const e = entries[i]!;
        expect(validateNewEntry(item.input)).toEqual({
          name: e.name.trim(), kind: e.kind, instance: e.instance, scopes: e.scopes, expiresAt: e.expiresAt, description: e.description,
          usedIn: e.usedIn.map((p) => p.trim()), leadDays: null, facts: null,
        });
      });
    }), { numRuns: RUNS });
  });

  it('CSV: title, password, user name and notes', () => {
    fc.assert(fc.property(rows, fc.array(plainText, { minLength: 6, maxLength: 6 }), (given, users) => {
      const text = HEADER + given.map((r, i) => ['Root', r.name, users[i]!, r.secret, '', r.description].map(csvCell).join(',')).join('\n');
      const items = parseImport(Buffer.from(text), 'x.csv');
      expect(items.map((i) => [i.input.name, i.secret, i.input.description])).toEqual(given.map((r, i) => [
        r.name.trim(), r.secret, [r.description.trim(), users[i]!.trim() ? `Username: ${users[i]!.trim()}` : ''].filter(Boolean).join('\n'),
      ]));
      expect(items.every((i) => i.urlNotes === undefined)).toBe(true);
    }), { numRuns: RUNS });
  });
});
