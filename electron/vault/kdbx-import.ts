// Turns a KeePass database's records into vault entries and says what it did: which entries
// look like GitLab tokens, which were left out and why, which names changed. Pure: no I/O,
// no kdbxweb; the reader (kdbx-reader.ts) hands it plain records.
import { normaliseName } from './entry-codec';
import type { ImportItem } from './import-formats';
import { kindFromSecret } from './import-formats';
import { CREDENTIALS_LEFT_OUT, fieldNotes, isGitLabUrl, isTokenLike, urlFieldWithoutCredentials, urlsWithoutCredentials } from './import-rule';
import { FileSecrets, passwordNote, passwordRefusal } from './import-secrets';
import type { KdbxFileInfo, KdbxRecord } from './kdbx-reader';
import { DESCRIPTION_MAX, instanceOfPage, NAME_MAX, SECRET_MAX_BYTES } from './types';

export { GITLAB_TOKEN_PREFIXES, isGitLabUrl, isTokenLike } from './import-rule';

export interface SkippedEntry {
  name: string;
  group: string;
  reason: string;
}

export interface RenamedEntry {
  from: string;
  to: string;
  group: string;
}

/** What an import will do, before it does it; the CLI prints it and the app shows it. */
export interface KdbxPreview {
  source: KdbxFileInfo;
  /** Entries outside the recycle bin and the templates group (history versions not counted). */
  entries: number;
  tokenLike: number;
  /** Entries that do not look like GitLab tokens; imported only with `all`. */
  others: number;
  othersIncluded: boolean;
  importing: number;
  skipped: SkippedEntry[];
  renamed: RenamedEntry[];
  recycleBin: number;
  templates: number;
  historyVersions: number;
  /** Attachments on the entries being imported (never imported). */
  attachments: number;
  /** Entries being imported that carry fields beyond the standard five (not imported). */
  withOtherFields: number;
}

export interface KdbxPlan {
  items: ImportItem[];
  preview: KdbxPreview;
}

export interface PlanOptions {
  /** Take every entry with a password, not only token-like ones. */
  all?: boolean;
  /** Names already in the vault: an imported title that clashes gets a number. */
  takenNames?: Iterable<string>;
  /** True when the vault already holds this secret (an import run again): skipped, not renamed. */
  alreadyStored?: (title: string, secret: string) => boolean;
  now?: Date;
}

export function planKdbxImport(info: KdbxFileInfo, records: KdbxRecord[], options: PlanOptions = {}): KdbxPlan {
  const now = options.now ?? new Date();
  const used = new Set<string>();
  const secretsTaken = new Set<string>();
  const nextNumber = new Map<string, number>();
  for (const name of options.takenNames ?? []) used.add(normaliseName(name));
  const preview: KdbxPreview = {
    source: info, entries: 0, tokenLike: 0, others: 0, othersIncluded: !!options.all, importing: 0,
    skipped: [], renamed: [], recycleBin: 0, templates: 0, historyVersions: 0, attachments: 0, withOtherFields: 0,
  };
  const items: ImportItem[] = [];
  // No password of the database is shown in another entry's fields (import-secrets.ts).
  const secrets = new FileSecrets(records.map((r) => r.password));
  // A database files many entries under one URL: each distinct URL is parsed once (WHATWG URL
  // parsing was a quarter of planning 10,000 entries).
  const urls = new Map<string, UrlFacts>();
  const factsOf = (raw: string): UrlFacts => {
    let facts = urls.get(raw);
    if (!facts) {
      const { url, removed, dropped, token } = urlFieldWithoutCredentials(raw.trim());
      facts = { gitlab: isGitLabUrl(raw), url, removed, dropped, token, instance: url ? instanceOfPage(url) : null };
      urls.set(raw, facts);
    }
    return facts;
  };
  for (const record of records) {
    if (record.inRecycleBin) {
      preview.recycleBin += 1;
      continue;
    }
    if (record.inTemplates) {
      preview.templates += 1;
      continue;
    }
    preview.entries += 1;
    preview.historyVersions += record.historyVersions;
    const tokenLike = isTokenLike(record, (raw) => factsOf(raw).gitlab);
    if (tokenLike) preview.tokenLike += 1;
    else preview.others += 1;
    if (!tokenLike && !options.all) continue;
    const secret = record.password.trim();
    const title = cleanTitle(record.title, secrets, secret);
    const group = groupPathOf(record, secrets, secret);
    if (!secret) {
      preview.skipped.push({ name: title, group, reason: 'no password' });
      continue;
    }
    const badPassword = passwordRefusal(secret);
    if (badPassword) {
      // "Skipped 1 entry with a password that holds …" (import-summary.ts).
      preview.skipped.push({ name: title, group, reason: `a password that ${badPassword.replace(/^its password /, '')}` });
      continue;
    }
    if (Buffer.byteLength(secret, 'utf8') > SECRET_MAX_BYTES) {
      preview.skipped.push({ name: title, group, reason: 'password over 64 KiB' });
      continue;
    }
    if (options.alreadyStored?.(title, secret)) {
      preview.skipped.push({ name: title, group, reason: 'already in the vault with the same secret' });
      continue;
    }
    // One token stored once (as `add` refuses a second copy): a later entry with it is skipped.
    if (secretsTaken.has(secret)) {
      preview.skipped.push({ name: title, group, reason: 'the same password as an entry taken before it' });
      continue;
    }
    secretsTaken.add(secret);
    const name = uniqueName(title, used, nextNumber);
    if (name !== title) preview.renamed.push({ from: title, to: name, group });
    preview.attachments += record.attachments;
    if (record.otherFields > 0) preview.withOtherFields += 1;
    items.push(toItem(record, factsOf(record.url), name, secret, tokenLike, now, secrets));
  }
  preview.importing = items.length;
  return { items, preview };
}

