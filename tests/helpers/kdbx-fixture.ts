// Real KeePass databases for tests, written by KeePassXC itself (keepassxc-cli): from KeePassXC
// XML (`import`, which keeps expiry dates, history and the recycle bin), or entry by entry
// (`add`). keepassxc-cli 2.7 always creates KDBX 3.1 with AES-KDF and offers no cipher or KDF
// option, so KDBX 4 files (Argon2d, Argon2id, ChaCha20) start as an empty container made by
// kdbxweb with cheap KDF settings, and KeePassXC then adds the entries and saves the file.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as KdbxwebModule from 'kdbxweb';
import { argon2d, argon2id } from 'hash-wasm';

// kdbxweb is CommonJS: Node's ESM loader gives it as a default export, bundlers as named ones.
const kdbxweb: typeof KdbxwebModule = (KdbxwebModule as typeof KdbxwebModule & { default?: typeof KdbxwebModule }).default ?? KdbxwebModule;

export interface FixtureEntry {
  title: string;
  /** Group names from the top, e.g. ['GitLab', 'CI']. */
  group?: string[];
  password?: string;
  userName?: string;
  url?: string;
  notes?: string;
  /** ISO instants. */
  created?: string;
  expires?: string;
  /** Older passwords, kept as KeePass history versions. */
  history?: string[];
  /** File name → contents, as KeePass attachments. */
  attachments?: Record<string, string>;
  /** Extra string fields (TOTP and the like). */
  extra?: Record<string, string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const uuid = () => randomBytes(16).toString('base64');
const str = (key: string, value: string, protect = false) => `<String><Key>${key}</Key><Value${protect ? ' ProtectInMemory="True"' : ''}>${esc(value)}</Value></String>`;

/** KeePassXC's XML export format (KDBX 3.1 flavour: ISO dates, attachments in Meta). */
export function keepassXml(entries: FixtureEntry[], recycled: FixtureEntry[] = []): string {
  const binaries: string[] = [];
  const entryXml = (e: FixtureEntry, id = uuid(), inHistory = false): string => {
    const times = `<Times><CreationTime>${e.created ?? '2025-01-01T00:00:00Z'}</CreationTime><LastModificationTime>2025-06-01T00:00:00Z</LastModificationTime><Expires>${e.expires ? 'True' : 'False'}</Expires><ExpiryTime>${e.expires ?? '2025-01-01T00:00:00Z'}</ExpiryTime></Times>`;
    const fields = [str('Title', e.title), str('UserName', e.userName ?? ''), str('Password', e.password ?? '', true), str('URL', e.url ?? ''), str('Notes', e.notes ?? '')];
    for (const [k, v] of Object.entries(e.extra ?? {})) fields.push(str(k, v));
    const files = Object.entries(e.attachments ?? {}).map(([name, content]) => {
      binaries.push(`<Binary ID="${binaries.length}" Compressed="False">${Buffer.from(content).toString('base64')}</Binary>`);
      return `<Binary><Key>${esc(name)}</Key><Value Ref="${binaries.length - 1}"/></Binary>`;
    });
    const history = inHistory || !e.history?.length ? '' : `<History>${e.history.map((old) => entryXml({ ...e, password: old, history: [], attachments: {} }, id, true)).join('')}</History>`;
    return `<Entry><UUID>${id}</UUID>${times}${fields.join('')}${files.join('')}${history}</Entry>`;
  };
  interface Node { groups: Map<string, Node>; entries: string[] }
  const root: Node = { groups: new Map(), entries: [] };
  for (const e of entries) {
    let node = root;
    for (const name of e.group ?? []) {
      if (!node.groups.has(name)) node.groups.set(name, { groups: new Map(), entries: [] });
      node = node.groups.get(name)!;
    }
    node.entries.push(entryXml(e));
  }
  const groupXml = (name: string, node: Node, id = uuid()): string =>
    `<Group><UUID>${id}</UUID><Name>${esc(name)}</Name>${node.entries.join('')}${[...node.groups].map(([n, child]) => groupXml(n, child)).join('')}</Group>`;
  const binId = uuid();
  const bin = recycled.length ? `<Group><UUID>${binId}</UUID><Name>Recycle Bin</Name>${recycled.map((e) => entryXml(e)).join('')}</Group>` : '';
  const rootXml = groupXml('Root', root).replace(/<\/Group>$/, `${bin}</Group>`);
  const meta = `<Meta><Generator>KeePassXC</Generator><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>${recycled.length ? binId : 'AAAAAAAAAAAAAAAAAAAAAA=='}</RecycleBinUUID><Binaries>${binaries.join('')}</Binaries></Meta>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<KeePassFile>${meta}<Root>${rootXml}</Root></KeePassFile>\n`;
}

const keepassxc = (args: string[], input: string) => execFileSync('keepassxc-cli', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });

