// Reads other tools' exports into entries: KeePassXC's CSV and this tool's own JSON. Row by row
// (readImportRows: the app's preview says which rows are refused and why), or whole or not at
// all (parseImport: the CLI, where the first bad row stops the import with a sentence naming it).
import { kindMismatch, tokenShape } from './token-shape';
import { VaultError } from './errors';
import { instanceOfPage, newEntrySchema, type NewEntry, type TokenKind } from './types';
import { fastNewEntry } from './new-entry-check';
import { normaliseName } from './entry-codec';
import { jsonParseError } from './parse-errors';
import { csvRecords } from './csv-records';
import { CREDENTIALS_LEFT_OUT, fieldNotes, isGitLabUrl, isTokenLike, urlFieldWithoutCredentials, urlsWithoutCredentials } from './import-rule';

export interface ImportItem {
  input: NewEntry;
  secret: string;
  /** When the entry was first made elsewhere (ISO instant); the import time otherwise. */
  createdAt?: string;
  /** A GitLab token by the one import rule (import-rule.ts): taken by default; the others only when asked. */
  gitlab?: boolean;
  /** What the import plan says was taken out of this entry's URLs (row and field, never the text). */
  urlNotes?: string[];
}

const bad = (message: string) => new VaultError('INVALID_INPUT', message);

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw bad('The file is not UTF-8 text; export it again as UTF-8 (KeePassXC does so by default).');
  }
}

/** Token kind from its prefix, when the prefix says it; GitLab's defaults (admins may change them). */
export function kindFromSecret(secret: string): TokenKind {
  // glpat-, or the routable shape with the instance's own prefix (token-shape.ts): a person's token until GitLab says otherwise.
  const shape = tokenShape(secret);
  if (!shape) return 'other';
  if (shape.kinds.includes('personal')) return 'personal';
  // A prefix that names one kind (gldt- deploy, glrt- runner, glptt- trigger, glagent-, gloas-, glft-, glimt-) is that kind.
  return shape.kinds.length === 1 ? (shape.kinds[0] as TokenKind) : 'other';
}

/** One row of a file: the entry it makes, or why it is refused. `row` counts as a user would (CSV: the line, header = 1). */
export type ImportRow =
  | { row: number; name: string; item: ImportItem; refused?: undefined }
  | { row: number; name: string; item?: undefined; refused: string };

