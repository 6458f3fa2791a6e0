// Reads the decrypted XML of a KeePass database in one pass (kdbx-xml-scan.ts), keeping only
// what an import needs. A DOM of the whole file costs ~25 KiB per entry (100,000 entries with history took
// 2.7 GB); a stream keeps only the records. Protected values (passwords) are XORed with the
// database's inner random stream in document order, exactly as KeePass writes them.
import { VaultError } from './errors';
import type { KdbxRecord } from './kdbx-reader';
import { CHUNK, scanXml, type XmlReader } from './kdbx-xml-scan';
import { SECRET_MAX_BYTES } from './types';

/** The inner random stream (Salsa20 / ChaCha20) of the database, from kdbxweb. */
export interface ProtectedStream {
  getSalt(length: number): ArrayBuffer;
}

export interface KeePassXml {
  records: KdbxRecord[];
  /** KDBX 3.1 keeps a hash of the file header in Meta; checked by the caller. */
  headerHash: string | null;
}

const STANDARD_FIELDS = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);
/** Elements whose text the import reads; the rest (attachments above all) is not kept. */
const READ = new Set(['RecycleBinUUID', 'RecycleBinEnabled', 'EntryTemplatesGroup', 'HeaderHash', 'UUID', 'Name', 'Key', 'Value', 'CreationTime', 'Expires', 'ExpiryTime']);
/**
 * Bounds on a decrypted database (the right password opens a hostile file too): groups nested
 * deeper than anyone files tokens, more entries than any export of tokens, and field values
 * past what an entry can keep (a secret over 64 KiB is skipped, a description is 2,000
 * characters) are not read further. 40,000 nested groups or a 200 MB field once exhausted memory.
 */
export const MAX_GROUP_DEPTH = 100;
export const MAX_ELEMENT_DEPTH = 2 * MAX_GROUP_DEPTH + 50;
export const MAX_ENTRIES = 200_000;
/** Characters of an unprotected value kept: more than any field is stored with. */
const TEXT_KEEP = SECRET_MAX_BYTES + 1;
/** Base64 characters of a protected value kept: enough to know a secret is over 64 KiB. */
const PROTECTED_KEEP = 4 * Math.ceil((SECRET_MAX_BYTES + 1) / 3);
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const CONTROLS = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const BASE64_ONLY = /^[A-Za-z0-9+/]*$/;
const NOT_BASE64 = /[^A-Za-z0-9+/]/g;
/** Seconds from 0001-01-01 to 1970-01-01: KDBX 4 writes dates as base64 seconds since year 1. */
const EPOCH_SECONDS = 62135596800;

interface GroupFrame {
  uuid: string;
  /** Names from the root group down to this one. */
  names: string[];
  inRecycleBin: boolean;
  inTemplates: boolean;
}

interface EntryDraft {
  fields: Map<string, string>;
  created: string;
  expires: string;
  expiry: string;
  attachments: number;
  historyVersions: number;
}

const tooMuch = (what: string) => new VaultError('INVALID_INPUT', `The database ${what}; Token Vault stops there, so nothing was imported.`);

