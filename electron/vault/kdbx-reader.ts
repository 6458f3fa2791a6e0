// Opens a KeePass database (.kdbx, KDBX 3.1 and 4.x) in memory: kdbxweb checks and decrypts it,
// with Argon2d/Argon2id from hash-wasm (libsodium has no Argon2d, KeePassXC's default), and
// kdbx-xml.ts reads the entries out of the decrypted XML.
// Both libraries load only when a .kdbx is imported, hash-wasm only for an Argon2 database.
// Nothing is written anywhere; every failure
// is a VaultError with one sentence (wrong password → WRONG_PASSWORD, damage → DAMAGED,
// things we cannot read → INVALID_INPUT), and no sentence quotes the file's contents.
import { constants } from 'node:buffer';
import { createHash } from 'node:crypto';
import type * as Kdbxweb from 'kdbxweb';
import { VaultError } from './errors';
import { checkKdfAsk } from './kdbx-limits';
import { aesKdf } from './kdbx-aes-kdf';
import { inflateNatively } from './kdbx-inflate';
import { readKdbxInWorker } from './kdbx-run';
import { parseKeePassXml } from './kdbx-xml';

/** One entry as KeePass holds it, history versions left behind. */
export interface KdbxRecord {
  title: string;
  userName: string;
  password: string;
  url: string;
  notes: string;
  /** Group names from the top (the root group itself left out). */
  groupPath: string[];
  createdAt: Date | null;
  /** Set only when KeePass's "Expires" box is ticked. */
  expiresAt: Date | null;
  attachments: number;
  historyVersions: number;
  /** String fields other than the five standard ones (TOTP, custom attributes). */
  otherFields: number;
  inRecycleBin: boolean;
  inTemplates: boolean;
}

export interface KdbxFileInfo {
  version: string;
  cipher: string;
  kdf: string;
}

export interface KdbxContents {
  info: KdbxFileInfo;
  records: KdbxRecord[];
}

export interface KdbxCredentials {
  /** Empty means "no password", as in KeePassXC (a key file alone). */
  password: string;
  keyFile?: Uint8Array | null;
}

const KDBX_MAGIC = 0x9aa2d903;
const KDBX_SIG = 0xb54bfb67;
const KDB_SIG = 0xb54bfb65; // KeePass 1.x
const KDBX_PRE_RELEASE_SIG = 0xb54bfb66; // KeePass 2.0 betas

const CIPHERS: Record<string, string> = { 'McHy5r9xQ1C+WAUhavxa/w==': 'AES-256', '1gOKK4tvTLWlJDOaMdu1mg==': 'ChaCha20' };
const TWOFISH = 'l/b2Ua8uTSqXpI3I2SEI8w==';
const KDFS: Record<string, string> = { '72Nt34wpREuR96mkA+MKDA==': 'Argon2d', 'nimLGVbbR3OyPfw+xvCh5g==': 'Argon2id', 'ydnzmmKKRGC/dA0IwYpP6g==': 'AES-KDF' };

const refuse = (message: string) => new VaultError('INVALID_INPUT', message);
const damagedFile = (name: string) => new VaultError('DAMAGED', `${name} is damaged or truncated; nothing was imported.`);
const brokenKeyFile = () => new VaultError('DAMAGED', 'The key file is damaged, empty or not a KeePass key file; choose the one the database was made with. Nothing was imported.');

/** True when the bytes start like a KeePass database of any version (so the caller routes here). */
export function looksLikeKeePass(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig = view.getUint32(4, true);
  return view.getUint32(0, true) === KDBX_MAGIC && (sig === KDBX_SIG || sig === KDB_SIG || sig === KDBX_PRE_RELEASE_SIG);
}

/** A KeeShare signed container is a zip holding container.share.kdbx and its signature. */
export function looksLikeKeeShareContainer(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)).includes('container.share.kdbx');
}

let loaded: Promise<typeof Kdbxweb> | null = null;

