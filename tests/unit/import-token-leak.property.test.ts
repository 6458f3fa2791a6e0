// Red team (round 2): a token after "https:" without slashes, "user:password@" without a scheme,
// a URL glued to the word before it, a password split by a Unicode space before its "@", a bare
// token in free text: none of it may reach a field that is not sealed. Property: a random token,
// in any of these shapes, in a random field of a random row of a CSV, JSON or .kdbx import, never
// appears in what is stored (the entries' inputs) nor in the plan's lines (import-summary).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readImportRows } from '../../electron/vault/import-formats';
import { summariseImport, urlNoteLines } from '../../electron/vault/import-summary';
import { planKdbxImport } from '../../electron/vault/kdbx-import';
import type { KdbxRecord } from '../../electron/vault/kdbx-reader';
import { urlsWithoutCredentials } from '../../electron/vault/import-rule';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const secretBody = fc.array(fc.constantFrom(...(ALNUM + '_-')), { minLength: 16, maxLength: 30 }).map((c) => `Q${c.join('')}Z`);
/** A known prefix (the token rule cuts it anywhere) or none (only the user:password@ rule can). */
const prefix = fc.constantFrom('glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glsoat-', 'GR1348941', '');
const spaces = fc.constantFrom(' ', '\t', '\u3000', '\u00a0', '\u2003', '\u202f', '\u205f');
const glued = fc.constantFrom('1', 'a', 'Z', '.', '+', '-', '1.', 'x+');
const user = fc.constantFrom('oauth2', 'git', 'gitlab-ci-token', 'u', '');
const host = fc.constantFrom('gitlab.example.com', 'gitlab.example.com/g/p.git', 'h:8443/x', '[::1]/x');
/** Each shape of the red team's, `t` the token. */
const shape = fc.oneof(
  fc.tuple(user, host).map(([u, h]) => (t: string) => `https://${u}:${t}@${h}`),
  fc.tuple(user, host).map(([u, h]) => (t: string) => `https:${u}:${t}@${h}`),
  fc.tuple(user, host).map(([u, h]) => (t: string) => `${u}:${t}@${h}`),
  fc.tuple(glued, user, host).map(([g, u, h]) => (t: string) => `${g}https://${u}:${t}@${h}`),
  fc.tuple(glued, user, host).map(([g, u, h]) => (t: string) => `${g}ssh://${u}:${t}@${h}`),
  fc.tuple(user, spaces, host).map(([u, s, h]) => (t: string) => `https://${u}:${t}${s}@${h}`),
  fc.tuple(user, spaces, host).map(([u, s, h]) => (t: string) => `${u}:${t}${s}@${h}`),
  fc.tuple(user, host).map(([u, h]) => (t: string) => `HTTPS://${u.toUpperCase()}:${t}@${h}`),
);
const around = fc.tuple(fc.constantFrom('', 'clone ', '(', '<', '"', 'url=', '[x](', 'a.b://x '), fc.constantFrom('', ')', '>', '"', ' then', '\nmore'));

interface Case { token: string; text: string; field: number; row: number; rows: number }
const aCase = fc.record({ p: prefix, body: secretBody, shape, around, bare: fc.boolean(), field: fc.nat(4), row: fc.nat(5), rows: fc.integer({ min: 1, max: 6 }) })
  .map(({ p, body, shape: make, around: [before, after], bare, field, row, rows }): Case => {
    const token = `${p}${body}`;
    // A bare token in free text: only a prefixed one is recognisable.
    const inner = bare && p ? token : make(token);
    return { token, text: `${before}${inner}${after}`, field, row: row % rows, rows };
  });

/** Ten-character windows of the token's body: no piece of it may come out. */
function expectNoPiece(out: string, token: string, what: string): void {
  const body = token.replace(/^(gl[a-z]+-|GR1348941)/, '');
  for (let i = 0; i + 10 <= body.length; i += 3) expect(out, `${what}: ${JSON.stringify(out)}`).not.toContain(body.slice(i, i + 10));
}

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;
const HEADER = '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"\n';

