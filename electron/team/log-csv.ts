// The team log as CSV (RFC 4180, through csv-stringify, the writing half of the csv-parse the
// importer uses): one row per entry, a header row, the same columns from the CLI and the app.
// A cell a spreadsheet would run as a formula (a token named "=HYPERLINK(…)" by a member) gets a
// leading apostrophe, as OWASP advises for CSV meant to be opened in Excel or LibreOffice.
import { stringify } from 'csv-stringify/sync';
import type { LogRow } from './audit-check';
import { ACTION_WORDS } from './team-log';

const COLUMNS = ['time', 'author', 'author fingerprint', 'author standing', 'action', 'token id', 'token or member name', 'detail', 'device', 'published'] as const;

const inert = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export function logCsv(rows: LogRow[]): string {
  const records = rows.map((r) => [r.at, r.author, r.fingerprint, r.standing, ACTION_WORDS[r.action], r.entryId ?? '', r.entryName ?? '', r.detail ?? '', r.device, r.pending ? 'not yet' : 'yes'].map(inert));
  return stringify([[...COLUMNS], ...records], { record_delimiter: 'unix' });
}