/** kdbxweb with hash-wasm's Argon2 plugged in, loaded once and only when needed. */
function kdbxweb(): Promise<typeof Kdbxweb> {
  loaded ??= (async () => {
    const mod = (await import('kdbxweb')) as typeof Kdbxweb & { default?: typeof Kdbxweb };
    const k = mod.default ?? mod;
    k.CryptoEngine.setArgon2Impl(async (password, salt, memoryKiB, iterations, length, parallelism, type, version) => {
      // hash-wasm implements Argon2 1.3, the version every KeePass since 2.35 writes.
      if (version !== 0x13) throw refuse('This database uses Argon2 version 1.0, which Token Vault cannot read; save it once in KeePassXC 2.7 or later and import again.');
      // inspectKdbx checked the header already; this is the last word before memory is taken.
      checkKdfAsk('This database', { kdf: 'Argon2d', iterations, memoryKiB, parallelism });
      // Loaded here, by the one thread that derives (not by the header check, nor for AES-KDF).
      const { argon2d, argon2id } = await import('hash-wasm');
      const derive = type === k.CryptoEngine.Argon2TypeArgon2d ? argon2d : argon2id;
      const hash = await derive({ password: new Uint8Array(password), salt: new Uint8Array(salt), memorySize: memoryKiB, iterations, parallelism, hashLength: length, outputType: 'binary' });
      return hash.buffer.slice(hash.byteOffset, hash.byteOffset + hash.byteLength) as ArrayBuffer;
    });
    // The same AES-KDF in larger steps (kdbx-aes-kdf.ts): kdbxweb calls it through this module object.
    (k.KeyEncryptorAes as { encrypt: typeof aesKdf }).encrypt = aesKdf;
    // The payload's gzip through Node's zlib, not kdbxweb's JavaScript inflate (kdbx-inflate.ts).
    inflateNatively(k);
    return k;
  })();
  return loaded;
}