/** keepassxc-cli import: KDBX 3.1, AES-KDF (KeePassXC's 1,000,000 rounds), AES-256. */
export function kdbxFromXml(file: string, xml: string, password: string, keyFile?: string): string {
  const xmlFile = `${file}.xml`;
  fs.writeFileSync(xmlFile, xml);
  keepassxc(['import', '-q', ...(password ? ['-p'] : []), ...(keyFile ? ['--set-key-file', keyFile] : []), xmlFile, file], password ? `${password}\n${password}\n` : '');
  fs.rmSync(xmlFile);
  return file;
}

/**
 * keepassxc-cli db-create -p answered with an empty password and "y" to its question: KeePassXC's
 * "empty password" database (a password key of ""), which keepassxc-cli opens when the empty
 * password is typed. Entries are added the same way.
 */
export function emptyPasswordKdbx(file: string, entries: FixtureEntry[]): string {
  keepassxc(['db-create', '-q', '-p', file], '\ny\n');
  for (const entry of entries) {
    keepassxc(['add', '-q', '-p', ...(entry.url ? ['--url', entry.url] : []), file, entry.title], `\n${entry.password ?? ''}\n`);
  }
  return file;
}

/** keepassxc-cli add: one entry (with its group path) into an existing database. */
export function keepassxcAdd(file: string, password: string, entry: FixtureEntry, keyFile?: string): void {
  const where = [...(entry.group ?? []), entry.title].join('/');
  for (let i = 1; i < (entry.group ?? []).length + 1; i += 1) {
    const group = (entry.group ?? []).slice(0, i).join('/');
    try {
      keepassxc(['mkdir', '-q', ...(keyFile ? ['-k', keyFile] : []), ...(password ? [] : ['--no-password']), file, group], password ? `${password}\n` : '');
    } catch (error) {
      if (!/already exists/i.test(String((error as { stderr?: Buffer }).stderr ?? ''))) throw error;
    }
  }
  const args = ['add', '-q', '-p', ...(keyFile ? ['-k', keyFile] : []), ...(password ? [] : ['--no-password'])];
  if (entry.userName) args.push('-u', entry.userName);
  if (entry.url) args.push('--url', entry.url);
  if (entry.notes) args.push('--notes', entry.notes);
  keepassxc([...args, file, where], `${password ? `${password}\n` : ''}${entry.password ?? ''}\n`);
}

export type FixtureKdf = 'argon2d' | 'argon2id' | 'aes-kdf';
export type FixtureCipher = 'aes' | 'chacha20';

let argon2Ready = false;
function useHashWasmArgon2(): void {
  if (argon2Ready) return;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type) => {
    const derive = type === kdbxweb.CryptoEngine.Argon2TypeArgon2d ? argon2d : argon2id;
    const hash = await derive({ password: new Uint8Array(password), salt: new Uint8Array(salt), memorySize: memory, iterations, parallelism, hashLength: length, outputType: 'binary' });
    return hash.buffer as ArrayBuffer;
  });
  argon2Ready = true;
}

export interface ContainerOptions {
  password: string;
  kdf: FixtureKdf;
  cipher: FixtureCipher;
  keyFile?: string;
  version?: 3 | 4;
  /** With password '': a password key of the empty string rather than none. */
  emptyPassword?: boolean;
  /** A YubiKey-style challenge-response function (HMAC-SHA1 of the challenge, as KeePassXC's). */
  challengeResponse?: (challenge: ArrayBuffer) => Promise<Uint8Array>;
}