export function parseKeePassXml(xml: string, stream: ProtectedStream): KeePassXml {
  const stack: string[] = [];
  const groups: GroupFrame[] = [];
  const records: KdbxRecord[] = [];
  const meta = { recycleBin: '', recycleBinEnabled: true, templates: '', headerHash: null as string | null };
  let entry: EntryDraft | null = null;
  let historyDepth = 0;
  let text = '';
  /** Base64 characters of a protected value past what is kept (they still move the inner stream on). */
  let overflow = 0;
  let isProtected = false;
  let collect = false;
  let key = '';

  const reader: XmlReader = {
    open(name, protectedValue) {
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (stack.length > MAX_ELEMENT_DEPTH) throw tooMuch(`nests its XML more than ${MAX_ELEMENT_DEPTH} levels deep`);
      text = '';
      overflow = 0;
      isProtected = protectedValue;
      // A protected value is always read: its length moves the inner stream on for the next one.
      collect = isProtected || READ.has(name);
      if (name === 'Group') {
        if (groups.length >= MAX_GROUP_DEPTH) throw tooMuch(`nests its groups more than ${MAX_GROUP_DEPTH} deep`);
        const up = groups[groups.length - 1];
        groups.push({ uuid: '', names: up ? [...up.names] : [], inRecycleBin: up?.inRecycleBin ?? false, inTemplates: up?.inTemplates ?? false });
      } else if (name === 'Entry') {
        if (parent === 'History') historyDepth += 1;
        else entry = { fields: new Map(), created: '', expires: '', expiry: '', attachments: 0, historyVersions: 0 };
      }
    },
    // Plain text stops being taken once TEXT_KEEP characters are kept; a protected value's
    // pieces keep coming, counted, since its whole length moves the inner stream on.
    collecting: () => collect && (isProtected || text.length < TEXT_KEEP),
    text(chunk) {
      if (!isProtected) {
        if (text.length < TEXT_KEEP) text += chunk.slice(0, TEXT_KEEP - text.length);
        return;
      }
      const base64 = BASE64_ONLY.test(chunk) ? chunk : chunk.replace(NOT_BASE64, '');
      const room = Math.max(0, PROTECTED_KEEP - text.length);
      text += base64.slice(0, room);
      overflow += Math.max(0, base64.length - room);
    },
    close(name) {
      stack.pop();
      const parent = stack[stack.length - 1];
      const value = isProtected ? unprotect(text, overflow, stream) : text;
      isProtected = false;
      collect = false;
      const group = groups[groups.length - 1];
      const inCurrentEntry = entry && historyDepth === 0;
      if (parent === 'Meta') {
        if (name === 'RecycleBinUUID') meta.recycleBin = value.trim();
        else if (name === 'RecycleBinEnabled') meta.recycleBinEnabled = value.trim().toLowerCase() !== 'false';
        else if (name === 'EntryTemplatesGroup') meta.templates = value.trim();
        else if (name === 'HeaderHash') meta.headerHash = value.trim();
      } else if (parent === 'Group' && group) {
        if (name === 'UUID') {
          group.uuid = value.trim();
          const unset = /^A+=*$/.test(group.uuid); // the all-zero UUID means "none"
          group.inRecycleBin ||= !unset && meta.recycleBinEnabled && group.uuid === meta.recycleBin;
          group.inTemplates ||= !unset && group.uuid === meta.templates;
        } else if (name === 'Name') {
          group.names.push(value);
        } else if (name === 'Group') {
          groups.pop();
        }
      } else if (name === 'Group') {
        groups.pop();
      } else if (inCurrentEntry && entry) {
        if (parent === 'String' && name === 'Key') key = value;
        else if (parent === 'String' && name === 'Value') entry.fields.set(key, value);
        else if (parent === 'Times' && name === 'CreationTime') entry.created = value;
        else if (parent === 'Times' && name === 'Expires') entry.expires = value;
        else if (parent === 'Times' && name === 'ExpiryTime') entry.expiry = value;
        else if (parent === 'Entry' && name === 'Binary') entry.attachments += 1;
      }
      if (name === 'Entry') {
        if (historyDepth > 0) {
          historyDepth -= 1;
          if (entry) entry.historyVersions += 1;
        } else if (entry) {
          if (records.length >= MAX_ENTRIES) throw tooMuch(`holds more than ${MAX_ENTRIES.toLocaleString('en-US')} entries`);
          records.push(toRecord(entry, group));
          entry = null;
        }
      }
      text = '';
    },
  };
  try {
    // KeePass tolerates control characters that XML forbids; kdbxweb drops them the same way.
    scanXml(CONTROL.test(xml) ? xml.replace(CONTROLS, '') : xml, reader);
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw new VaultError('DAMAGED', 'The database content is not valid KeePass XML; the file is damaged.');
  }
  return { records, headerHash: meta.headerHash };
}

/** `base64`: the value's base64 alphabet, whitespace gone; `overflow`: more of it, not kept. */
function unprotect(base64: string, overflow: number, stream: ProtectedStream): string {
  const whole = overflow === 0 ? base64 : base64.slice(0, base64.length - (base64.length % 4));
  const bytes = Buffer.from(whole, 'base64');
  // The inner stream moves on by the whole value's length, kept or not, in bounded steps.
  let skip = Math.floor(((base64.length - whole.length + overflow) * 6) / 8);
  if (overflow === 0) skip = 0;
  if (bytes.length > 0) {
    const salt = new Uint8Array(stream.getSalt(bytes.length));
    for (let i = 0; i < bytes.length; i += 1) bytes[i]! ^= salt[i]!;
  }
  for (; skip > 0; skip -= CHUNK) stream.getSalt(Math.min(skip, CHUNK));
  const text = bytes.toString('utf8');
  bytes.fill(0);
  return text;
}

function toDate(text: string): Date | null {
  const value = text.trim();
  if (!value) return null;
  if (value.includes(':')) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 8) return null;
  const seconds = Number(bytes.readBigInt64LE(0)) - EPOCH_SECONDS;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function toRecord(draft: EntryDraft, group: GroupFrame | undefined): KdbxRecord {
  const field = (name: string) => draft.fields.get(name) ?? '';
  let otherFields = 0;
  for (const name of draft.fields.keys()) if (!STANDARD_FIELDS.has(name)) otherFields += 1;
  return {
    title: field('Title'),
    userName: field('UserName'),
    password: field('Password'),
    url: field('URL'),
    notes: field('Notes'),
    // The root group's own name is left out, as in KeePassXC's entry paths.
    groupPath: group ? group.names.slice(1) : [],
    createdAt: toDate(draft.created),
    expiresAt: draft.expires.trim().toLowerCase() === 'true' ? toDate(draft.expiry) : null,
    attachments: draft.attachments,
    historyVersions: draft.historyVersions,
    otherFields,
    inRecycleBin: group?.inRecycleBin ?? false,
    inTemplates: group?.inTemplates ?? false,
  };
}
