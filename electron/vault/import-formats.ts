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
import { validateSecret } from './entry-input';
import { CREDENTIALS_LEFT_OUT, fieldNotes, isGitLabUrl, isTokenLike, urlFieldWithoutCredentials, urlsWithoutCredentials } from './import-rule';
import { FileSecrets, passwordNote, passwordRefusal } from './import-secrets';
import { TOKEN_KINDS } from './token-kinds';

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

/**
 * One row of a file: the entry it makes, or why it is refused. `row` counts as a user would (CSV:
 * the line, header = 1). A refused row with `gitlab` false is no GitLab token by the import rule:
 * an import that takes only those leaves it out rather than refusing the file for it.
 */
export type ImportRow =
  | { row: number; name: string; item: ImportItem; refused?: undefined; gitlab?: undefined }
  | { row: number; name: string; item?: undefined; refused: string; gitlab?: boolean };

/** Row by row, for a preview: a bad row is refused with a reason instead of stopping the file. A bad FILE still throws. */
export function readImportRows(bytes: Uint8Array, fileName: string): ImportRow[] {
  const text = decodeUtf8(bytes);
  const looksJson = /^\s*[[{]/.test(text) || fileName.toLowerCase().endsWith('.json');
  const unit = looksJson ? 'Entry' : 'Row';
  return refuseInvalid(refuseRepeatedNames(looksJson ? ownJsonRows(text) : keePassCsvRows(text), unit), unit);
}

/** A name as a sentence quotes it: at most 60 characters (a title may be a megabyte). */
export function quotedName(name: string): string {
  return `"${name.length > 60 ? `${name.slice(0, 60)}…` : name}"`;
}

/** "Row 3 ("name")", or "Row 3" alone when the name is only the row's own. */
const rowLabel = (unit: string, row: number, name: string) => (name.startsWith(`${unit} ${row}`) ? `${unit} ${row}` : `${unit} ${row} (${quotedName(name)})`);

/**
 * Each row as the vault will check it, refused here by row (fieldProblem, and the secret's
 * size): the CLI stores with Vault.checkMany, whose sentence names a field but not which of
 * 10,000 rows, and quotes a bad address back.
 */
function refuseInvalid(rows: ImportRow[], unit: 'Row' | 'Entry'): ImportRow[] {
  return rows.map((row) => {
    if (!row.item) return row;
    let problem = fieldProblem(row.item.input);
    if (!problem) {
      try {
        validateSecret(row.item.secret);
        return row;
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        problem = error.message.replace(/(; nothing was stored|, so nothing was stored)?\.$/, '');
      }
    }
    return { row: row.row, name: row.name, refused: `${unit} ${row.row}: ${problem}`, gitlab: row.item.gitlab };
  });
}

/** The whole file or nothing (the CLI): the first refused row stops the import with a sentence naming it. */
export function parseImport(bytes: Uint8Array, fileName: string): ImportItem[] {
  return parseImportFile(bytes, fileName, true).items;
}

/**
 * parseImport for the entries taken: every one with `all`, else the GitLab tokens (import-rule.ts).
 * A refused row stops the import only if it would be taken; `leftOut` counts the rows that are not.
 */
export function parseImportFile(bytes: Uint8Array, fileName: string, all: boolean): { items: ImportItem[]; leftOut: number } {
  const every = readImportRows(bytes, fileName);
  const rows = every.filter((r) => all || (r.item ? r.item.gitlab !== false : r.gitlab !== false));
  const refused = rows.find((r) => r.refused !== undefined);
  if (refused) throw bad(`${refused.refused}; nothing was imported.`);
  const items = rows.map((r) => r.item!);
  return { items, leftOut: every.length - items.length };
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
  const secrets = new FileSecrets(rows.map((row) => row.Password ?? ''));
  return rows.map((row, index): ImportRow => {
    const where = `Row ${index + 2}`;
    const secret = (row.Password ?? '').trim();
    // No user name and password of a URL, no token and no password of the file is stored or
    // shown, wherever in the row it is (import-rule.ts, import-secrets.ts).
    const urlNotes: string[] = [];
    const freeText = (field: string, raw: string) => {
      const cleaned = urlsWithoutCredentials(raw);
      urlNotes.push(...fieldNotes(where, field, cleaned, true));
      const cut = secrets.cut(cleaned.text, secret);
      if (cut.cut) urlNotes.push(passwordNote(where, field));
      return cut.text;
    };
    // A name is one line (a quoted title may span lines): control characters become spaces, as a .kdbx title's do.
    const title = freeText('Title', row.Title ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ');
    const name = title.trim() || `${where} (untitled)`;
    if (!secret) return { row: index + 2, name, refused: `${where} (${quotedName(title)}) has no password`, gitlab: gitlabUrl(row.URL ?? '') };
    const badPassword = passwordRefusal(secret);
    if (badPassword) return { row: index + 2, name, refused: `${rowLabel('Row', index + 2, name)}: ${badPassword}`, gitlab: isTokenLike({ password: secret, url: '' }, gitlabUrl) };
    const facts = urlFieldWithoutCredentials(row.URL ?? '');
    const { removed } = facts;
    urlNotes.push(...fieldNotes(where, 'URL', facts));
    // A URL holding a password of the file (in its path or query) is left out whole: cut, it would be another address.
    const url = facts.url && secrets.holds(facts.url, secret) ? '' : facts.url;
    if (url !== facts.url) urlNotes.push(passwordNote(where, 'URL'));
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
  const secretOf = (raw: unknown) => (typeof raw === 'object' && raw !== null && typeof (raw as { secret?: unknown }).secret === 'string' ? (raw as { secret: string }).secret : '');
  const secrets = new FileSecrets(list.map(secretOf));
  return list.map((raw, index): ImportRow => {
    const item = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const where = `Entry ${index + 1}`;
    const secret = secretOf(raw).trim();
    // No user name and password of a URL, no token and no password of the file is stored or
    // shown, wherever in the entry it is (import-rule.ts, import-secrets.ts).
    const urlNotes: string[] = [];
    const cleanText = (field: string, value: string): { text: string; changed: boolean } => {
      const cleaned = urlsWithoutCredentials(value);
      urlNotes.push(...fieldNotes(where, `"${field}"`, cleaned, true));
      const cut = secrets.cut(cleaned.text, secret);
      if (cut.cut) urlNotes.push(passwordNote(where, `"${field}"`));
      return { text: cut.text, changed: cut.text !== value };
    };
    // Other types go to the vault's check as they are, which refuses them by field (refuseInvalid).
    const freeText = (field: string, value: unknown): unknown => (typeof value === 'string' ? cleanText(field, value).text : value);
    const givenName = freeText('name', item.name);
    const name = typeof givenName === 'string' && givenName.trim() ? givenName : where;
    if (raw === item && item.secret !== undefined && typeof item.secret !== 'string') return { row: index + 1, name, refused: `${where}: "secret" is not text` };
    if (raw !== item || !secret) return { row: index + 1, name, refused: `${where} has no "secret"` };
    const badPassword = passwordRefusal(secret);
    if (badPassword) return { row: index + 1, name, refused: `${rowLabel('Entry', index + 1, name)}: ${badPassword.replace('its password', 'its "secret"').replace('the password field', '"secret"')}`, gitlab: isTokenLike({ password: secret, url: '' }) };
    const { kind, expiresAt, leadDays } = item;
    let instance = item.instance;
    if (typeof instance === 'string') {
      const facts = urlFieldWithoutCredentials(instance);
      urlNotes.push(...fieldNotes(where, '"instance"', facts));
      const held = facts.url !== '' && secrets.holds(facts.url, secret);
      if (held) urlNotes.push(passwordNote(where, '"instance"'));
      instance = facts.dropped || facts.token || held ? null : facts.url;
    }
    const description = freeText('description', item.description);
    const usedIn = Array.isArray(item.usedIn) ? item.usedIn.map((place) => freeText('usedIn', place)) : item.usedIn;
    // A scope is one word GitLab names (read_api): one that held a token, an address's
    // credentials or a password is no scope, so it is left out whole, not kept cut.
    const scopes = Array.isArray(item.scopes) ? item.scopes.filter((scope) => typeof scope !== 'string' || !cleanText('scopes', scope).changed) : item.scopes;
    // The prefix names the kind over the file (a gldt- secret is a deploy token whatever the file
    // says); a kind that is none of the vault's is refused by the vault's check, never replaced.
    const knownKind = typeof kind === 'string' && (TOKEN_KINDS as readonly string[]).includes(kind);
    const entry: ImportItem = {
      input: { name: givenName, kind: knownKind && kindMismatch(secret, kind) ? kindFromSecret(secret) : kind, instance, scopes, expiresAt, description, usedIn, leadDays } as NewEntry,
      secret,
      gitlab: isTokenLike({ password: secret, url: typeof instance === 'string' ? instance : '' }),
    };
    if (urlNotes.length) entry.urlNotes = [...new Set(urlNotes)];
    // Fields the vault would refuse: refuseInvalid, for every format.
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

function refuseRepeatedNames(rows: ImportRow[], unit: 'Row' | 'Entry'): ImportRow[] {
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    if (!row.item || typeof row.item.input.name !== 'string') return row;
    const key = normaliseName(row.item.input.name);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return row;
    }
    const these = `${unit === 'Row' ? 'rows' : 'entries'} ${rows[first]!.row} and ${row.row}`;
    return { row: row.row, name: row.name, refused: `${quotedName(row.item.input.name)} appears twice (${these}); rename one and import again`, gitlab: row.item.gitlab };
  });
}
