// Reads other tools' exports into entries: KeePassXC's CSV and this tool's own JSON. A file is
// taken whole or not at all: the first bad row stops the import with a sentence naming it.
import { parse } from 'csv-parse/sync';
import { VaultError } from './errors';
import { instanceOfPage, type NewEntry, type TokenKind } from './types';
import { normaliseName } from './entry-codec';

export interface ImportItem {
  input: NewEntry;
  secret: string;
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
  if (secret.startsWith('gldt-')) return 'deploy';
  if (secret.startsWith('glpat-')) return 'personal';
  return 'other';
}

export function parseImport(bytes: Uint8Array, fileName: string): ImportItem[] {
  const text = decodeUtf8(bytes);
  const looksJson = /^\s*[[{]/.test(text) || fileName.toLowerCase().endsWith('.json');
  const items = looksJson ? parseOwnJson(text) : parseKeePassCsv(text);
  rejectDuplicateNames(items);
  return items;
}

function parseKeePassCsv(text: string): ImportItem[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false, trim: false }) as Record<string, string>[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw bad(`The CSV is malformed${line ? ` near line ${line}` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (rows.length === 0) throw bad('The CSV has no entries.');
  for (const column of ['Title', 'Password']) {
    if (!(column in rows[0]!)) throw bad(`The CSV has no "${column}" column; export it from KeePassXC with its standard columns.`);
  }
  return rows.map((row, index) => {
    const where = `Row ${index + 2}`;
    const secret = (row.Password ?? '').trim();
    if (!secret) throw bad(`${where} ("${row.Title ?? ''}") has no password; nothing was imported.`);
    const url = (row.URL ?? '').trim();
    const instance = url ? instanceOfPage(url) : null;
    const notes = [row.Notes?.trim(), row.Username?.trim() ? `Username: ${row.Username.trim()}` : '', url && !instance ? `URL: ${url}` : '']
      .filter(Boolean)
      .join('\n');
    return {
      input: { name: (row.Title ?? '').trim() || `${where} (untitled)`, kind: kindFromSecret(secret), instance, description: notes.slice(0, 2000) },
      secret,
    };
  });
}

function parseOwnJson(text: string): ImportItem[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw bad(`The JSON is malformed: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) throw bad('The JSON must be a list of entries, or an object with an "entries" list.');
  return list.map((raw, index) => {
    const item = raw as Record<string, unknown>;
    if (typeof item !== 'object' || item === null || typeof item.secret !== 'string' || !item.secret.trim()) {
      throw bad(`Entry ${index + 1} has no "secret"; nothing was imported.`);
    }
    const { secret, name, kind, instance, scopes, expiresAt, description, usedIn, leadDays } = item;
    return {
      input: { name, kind, instance, scopes, expiresAt, description, usedIn, leadDays } as NewEntry,
      secret: secret.trim(),
    };
  });
}

function rejectDuplicateNames(items: ImportItem[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (typeof item.input.name !== 'string') return;
    const key = normaliseName(item.input.name);
    const first = seen.get(key);
    if (first !== undefined) throw bad(`"${item.input.name}" appears twice (entries ${first + 1} and ${index + 1}); rename one and import again.`);
    seen.set(key, index);
  });
}