/** Row by row, for a preview: a bad row is refused with a reason instead of stopping the file. A bad FILE still throws. */
export function readImportRows(bytes: Uint8Array, fileName: string): ImportRow[] {
  const text = decodeUtf8(bytes);
  const looksJson = /^\s*[[{]/.test(text) || fileName.toLowerCase().endsWith('.json');
  return refuseRepeatedNames(looksJson ? ownJsonRows(text) : keePassCsvRows(text));
}

/** The whole file or nothing (the CLI): the first refused row stops the import with a sentence naming it. */
export function parseImport(bytes: Uint8Array, fileName: string): ImportItem[] {
  const rows = readImportRows(bytes, fileName);
  const refused = rows.find((r) => r.refused !== undefined);
  if (refused) throw bad(`${refused.refused}; nothing was imported.`);
  return rows.map((r) => r.item!);
}

/** The columns of KeePassXC's export an import reads; the others are not kept. */
const KEEPASS_COLUMNS = ['Title', 'Username', 'Password', 'URL', 'Notes'] as const;

function keePassCsvRows(text: string): ImportRow[] {
  const rows = csvRecords(text, KEEPASS_COLUMNS);
  if (rows.length === 0) throw bad('The CSV has no entries.');
  for (const column of ['Title', 'Password']) {
    if (!(column in rows[0]!)) throw bad(`The CSV has no "${column}" column; export it from KeePassXC with its standard columns.`);
  }
  // An export's rows share a few addresses: each is parsed once (both are pure functions of the text).
  const gitlabUrl = remembered(isGitLabUrl);
  const instanceOf = remembered(instanceOfPage);
  return rows.map((row, index): ImportRow => {
    const where = `Row ${index + 2}`;
    // No user name and password of a URL is stored or shown, wherever in the row it is (import-rule.ts).
    const urlNotes: string[] = [];
    const freeText = (field: string, raw: string) => {
      const cleaned = urlsWithoutCredentials(raw);
      urlNotes.push(...fieldNotes(where, field, cleaned, true));
      return cleaned.text;
    };
    const title = freeText('Title', row.Title ?? '');
    const name = title.trim() || `${where} (untitled)`;
    const secret = (row.Password ?? '').trim();
    if (!secret) return { row: index + 2, name, refused: `${where} ("${title}") has no password` };
    const facts = urlFieldWithoutCredentials(row.URL ?? '');
    const { url, removed } = facts;
    urlNotes.push(...fieldNotes(where, 'URL', facts));
    const noteText = freeText('Notes', row.Notes ?? '').trim();
    const userName = freeText('Username', row.Username ?? '').trim();
    // Only a GitLab token's URL is its GitLab address; another site's stays in the description.
    const gitlab = isTokenLike({ password: secret, url }, gitlabUrl);
    const instance = url && gitlab ? instanceOf(url) : null;
    const notes = [noteText, userName ? `Username: ${userName}` : '', url && (!instance || removed) ? `URL: ${url}${removed ? ` ${CREDENTIALS_LEFT_OUT}` : ''}` : '']
      .filter(Boolean)
      .join('\n');
    const item: ImportItem = { input: { name, kind: kindFromSecret(secret), instance, description: notes.slice(0, 2000) }, secret, gitlab };
    if (urlNotes.length) item.urlNotes = urlNotes;
    return { row: index + 2, name, item };
  });
}

function remembered<T>(answer: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (!known.has(text)) known.set(text, answer(text));
    return known.get(text)!;
  };
}

function ownJsonRows(text: string): ImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw jsonParseError(text);
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) throw bad('The JSON must be a list of entries, or an object with an "entries" list.');
  return list.map((raw, index): ImportRow => {
    const item = raw as Record<string, unknown>;
    const where = `Entry ${index + 1}`;
    // No user name and password of a URL is stored or shown, wherever in the entry it is (import-rule.ts).
    const urlNotes: string[] = [];
    const freeText = (field: string, value: unknown): unknown => {
      if (typeof value !== 'string') return value;
      const cleaned = urlsWithoutCredentials(value);
      urlNotes.push(...fieldNotes(where, `"${field}"`, cleaned, true));
      return cleaned.text;
    };
    const givenName = typeof item === 'object' && item !== null ? freeText('name', item.name) : undefined;
    const name = typeof givenName === 'string' && givenName.trim() ? givenName : where;
    if (typeof item !== 'object' || item === null || typeof item.secret !== 'string' || !item.secret.trim()) {
      return { row: index + 1, name, refused: `${where} has no "secret"` };
    }
    const { secret, kind, scopes, expiresAt, leadDays } = item;
    let instance = item.instance;
    if (typeof instance === 'string') {
      const facts = urlFieldWithoutCredentials(instance);
      urlNotes.push(...fieldNotes(where, '"instance"', facts));
      instance = facts.dropped || facts.token ? null : facts.url;
    }
    const description = freeText('description', item.description);
    const usedIn = Array.isArray(item.usedIn) ? item.usedIn.map((place) => freeText('usedIn', place)) : item.usedIn;
    const entry: ImportItem = {
      // The prefix names the kind over the file (a gldt- secret is a deploy token whatever the file says).
      input: { name: givenName, kind: typeof kind === 'string' && kindMismatch(secret, kind) ? kindFromSecret(secret) : kind, instance, scopes, expiresAt, description, usedIn, leadDays } as NewEntry,
      secret: secret.trim(),
      gitlab: isTokenLike({ password: secret, url: typeof instance === 'string' ? instance : '' }),
    };
    if (urlNotes.length) entry.urlNotes = [...new Set(urlNotes)];
    const problem = fieldProblem(entry.input);
    if (problem) return { row: index + 1, name, refused: `${where}: ${problem}` };
    return { row: index + 1, name, item: entry };
  });
}

/**
 * Why the vault would refuse an entry's fields, naming the field and never the file's text: the
 * vault's own check quotes a bad address back (right for one a person typed), and in an export
 * that text is often a token. Checked here so the CLI and the preview both name the entry.
 */
function fieldProblem(input: NewEntry): string | null {
  if (fastNewEntry(input)) return null;
  const issue = newEntrySchema.safeParse(input).error?.issues[0];
  if (!issue) return null;
  const field = `"${issue.path.map(String).join('.')}"`;
  if (issue.path[0] === 'instance') return `${field} is not a GitLab address; write it like https://gitlab.example.com`;
  return `${field}: ${issue.message.replace(/\.$/, '')}`;
}

function refuseRepeatedNames(rows: ImportRow[]): ImportRow[] {
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    if (!row.item || typeof row.item.input.name !== 'string') return row;
    const key = normaliseName(row.item.input.name);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return row;
    }
    return { row: row.row, name: row.name, refused: `"${row.item.input.name}" appears twice (entries ${first + 1} and ${index + 1}); rename one and import again` };
  });
}
