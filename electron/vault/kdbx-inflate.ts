// A .kdbx payload's gzip, inflated by Node's zlib instead of kdbxweb's bundled JavaScript
// inflate (fflate): the same bytes out, in native code (a 10,000-entry database's 12 MB of XML:
// about 0.3 s of CPU in fflate, a few tens of ms in zlib). kdbxweb calls its own copy of fflate,
// which nothing outside its bundle can reach, so the two places that inflate are taken over
// through methods kdbxweb exports: KDBX 3.1's decryptXmlV3 (decrypt, hashed blocks, inflate),
// rewritten here step for step, and KDBX 4's decryptData, which inflates what it decrypted and
// tells kdbxweb the payload is inflated already.
import { constants } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import zlib from 'node:zlib';
import type * as Kdbxweb from 'kdbxweb';
import { VaultError } from './errors';

const MiB = 1024 * 1024;

/**
 * What a payload may inflate to. Its XML must become one JavaScript string, and V8's longest is
 * buffer.constants.MAX_STRING_LENGTH characters: 2^29 - 24 on 64-bit Node 20, 24 characters short
 * of 512 MiB. UTF-8 gives at most one UTF-16 unit per byte, so a payload of at most that many
 * bytes always fits; the cap is that limit rounded down to whole MiB, less 1 MiB of margin
 * (510 MiB here). The old cap of 512 MiB let a payload between the two through, to fail as
 * "damaged". A gzip bomb stops here with a sentence, before its memory is taken (zlib's output
 * is outside the worker's JavaScript heap limit, so the cap is ours to keep).
 */
export const MAX_INFLATED_BYTES = Math.min(512 * MiB, Math.floor(constants.MAX_STRING_LENGTH / MiB) * MiB - MiB);

let cap = MAX_INFLATED_BYTES;

/** Tests: a smaller cap for the reader's inflate (a 510 MiB payload is too heavy to test with); returns the undo. */
export function setMaxInflatedBytesForTests(bytes: number): () => void {
  const before = cap;
  cap = bytes;
  return () => {
    cap = before;
  };
}

const sizeText = (bytes: number) => (bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${Math.round(bytes / 1024)} KiB`);

/** gunzip, refusing past `max` bytes of output; a damaged stream throws zlib's error (reported as damage). */
export function inflatePayload(data: ArrayBuffer | Uint8Array, max = cap): ArrayBuffer {
  const input = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  let out: Buffer;
  try {
    out = zlib.gunzipSync(input, { maxOutputLength: max });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new VaultError('INVALID_INPUT', `The database unpacks to more than ${sizeText(max)}; Token Vault stops there, so nothing was imported.`);
    }
    throw error;
  }
  if (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) return out.buffer as ArrayBuffer;
  const copy = out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  out.fill(0);
  return copy;
}

interface FormatInternals {
  kdbx: Kdbxweb.Kdbx;
  getMasterKeyV3(): Promise<ArrayBuffer>;
  decryptData(data: ArrayBuffer, key: ArrayBuffer): Promise<ArrayBuffer>;
  trimStartBytesV3(data: ArrayBuffer): ArrayBuffer;
  decryptXmlV3(stm: Kdbxweb.BinaryStream): Promise<string>;
}

/** Whether the AES payload's first blocks decrypt, under `key`, to the header's stream start bytes. */
function startsRight(k: typeof Kdbxweb, header: Kdbxweb.KdbxHeader, encrypted: ArrayBuffer, key: ArrayBuffer): boolean {
  const expected = header.streamStartBytes;
  const iv = header.encryptionIV;
  if (!expected || !iv || header.dataCipherUuid?.toString() !== k.Consts.CipherId.Aes) return false;
  const length = expected.byteLength;
  if (length === 0 || length % 16 !== 0 || encrypted.byteLength < length) return false;
  const decipher = createDecipheriv('aes-256-cbc', Buffer.from(key), Buffer.from(iv));
  decipher.setAutoPadding(false);
  const first = Buffer.concat([decipher.update(Buffer.from(encrypted, 0, length)), decipher.final()]);
  return first.equals(Buffer.from(expected));
}

/** Makes kdbxweb inflate with zlib; once per loaded kdbxweb. */
export function inflateNatively(k: typeof Kdbxweb): void {
  const format = k.KdbxFormat.prototype as unknown as FormatInternals;
  const gzip = k.Consts.CompressionAlgorithm.GZip;
  const decryptData = format.decryptData;
  // KDBX 3.1: kdbxweb's decryptXmlV3 with zlib for fflate (its other steps are its own methods).
  format.decryptXmlV3 = async function (this: FormatInternals, stm: Kdbxweb.BinaryStream): Promise<string> {
    const encrypted = stm.readBytesToEnd();
    const masterKey = await this.getMasterKeyV3();
    let data: ArrayBuffer;
    try {
      data = await decryptData.call(this, encrypted, masterKey);
    } catch (error) {
      // KDBX 3.1 has no MAC: a damaged last block fails AES-CBC's padding as a wrong key does.
      // The stream start bytes, in the first blocks, say whether the key was right.
      if (startsRight(k, this.kdbx.header, encrypted, masterKey)) throw new k.KdbxError(k.Consts.ErrorCodes.FileCorrupt, 'damaged payload');
      throw error;
    } finally {
      k.ByteUtils.zeroBuffer(masterKey);
    }
    data = this.trimStartBytesV3(data);
    data = await k.HashedBlockTransform.decrypt(data);
    if (this.kdbx.header.compression === gzip) data = inflatePayload(data);
    return k.ByteUtils.bytesToString(data);
  };
  // KDBX 4: loadV4 inflates decryptData's answer when the header says GZip; inflated here, the
  // header says so no more (this load's own header object, read fresh from the file by it).
  format.decryptData = async function (this: FormatInternals, data: ArrayBuffer, key: ArrayBuffer): Promise<ArrayBuffer> {
    const plain = await decryptData.call(this, data, key);
    const header = this.kdbx.header;
    if (header.versionMajor !== 4 || header.compression !== gzip) return plain;
    header.compression = k.Consts.CompressionAlgorithm.None;
    return inflatePayload(plain);
  };
}