/** An empty KeePass database with the given KDF and cipher (cheap settings: 1 MiB, 2 passes). */
export async function emptyKdbx(file: string, options: ContainerOptions): Promise<string> {
  useHashWasmArgon2();
  const keyFile = options.keyFile ? fs.readFileSync(options.keyFile) : null;
  // emptyPassword: a password key of "" (kdbxweb's EmptyPass*.kdbx), not "no password key".
  const password = options.password || options.emptyPassword ? kdbxweb.ProtectedValue.fromString(options.password) : null;
  const credentials = new kdbxweb.Credentials(password, keyFile, options.challengeResponse);
  const db = kdbxweb.Kdbx.create(credentials, 'fixture');
  if (options.version === 3) {
    db.setVersion(3);
    db.header.keyEncryptionRounds = 1000;
  } else if (options.kdf === 'aes-kdf') {
    db.setKdf(kdbxweb.Consts.KdfId.Aes);
    db.header.kdfParameters!.set('R', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(1000));
  } else {
    db.setKdf(options.kdf === 'argon2d' ? kdbxweb.Consts.KdfId.Argon2d : kdbxweb.Consts.KdfId.Argon2id);
    db.header.kdfParameters!.set('M', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(1024 * 1024));
    db.header.kdfParameters!.set('I', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(2));
  }
  db.header.dataCipherUuid = new kdbxweb.KdbxUuid(options.cipher === 'chacha20' ? kdbxweb.Consts.CipherId.ChaCha20 : kdbxweb.Consts.CipherId.Aes);
  fs.writeFileSync(file, Buffer.from(await db.save()));
  return file;
}

/**
 * A large KDBX 4 database (Argon2d, cheap settings) made by kdbxweb, shaped like a real one:
 * `logins` website logins, `tokens` GitLab tokens with two history versions each, and one
 * token carrying random (incompressible) attachments of `attachmentMiB` in all. keepassxc-cli
 * needs over half a minute to write one this size, so the test only has it open the file.
 */
export async function bigKdbx(file: string, password: string, sizes: { logins: number; tokens: number; attachmentMiB: number }): Promise<string> {
  useHashWasmArgon2();
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password)), 'big');
  db.setKdf(kdbxweb.Consts.KdfId.Argon2d);
  db.header.kdfParameters!.set('M', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(1024 * 1024));
  db.header.kdfParameters!.set('I', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(2));
  const add = (group: KdbxwebModule.KdbxGroup, title: string, url: string, secret: (version: string) => string, versions: string[]) => {
    const entry = db.createEntry(group);
    entry.fields.set('Title', title);
    entry.fields.set('UserName', `user-${title}`);
    entry.fields.set('URL', url);
    entry.fields.set('Notes', randomBytes(60).toString('base64'));
    versions.forEach((version, i) => {
      if (i > 0) entry.pushHistory();
      entry.fields.set('Password', kdbxweb.ProtectedValue.fromString(secret(version)));
    });
    return entry;
  };
  const web = db.createGroup(db.getDefaultGroup(), 'Web');
  for (let i = 0; i < sizes.logins; i += 1) add(web, `site-${i}`, `https://site-${i}.example`, () => randomBytes(12).toString('base64url'), ['current']);
  const tokens = db.createGroup(db.getDefaultGroup(), 'GitLab');
  const versions = ['a', 'b', 'current'];
  for (let i = 0; i < sizes.tokens; i += 1) add(tokens, `token-${i}`, 'https://gitlab.example.com', (v) => `glpat-${v}-${i}-${randomBytes(12).toString('base64url')}`, versions);
  const carrier = add(tokens, 'attachments', '', () => 'glpat-carrier', ['current']);
  const chunk = 8 * 1024 * 1024;
  for (let left = sizes.attachmentMiB * 1024 * 1024, n = 0; left > 0; left -= chunk, n += 1) {
    carrier.binaries.set(`blob-${n}.bin`, await db.createBinary(new Uint8Array(randomBytes(Math.min(chunk, left))).buffer));
  }
  fs.writeFileSync(file, Buffer.from(await db.save()));
  return file;
}

/** The same database that kdbxweb wrote, after KeePassXC has opened it and saved it (db-info proves it opens). */
export function keepassxcInfo(file: string, password: string, keyFile?: string): string {
  return keepassxc(['db-info', '-q', ...(keyFile ? ['-k', keyFile] : []), ...(password ? [] : ['--no-password']), file], password ? `${password}\n` : '').toString('utf8');
}

/** A KeeShare signed container as KeePassXC writes it: a zip of container.share.kdbx and its signature. */
export function keeShareContainer(file: string, innerKdbx: Buffer): string {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of [['container.share.signature', Buffer.from('<KeeShare/>')], ['container.share.kdbx', innerKdbx]] as const) {
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(2, 8);
  end.writeUInt16LE(2, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...parts, dirBytes, end]));
  return file;
}