interface UrlFacts {
  gitlab: boolean;
  /** The URL without credentials, and whether there were any. */
  url: string;
  removed: boolean;
  /** Text with an "@" that does not parse: left out whole (url is ""). */
  dropped: boolean;
  /** Still held a token-like text once its credentials were cut: left out whole (url is ""). */
  token: boolean;
  instance: string | null;
}

function toItem(record: KdbxRecord, urlFacts: UrlFacts, name: string, secret: string, tokenLike: boolean, now: Date, secrets: FileSecrets): ImportItem {
  // A URL holding a password of the database (in its path or query) is left out whole, and is no address.
  const held = urlFacts.url !== '' && secrets.holds(urlFacts.url, secret);
  const facts = held ? { ...urlFacts, url: '', instance: null } : urlFacts;
  const { url, removed } = facts;
  // A URL becomes the instance only for GitLab tokens (the same page rule as CSV: a relative
  // root is kept before "/-/" or "/api/v4"); another site's URL stays in the description, and
  // so does any URL the instance does not say in full (a project page, say).
  const instance = tokenLike ? facts.instance : null;
  const urlKept = url && (removed || instance !== url.replace(/\/+$/, '')) ? `URL: ${url}${removed ? ` ${CREDENTIALS_LEFT_OUT}` : ''}` : '';
  // No user name and password of a URL is stored or shown, in any field (import-rule.ts).
  // The group path is free text too: cut like the others, in the plan's "where" as well.
  const group = groupPathOf(record, secrets, secret);
  const where = `"${name}"${group ? ` (${group})` : ''}`;
  const urlNotes = fieldNotes(where, 'URL', facts);
  if (held) urlNotes.push(passwordNote(where, 'URL'));
  const freeText = (field: string, raw: string) => {
    const cleaned = urlsWithoutCredentials(raw);
    urlNotes.push(...fieldNotes(where, field, cleaned, true));
    const cut = secrets.cut(cleaned.text, secret);
    if (cut.cut) urlNotes.push(passwordNote(where, field));
    return cut.text;
  };
  const userName = freeText('UserName', record.userName).trim();
  // Title and group were cleaned before (cleanTitle, groupPathOf); their lines are said here.
  freeText('Title', record.title);
  freeText('group', record.groupPath.join('/'));
  const tail = [
    userName ? `Username: ${userName}` : '',
    urlKept,
    group ? `KeePass group: ${group}` : '',
  ].filter(Boolean);
  const tailText = tail.join('\n');
  const room = DESCRIPTION_MAX - tailText.length - (tailText ? 1 : 0);
  const notes = freeText('Notes', record.notes).trim().slice(0, Math.max(0, room));
  const description = [notes, tailText].filter(Boolean).join('\n').slice(0, DESCRIPTION_MAX);
  const created = record.createdAt && record.createdAt.getTime() <= now.getTime() ? record.createdAt.toISOString() : undefined;
  // KeePass writes years 1–9999; a later (or earlier) one is no date the vault keeps (YYYY-MM-DD): unknown, and said so.
  const expiry = record.expiresAt ? record.expiresAt.toISOString().slice(0, 10) : null;
  const expiresAt = expiry && /^\d{4}-/.test(expiry) ? expiry : null;
  if (expiry && !expiresAt) urlNotes.push(`${where}: its expiry date is not in the years 1 to 9999, so it was left unknown`);
  return {
    input: {
      name,
      kind: kindFromSecret(secret),
      instance,
      // GitLab tokens stop at 00:00 UTC on their date: the UTC day of KeePass's instant errs early.
      expiresAt,
      description,
    },
    secret,
    gitlab: tokenLike,
    ...(created ? { createdAt: created } : {}),
    ...(urlNotes.length ? { urlNotes } : {}),
  };
}

/** The entry's group path as it may be shown and stored: without credentials or token-like text. */
function groupPathOf(record: KdbxRecord, secrets: FileSecrets, secret: string): string {
  return record.groupPath.length ? secrets.cut(urlsWithoutCredentials(record.groupPath.join('/')).text, secret).text : '';
}

function cleanTitle(raw: string, secrets: FileSecrets, secret: string): string {
  const title = secrets.cut(urlsWithoutCredentials(raw).text, secret).text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return (title || '(untitled)').slice(0, NAME_MAX);
}

/**
 * The title itself, or "title (2)", "title (3)"… — the first not in the vault or taken earlier in
 * this file. `next` remembers, per title, the number to try next: 20,000 entries of one title
 * cost 20,000 tries, not 200 million (a hostile database took 50 s that way).
 */
function uniqueName(title: string, used: Set<string>, next: Map<string, number>): string {
  const key = normaliseName(title);
  let name = title;
  if (used.has(key)) {
    let n = next.get(key) ?? 2;
    do {
      const suffix = ` (${n})`;
      name = `${title.slice(0, NAME_MAX - suffix.length).trimEnd()}${suffix}`;
      n += 1;
    } while (used.has(normaliseName(name)));
    next.set(key, n);
  }
  // A title taken as it is was normalised above (Unicode normalisation is a tenth of planning).
  used.add(name === title ? key : normaliseName(name));
  return name;
}