describe('no token of a random shape in a random field reaches a field that is not sealed', () => {
  it('property: CSV (Title, Username, URL, Notes)', () => {
    fc.assert(fc.property(aCase, (c) => {
      const lines = Array.from({ length: c.rows }, (_, r) => {
        const cells = [`t${r}`, 'u', `https://gitlab.example.com`, 'n'];
        if (r === c.row) cells[c.field % 4] = c.text;
        return ['Root', cells[0], cells[1], `glpat-REAL${String(r).padStart(16, '0')}`, cells[2], cells[3], '', '0', '', ''].map((cell) => csvCell(cell ?? '')).join(',');
      });
      const rows = readImportRows(Buffer.from(`${HEADER}${lines.join('\n')}\n`), 'x.csv');
      const notes = rows.flatMap((r) => r.item?.urlNotes ?? []);
      const plan = summariseImport({ format: 'csv', importing: rows.length, clashes: [], urlNotes: notes, leftOut: rows.filter((r) => r.refused).length } as never);
      expectNoPiece(JSON.stringify(rows) + plan.join('\n') + urlNoteLines(notes).join('\n'), c.token, 'csv');
    }), { numRuns: RUNS });
  });

  it('property: JSON (name, description, usedIn, instance)', () => {
    fc.assert(fc.property(aCase, (c) => {
      const entries = Array.from({ length: c.rows }, (_, r) => {
        const e: Record<string, unknown> = { name: `t${r}`, secret: `glpat-REAL${String(r).padStart(16, '0')}`, description: 'd', usedIn: ['ci'], instance: 'https://gitlab.example.com' };
        if (r === c.row) {
          const key = ['name', 'description', 'usedIn', 'instance'][c.field % 4]!;
          e[key] = key === 'usedIn' ? ['ci', c.text] : c.text;
        }
        return e;
      });
      const rows = readImportRows(Buffer.from(JSON.stringify(entries)), 'x.json');
      const notes = rows.flatMap((r) => r.item?.urlNotes ?? []);
      expectNoPiece(JSON.stringify(rows) + urlNoteLines(notes).join('\n'), c.token, 'json');
    }), { numRuns: RUNS });
  });

  it('property: .kdbx (title, user name, URL, notes, group path)', () => {
    fc.assert(fc.property(aCase, (c) => {
      const records = Array.from({ length: c.rows }, (_, r): KdbxRecord => {
        const rec: KdbxRecord = {
          title: `t${r}`, userName: 'u', password: `glpat-REAL${String(r).padStart(16, '0')}`, url: 'https://gitlab.example.com', notes: 'n', groupPath: ['Root'],
          createdAt: null, expiresAt: null, attachments: 0, historyVersions: 0, otherFields: 0, inRecycleBin: false, inTemplates: false,
        };
        if (r === c.row) {
          const f = c.field % 5;
          if (f === 0) rec.title = c.text;
          else if (f === 1) rec.userName = c.text;
          else if (f === 2) rec.url = c.text;
          else if (f === 3) rec.notes = c.text;
          else rec.groupPath = ['Root', c.text];
        }
        return rec;
      });
      const { items, preview } = planKdbxImport({ version: 'KDBX 4.0', cipher: 'ChaCha20', kdf: 'Argon2d' }, records, { now: new Date('2026-06-01T00:00:00Z') });
      const notes = items.flatMap((i) => i.urlNotes ?? []);
      const plan = summariseImport({ format: 'kdbx', importing: items.length, clashes: [], kdbx: preview, urlNotes: notes });
      expectNoPiece(JSON.stringify({ items, preview }) + plan.join('\n'), c.token, 'kdbx');
    }), { numRuns: RUNS });
  });
});

describe('urlsWithoutCredentials: the red team\'s shapes, and what it keeps', () => {
  it.each([
    ['clone with https:oauth2:glpat-SECRET01@gitlab.example.com/g/p.git', 'clone with gitlab.example.com/g/p.git'],
    ['remote oauth2:glpat-SECRET02@gitlab.example.com', 'remote gitlab.example.com'],
    ['1https://oauth2:SECRET14@gitlab.example.com', 'gitlab.example.com'],
    ['1.https://oauth2:SECRET24@gitlab.example.com', 'gitlab.example.com'],
    ['https://oauth2:SECRET10\u3000@gitlab.example.com', '\u3000@gitlab.example.com'],
    ['https://oauth2:SECRET\tSECRET25@gitlab.example.com', '\tgitlab.example.com'],
    ['Email: bob@example.com, https://u:p@h', 'Email: bob@example.com, https://h'],
    ['token glpat-SECRET26 here', 'token (a token-like text was left out) here'],
  ])('%j -> %j', (text, kept) => {
    const out = urlsWithoutCredentials(text);
    expect(out.text).toBe(kept);
    expect(out.text).not.toContain('SECRET');
  });

  it('keeps e-mail addresses, mentions and URLs with an "@" in their path (no ":" before the "@")', () => {
    for (const text of ['mail me@example.com', 'see https://gitlab.com/@bob', 'ping @alice: done', 'Email: bob@example.com', 'https://gitlab.com:8443/@bob']) {
      expect(urlsWithoutCredentials(text)).toEqual({ text, removed: false, dropped: false, token: false });
    }
  });

  it('says a token-like text was cut, by row and field, never the text', () => {
    const rows = readImportRows(Buffer.from(`${HEADER}"","t","u","glpat-REAL0000000000000001","https://gitlab.example.com","use glpat-SECRETSECRET27 for CI","","","",""\n`), 'x.csv');
    expect(rows[0]!.item!.urlNotes).toEqual(['Row 2: a token-like text in Notes was left out']);
    expect(rows[0]!.item!.input.description).toBe('use (a token-like text was left out) for CI\nUsername: u');
  });
});
