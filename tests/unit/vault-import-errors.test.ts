// A broken CSV or JSON export is where a token sits next to the fault, and the parsers quote
// the text around a fault. These attack the import with files broken right at a secret and
// check that the sentence a person gets names a place (line, field/column) and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImport, readImportRows } from '../../electron/vault/import-formats';
import { jsonFaultOffset, lineAndColumn } from '../../electron/vault/parse-errors';

const HEADER = '"Group","Title","Username","Password","URL","Notes"\n';
const bytes = (text: string) => Buffer.from(text, 'utf8');
const SECRET = 'glpat-Hostile5ecretValue0987';

/** Every 6-character piece of the secret: a message may not quote even part of it. */
const pieces = (secret: string) => Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    return (error as Error).message;
  }
  throw new Error('the import did not refuse the file');
}

const secretArb = fc.stringMatching(/^[A-Za-z0-9_-]{12,30}$/).map((tail) => `glpat-${tail}`);
/** Text of any kind that keeps to one CSV field's line (no quote, comma or newline of its own). */
const plainArb = fc.string({ maxLength: 20 }).map((s) => s.replace(/[",\r\n]/g, ''));

describe('CSV parse errors name a line and field, never the text', () => {
  it.each([
    ['a quote inside an unquoted field', `${HEADER}"g","t","",ab"${SECRET}","",""\n`, /line 2, field 4: a quote inside a field/],
    ['text after a closing quote', `${HEADER}"g","t","","${SECRET}"x,"",""\n`, /line 2, field 4: something right after a closing quote/],
    ['a quote never closed', `${HEADER}"g","t","","${SECRET},"",""\n`, /line 2.*a quote that is never closed/],
    ['a row with an extra field', `${HEADER}"g","t","","${SECRET}","","","${SECRET}"\n`, /line 2.*a different number of fields than the header/],
  ])('%s', (_label, text, place) => {
    const message = messageOf(() => parseImport(bytes(text), 'export.csv'));
    expect(message).toMatch(place);
    for (const piece of pieces(SECRET)) expect(message).not.toContain(piece);
  });

  it('property: a secret at a broken spot, anywhere in a random file, never appears in the message', () => {
    const breakers = [
      (s: string) => `ab"${s}"`, // opening quote inside a field
      (s: string) => `"${s}"x`, // text after the closing quote
      (s: string) => `"${s}`, // never closed
      (s: string) => `"${s}",extra,fields,here,and,more,still`, // ragged row
    ];
    fc.assert(
      fc.property(secretArb, fc.array(fc.tuple(plainArb, plainArb), { maxLength: 5 }), fc.integer({ min: 0, max: breakers.length - 1 }), plainArb, (secret, before, how, title) => {
        const good = before.map(([t, p]) => `"g","${t}","","${p}","",""\n`).join('');
        const text = `${HEADER}${good}"g","${title}","",${breakers[how]!(secret)},"",""\n"g","after","","${secret}","",""\n`;
        const message = messageOf(() => readImportRows(bytes(text), 'export.csv'));
        expect(message).toMatch(/^The CSV is malformed at line \d+(, field \d+)?/);
        for (const piece of pieces(secret)) expect(message).not.toContain(piece);
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON parse errors name a line and column, never the text', () => {
  it('says where: line and column of the fault, counted as an editor does', () => {
    const text = `{\n  "entries": [\n    {"name": "a", "secret": ${SECRET}}\n  ]\n}`;
    const message = messageOf(() => parseImport(bytes(text), 'export.json'));
    expect(message).toBe('The JSON is malformed at line 3, column 29; fix it or export it again. Nothing was imported.');
    expect(text.split('\n')[2]!.slice(28)).toMatch(/^glpat-/);
  });

  it('a file cut short says so', () => {
    expect(messageOf(() => parseImport(bytes(`[{"name":"a","secret":"${SECRET}`), 'x.json'))).toBe('The JSON is malformed (it ends too early); fix it or export it again. Nothing was imported.');
  });

  it('property: random JSON broken right after an embedded secret never quotes it', () => {
    const damage = ['', ' x', '}', ']', ':', '"', ',,', '\\'];
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), secretArb, fc.integer({ min: 0, max: damage.length - 1 }), fc.boolean(), (json, secret, how, quoted) => {
        const entry = quoted ? `"${secret}"${damage[how]}` : `${secret}${damage[how]}`;
        const text = `{"other": ${json}, "entries": [{"name": "n", "secret": ${entry}}], "more": ${json}}`;
        fc.pre((() => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        })());
        const message = messageOf(() => readImportRows(bytes(text), 'x.json'));
        expect(message).toMatch(/^The JSON is malformed( at line \d+, column \d+| \(it ends too early\))/);
        for (const piece of pieces(secret)) expect(message).not.toContain(piece);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the fault is found exactly where JSON.parse stops (when Node says where), and only in invalid text', () => {
    const mutated = fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('', '"', '}', ']', ',', 'x', '\\', '\n', '[', '{', '-', '0', 'e')).map(
      ([json, at, insert]) => {
        const cut = json.length ? at % (json.length + 1) : 0;
        return json.slice(0, cut) + insert + json.slice(cut);
      },
    );
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), mutated), (text) => {
        let nodePosition: number | null = null;
        let valid = true;
        try {
          JSON.parse(text);
        } catch (error) {
          valid = false;
          const m = /at position (\d+)/.exec((error as Error).message);
          if (m) nodePosition = Number(m[1]);
        }
        const ours = jsonFaultOffset(text);
        if (valid) expect(ours).toBe(-1);
        else expect(ours).toBeGreaterThanOrEqual(0);
        if (nodePosition !== null) expect(ours).toBe(nodePosition);
      }),
      { numRuns: 2000 },
    );
  });

  it('a bad \\u escape is placed where V8 places it: at the first of its four places that is not a hex digit', () => {
    // fast-check found `"\u0"` (seed 707803298): V8 says position 4, the scan said 3.
    for (const text of ['"\\u0"', '"\\u0', '"ab\\u00"', '["\\u0g"]', '"\\u"', '"\\u012"x', '{"a":"\\u0 "}']) {
      let position = -2;
      try {
        JSON.parse(text);
      } catch (error) {
        position = Number(/at position (\d+)/.exec((error as Error).message)![1]);
      }
      expect(jsonFaultOffset(text), text).toBe(position);
    }
  });

  it('a hostile depth of brackets is scanned without overflowing the stack', () => {
    const text = `${'['.repeat(200_000)}x`;
    expect(jsonFaultOffset(text)).toBe(200_000);
  });

  it('lines end at LF, CRLF and CR', () => {
    expect(lineAndColumn('a\r\nb\rc\nd', 7)).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn('abc', 2)).toEqual({ line: 1, column: 3 });
  });
});

describe('a JSON field the vault refuses is named by entry and field, never quoted', () => {
  // A secret without a GitLab prefix (an old token, a password) that landed in another field of
  // an export: the vault's own check of a typed address quotes it back, the import must not.
  const BARE = 'hunter2SuperSecretValue77';
  const entries = (bad: Record<string, unknown>) => JSON.stringify([{ name: 'fine', secret: 'glpat-FineFineFine00000001' }, { name: 'second', secret: 'glpat-FineFineFine00000002', ...bad }]);

  it.each([
    ['an address that is the secret', { instance: BARE }, /^Entry 2: "instance" is not a GitLab address/],
    ['an address of another scheme', { instance: `ftp://${BARE}` }, /^Entry 2: "instance" is not a GitLab address/],
    // (with a GitLab prefix the secret names the kind over the file's: here it has none)
    ['a kind that is the secret', { secret: 'plain-secret-of-no-prefix', kind: BARE }, /^Entry 2: "kind": Kind must be one of/],
    ['a date that is the secret', { expiresAt: BARE }, /^Entry 2: "expiresAt": Dates are written YYYY-MM-DD/],
    ['places that are not a list', { usedIn: BARE }, /^Entry 2: "usedIn": /],
  ])('%s', (_label, bad, said) => {
    const message = messageOf(() => parseImport(bytes(entries(bad)), 'export.json'));
    expect(message).toMatch(said);
    expect(message).toMatch(/; nothing was imported\.$/);
    for (const piece of pieces(BARE)) expect(message).not.toContain(piece);
    // The app's preview: that row refused with the same words, the others still ready.
    const rows = readImportRows(bytes(entries(bad)), 'export.json');
    expect(rows[0]!.refused).toBeUndefined();
    expect(rows[1]!.refused).toMatch(said);
  });
});