/** What the header says, read before any password is asked: refuses what we cannot open. */
export async function inspectKdbx(bytes: Uint8Array, name: string): Promise<KdbxFileInfo> {
  if (looksLikeKeeShareContainer(bytes)) {
    throw refuse(`${name} is a KeeShare container; Token Vault reads databases, not KeeShare shares, so import the database the share is synchronised into.`);
  }
  if (!looksLikeKeePass(bytes)) throw new VaultError('DAMAGED', `${name} is not a KeePass database (.kdbx), or its first bytes are damaged; nothing was imported.`);
  // The signature and no whole version after it: the file was cut short, not made by another KeePass.
  if (bytes.length < 12) throw damagedFile(name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig = view.getUint32(4, true);
  const major = bytes.length >= 12 ? view.getUint16(10, true) : 0;
  const minor = bytes.length >= 12 ? view.getUint16(8, true) : 0;
  if (sig === KDB_SIG) throw refuse(`${name} is a KeePass 1.x database (.kdb); open it in KeePassXC, save it as .kdbx, and import that.`);
  if (sig === KDBX_PRE_RELEASE_SIG || major < 3 || major > 4) {
    throw refuse(`${name} is a KDBX ${major}.${minor} database; Token Vault reads KDBX 3.1 and 4.x, so save it in KeePassXC 2.7 or later and import again.`);
  }
  const k = await kdbxweb();
  let header: Kdbxweb.KdbxHeader;
  try {
    header = k.KdbxHeader.read(new k.BinaryStream(toArrayBuffer(bytes)), new k.KdbxContext({ kdbx: new k.Kdbx() }));
  } catch (error) {
    if (error instanceof k.KdbxError && error.code === k.Consts.ErrorCodes.InvalidVersion) {
      throw refuse(`${name} is a KDBX ${major}.${minor} database; Token Vault reads KDBX 3.1 and 4.x, so save it in KeePassXC 2.7 or later and import again.`);
    }
    throw damagedFile(name);
  }
  const cipherId = header.dataCipherUuid?.toString() ?? '';
  if (cipherId === TWOFISH) throw refuse(`${name} is encrypted with Twofish, which Token Vault cannot read; choose AES-256 or ChaCha20 in KeePassXC (Database Settings → Security → Encryption), save, and import again.`);
  const cipher = CIPHERS[cipherId];
  if (!cipher) throw refuse(`${name} uses a cipher Token Vault does not know; choose AES-256 or ChaCha20 in KeePassXC, save, and import again.`);
  const kdfUuid = header.kdfParameters?.get('$UUID');
  const kdf = header.versionMajor < 4 ? 'AES-KDF' : kdfUuid instanceof ArrayBuffer ? KDFS[k.ByteUtils.bytesToBase64(kdfUuid)] : undefined;
  if (!kdf) throw refuse(`${name} uses a key-derivation function Token Vault does not know; choose Argon2d, Argon2id or AES-KDF in KeePassXC, save, and import again.`);
  // Before any password: the derivation runs with whatever the header asks.
  const param = (key: string) => numberOf(header.kdfParameters?.get(key));
  if (kdf === 'AES-KDF') checkKdfAsk(name, { kdf, rounds: header.versionMajor < 4 ? numberOf(header.keyEncryptionRounds) : param('R') });
  else checkKdfAsk(name, { kdf: kdf as 'Argon2d' | 'Argon2id', iterations: param('I'), memoryKiB: (param('M') ?? 0) / 1024, parallelism: param('P') });
  return { version: `KDBX ${header.versionMajor}.${header.versionMinor}`, cipher, kdf };
}

/** A header number: kdbxweb gives small ones as numbers and UInt64 ones as Int64 ({ value }). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'value' in value && typeof (value as { value: unknown }).value === 'number') return (value as { value: number }).value;
  return undefined;
}

/**
 * Decrypts the whole database in memory and reads its entries, in a worker thread (kdbx-run.ts):
 * the key derivation alone may be minutes of CPU. `signal` cancels it.
 */
export async function readKdbx(bytes: Uint8Array, name: string, credentials: KdbxCredentials, signal?: AbortSignal): Promise<KdbxContents> {
  // The header is checked here first, so a refusal costs no worker.
  await inspectKdbx(bytes, name);
  return readKdbxInWorker(bytes, name, credentials, signal);
}

/** The same, on this thread: the worker's own work. */
export async function readKdbxHere(bytes: Uint8Array, name: string, credentials: KdbxCredentials): Promise<KdbxContents> {
  const info = await inspectKdbx(bytes, name);
  const k = await kdbxweb();
  if (credentials.keyFile && credentials.keyFile.byteLength === 0) throw brokenKeyFile();
  // An empty password is no password key at all (a key file alone), or KeePassXC's "empty
  // password" (a password key of "": its test database Compressed.kdbx, kdbxweb's
  // EmptyPass*.kdbx, `keepassxc-cli db-create -p` answered with nothing): both are tried.
  const attempts = credentials.password
    ? [k.ProtectedValue.fromString(credentials.password)]
    : credentials.keyFile
      ? [null, k.ProtectedValue.fromString('')]
      : [k.ProtectedValue.fromString('')];
  let decrypted: { db: Kdbxweb.Kdbx; xml: string } | null = null;
  for (const [index, password] of attempts.entries()) {
    let keys: Kdbxweb.KdbxCredentials;
    try {
      keys = new k.Credentials(password, credentials.keyFile ?? null);
      await keys.ready;
    } catch {
      throw brokenKeyFile();
    }
    try {
      decrypted = await decryptXml(k, bytes, keys);
      break;
    } catch (error) {
      const wrongKey = error instanceof k.KdbxError && error.code === k.Consts.ErrorCodes.InvalidKey;
      if (!wrongKey || index === attempts.length - 1) throw translate(k, error, name, bytes, info);
    }
  }
  if (!decrypted) throw damagedFile(name);
  const { db, xml } = decrypted;
  const { protectedStreamKey, crsAlgorithm, endPos } = db.header;
  if (!protectedStreamKey || !crsAlgorithm || endPos === undefined) throw damagedFile(name);
  const stream = await k.ProtectSaltGenerator.create(protectedStreamKey, crsAlgorithm);
  const { records, headerHash } = parseKeePassXml(xml, stream);
  // KDBX 3.1 has no header MAC; its Meta carries the header's SHA-256 instead.
  if (headerHash && createHash('sha256').update(bytes.subarray(0, endPos)).digest('base64') !== headerHash) throw damagedFile(name);
  return { info, records };
}

let loading: Promise<unknown> = Promise.resolve();

/**
 * kdbxweb verifies and decrypts the file, then builds a DOM of the whole XML, which costs far
 * more memory than the file (see kdbx-xml.ts). Its XML goes through its exported XmlUtils.parse;
 * while one database loads, that hands kdbxweb an empty document and keeps the real text for
 * our streaming reader. Loads run one at a time so the swap never leaks into another load.
 */
async function decryptXml(k: typeof Kdbxweb, bytes: Uint8Array, keys: Kdbxweb.KdbxCredentials): Promise<{ db: Kdbxweb.Kdbx; xml: string }> {
  const run = loading.then(async () => {
    const xmlUtils = k.XmlUtils as { parse: (xml: string) => Document };
    const parse = xmlUtils.parse;
    let xml: string | null = null;
    xmlUtils.parse = (text: string) => {
      xml ??= text;
      return parse('<KeePassFile><Meta></Meta><Root></Root></KeePassFile>');
    };
    try {
      const db = await k.Kdbx.load(toArrayBuffer(bytes), keys);
      if (xml === null) throw new k.KdbxError(k.Consts.ErrorCodes.FileCorrupt, 'no xml');
      return { db, xml: xml as string };
    } finally {
      xmlUtils.parse = parse;
    }
  });
  loading = run.catch(() => undefined);
  return run;
}

function translate(k: typeof Kdbxweb, error: unknown, name: string, bytes: Uint8Array, info: KdbxFileInfo): Error {
  if (error instanceof VaultError) return error;
  // XML longer than V8's longest string (under the inflate cap it cannot be, but a V8 of
  // another build may be shorter): too large, not damaged.
  if (isStringTooLong(error)) return refuse(`${name} holds more text than Token Vault can read (over ${constants.MAX_STRING_LENGTH.toLocaleString('en-US')} characters); nothing was imported.`);
  if (!(error instanceof k.KdbxError)) return damagedFile(name);
  if (error.code === k.Consts.ErrorCodes.InvalidKey) {
    // KDBX 3.1 has no MAC: a cut-off file fails AES-CBC's padding, which looks like a wrong key.
    if (info.version.startsWith('KDBX 3') && payloadIsCut(k, bytes)) return damagedFile(name);
    return new VaultError(
      'WRONG_PASSWORD',
      'The database password or key file is wrong (a database that also needs a YubiKey cannot be imported: Token Vault cannot ask one); nothing was imported.',
    );
  }
  if (error.code === k.Consts.ErrorCodes.FileCorrupt && /key ?file/i.test(error.message)) return brokenKeyFile();
  if (error.code === k.Consts.ErrorCodes.Unsupported) return refuse(`${name} uses a feature Token Vault cannot read (${error.message}); nothing was imported.`);
  return damagedFile(name);
}

/** Node's "Cannot create a string longer than…" (a decoder), or V8's "Invalid string length" (a join or concatenation). */
const isStringTooLong = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG' || (error instanceof RangeError && /Invalid string length/i.test(error.message));

/** KDBX 3.1's encrypted payload is whole AES blocks; anything else was cut short. */
function payloadIsCut(k: typeof Kdbxweb, bytes: Uint8Array): boolean {
  const header = k.KdbxHeader.read(new k.BinaryStream(toArrayBuffer(bytes)), new k.KdbxContext({ kdbx: new k.Kdbx() }));
  return header.endPos !== undefined && (bytes.byteLength - header.endPos) % 16 !== 0;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
