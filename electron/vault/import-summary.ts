// The preview of an import in plain sentences, one per line: what will be imported, what is
// left out and why, which names change. The CLI prints these; the app may show the same words.
import type { ImportPreview } from './import-file';
import type { RenamedEntry, SkippedEntry } from './kdbx-import';

const LISTED = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listed<T>(items: T[], show: (item: T) => string): string {
  const shown = items.slice(0, LISTED).map(show).join(', ');
  return items.length > LISTED ? `${shown}, and ${items.length - LISTED} more` : shown;
}

const where = (group: string) => (group ? ` (${group})` : '');
const skippedText = (s: SkippedEntry) => `"${s.name}"${where(s.group)}`;
const renamedText = (r: RenamedEntry) => `"${r.from}"${where(r.group)} → "${r.to}"`;

/** What was taken out of URLs (entry and field, never the text): the first ten, then a count. */
export function urlNoteLines(notes: readonly string[]): string[] {
  if (!notes.length) return [];
  const lines = notes.slice(0, LISTED).map((n) => `${n}.`);
  if (notes.length > LISTED) lines.push(`…and ${notes.length - LISTED} more fields with a user name and password, a URL or a token-like text left out.`);
  return lines;
}

/** `allHint` names the way to take every entry (the CLI's "--all", a check box in the app). */
export function summariseImport(preview: ImportPreview, allHint = '--all', options: { table?: boolean } = {}): string[] {
  const k = preview.kdbx;
  if (!k) {
    const lines = [`${preview.format.toUpperCase()} file: ${plural(preview.importing, 'entry', 'entries')} to import.`];
    if (preview.leftOut) {
      lines.push(`Left out ${plural(preview.leftOut, 'entry that is not a GitLab token', 'entries that are not GitLab tokens')} (no GitLab prefix such as glpat-, and no GitLab address); ${allHint} takes them too.`);
    }
    if (preview.clashes.length) lines.push(`Already in the vault: ${listed(preview.clashes, (n) => `"${n}"`)}; rename them in the file, or nothing can be imported.`);
    return [...lines, ...urlNoteLines(preview.urlNotes ?? [])];
  }
  // The CLI names the file's format and encryption (keepassxc-cli users read them); the app's words do not.
  const lines = [options.table ? `KeePass database: ${plural(k.entries, 'entry', 'entries')}.` : `${k.source.version} database (${k.source.kdf}, ${k.source.cipher}): ${plural(k.entries, 'entry', 'entries')}.`];
  const tokens = `${plural(k.tokenLike, 'entry looks like a GitLab token', 'entries look like GitLab tokens')} (a GitLab token prefix such as glpat-, or a GitLab URL)`;
  if (k.othersIncluded) lines.push(`${tokens}; ${plural(k.others, 'other')} taken too (${allHint}).`);
  else lines.push(`${tokens}; ${plural(k.others, 'other')} left out${k.others ? ` (${allHint} takes them too)` : ''}.`);
  for (const reason of new Set(k.skipped.map((s) => s.reason))) {
    const these = k.skipped.filter((s) => s.reason === reason);
    const why = reason.startsWith('already') ? reason : `with ${reason}`;
    lines.push(`Skipped ${plural(these.length, 'entry', 'entries')} ${why}: ${listed(these, skippedText)}.`);
  }
  if (k.recycleBin) lines.push(`Skipped ${plural(k.recycleBin, 'entry', 'entries')} in the recycle bin.`);
  if (k.templates) lines.push(`Skipped ${plural(k.templates, 'entry template')}.`);
  if (k.historyVersions) lines.push(`History is not imported: ${plural(k.historyVersions, 'older version stays', 'older versions stay')} in KeePass; each entry comes over as it is now.`);
  if (k.attachments) lines.push(`Attachments are not imported: ${plural(k.attachments, 'attachment')} ignored.`);
  if (k.withOtherFields) lines.push(`${plural(k.withOtherFields, 'entry has', 'entries have')} fields beyond title, username, password, URL and notes (such as TOTP); those fields are not imported.`);
  if (k.renamed.length) {
    lines.push(`Names must be unique: a title already in the vault, or used earlier in this database, gets " (2)", " (3)"…; renamed ${listed(k.renamed, renamedText)}.`);
  }
  lines.push(...urlNoteLines(preview.urlNotes ?? []));
  // The app's table says per row what is imported; the CLI says how many here.
  if (options.table) return lines;
  lines.push(`Importing ${plural(preview.importing, 'entry', 'entries')}: title → name, password → secret, URL → instance, username, notes and group → description, expiry date and creation time kept.`);
  return lines;
}
