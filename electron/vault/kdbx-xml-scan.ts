// A strict XML tokenizer for the decrypted XML of a KeePass database, written for that one job:
// it walks the text already in memory by index (indexOf, charCodeAt) and copies out only what
// its reader asks for, in bounded pieces. sax read the same 12 MB (10,000 entries) in 0.5 s of
// CPU, character by character; this takes a tenth of that. Every bound holds while it walks,
// not after: a text's pieces are at most CHUNK characters and the reader stops taking them once
// it has what it keeps, an attribute value over MAX_ATTRIBUTE characters and a name over
// MAX_NAME are damage before any of it is copied, and nothing else is kept at all.
// Well-formedness as sax's strict mode checked it: tags nest and close by name, attributes are
// quoted and spaced, an entity is one of XML's five or a reference to an XML character, comments,
// CDATA, processing instructions and a DOCTYPE are closed (a DOCTYPE's entities are never
// expanded). Stricter than sax in what no KeePass writes: one root element and not none, and no
// HTML entities (sax decoded &nbsp; and its kind). Anything else is damage (a ScanError, which
// kdbx-xml.ts says in one sentence).

/** What the tokenizer hands over; `text` only while `collecting` says the reader wants it. */
export interface XmlReader {
  open(name: string, isProtected: boolean): void;
  /** True while the reader takes the current text; false, the text is only checked. */
  collecting(): boolean;
  text(piece: string): void;
  close(name: string): void;
}

export class ScanError extends Error {}

/** Characters of text handed over at once; an entity is never cut between two pieces. */
export const CHUNK = 64 * 1024;
/** sax's own buffer bound: an attribute value (or name) longer than this is damage. */
export const MAX_ATTRIBUTE = 64 * 1024;
export const MAX_NAME = 64 * 1024;

const LT = 60; // <
const GT = 62; // >
const AMP = 38; // &
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const BANG = 33; // !
const QUESTION = 63; // ?

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
/** Ends a name: whitespace, / > = < and quotes. */
const endsName = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === SLASH || c === GT || c === EQ || c === LT || c === QUOT || c === APOS;

const fail = (what: string) => new ScanError(what);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML's Char production, as sax checks a character reference. */
const isXmlChar = (n: number) => n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,9})|([a-zA-Z]{2,4}));|&/g;

/** `text` with its entity references replaced; an invalid one is damage. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_all, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const named = NAMED[name.toLowerCase()];
      if (named === undefined) throw fail('unknown entity');
      return named;
    }
    if (hex === undefined && dec === undefined) throw fail('a bare &');
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
    if (!isXmlChar(code)) throw fail('invalid character reference');
    return String.fromCodePoint(code);
  });
}

/**
 * Walks `xml` (its control characters already dropped, as KeePass tolerates them) and calls the
 * reader for each start tag, text and end tag in document order; a self-closing tag is a start
 * and an end, as in sax. Throws ScanError on what is not well-formed.
 */
export function scanXml(xml: string, reader: XmlReader): void {
  const end = xml.length;
  const stack: string[] = [];
  let sawRoot = false;
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < end) {
    const lt = xml.indexOf('<', at);
    const textEnd = lt < 0 ? end : lt;
    if (textEnd > at) {
      if (stack.length > 0) feedText(xml, at, textEnd, reader);
      else if (!isBlank(xml, at, textEnd)) throw fail('text outside the root element');
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === SLASH) {
      // </name S? >
      const name = stack.pop();
      if (name === undefined || !xml.startsWith(name, lt + 2)) throw fail('an end tag that closes nothing open');
      let j = lt + 2 + name.length;
      while (j < end && isSpace(xml.charCodeAt(j))) j += 1;
      if (xml.charCodeAt(j) !== GT) throw fail('an end tag whose name does not match');
      reader.close(name);
      at = j + 1;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close < 0) throw fail('an unclosed comment');
        at = close + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) throw fail('CDATA outside the root element');
        const close = xml.indexOf(']]>', lt + 9);
        if (close < 0) throw fail('an unclosed CDATA section');
        feedRaw(xml, lt + 9, close, reader);
        at = close + 3;
      } else if (xml.startsWith('<!DOCTYPE', lt) && !sawRoot) {
        at = skipDoctype(xml, lt + 9);
      } else throw fail('an unknown declaration');
    } else if (next === QUESTION) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw fail('an unclosed processing instruction');
      at = close + 2;
    } else {
      if (stack.length === 0 && sawRoot) throw fail('a second root element');
      sawRoot = true;
      at = openTag(xml, lt, stack, reader);
    }
  }
  if (!sawRoot) throw fail('no root element');
  if (stack.length > 0) throw fail('an element left open at the end');
}

/**
 * The name at xml[from, to), the same string each time a name repeats: a file of 10,000 entries
 * has 400,000 start tags of a few dozen names, and a fresh slice for each was most of the
 * garbage. A name is looked up by its length and first character, then compared in place.
 */
const names = new Map<number, string>();
function nameAt(xml: string, from: number, to: number): string {
  const key = (to - from) * 65536 + xml.charCodeAt(from);
  const known = names.get(key);
  if (known !== undefined && xml.startsWith(known, from)) return known;
  const name = xml.slice(from, to);
  if (known !== undefined || names.size < 4096) names.set(key, name);
  return name;
}

function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

/** A start tag at `lt`; returns where the text after it starts. */
function openTag(xml: string, lt: number, stack: string[], reader: XmlReader): number {
  const end = xml.length;
  let j = lt + 1;
  while (j < end && !endsName(xml.charCodeAt(j))) j += 1;
  if (j === lt + 1) throw fail('a tag without a name');
  if (j - lt - 1 > MAX_NAME) throw fail('a name too long');
  const name = nameAt(xml, lt + 1, j);
  let isProtected = false;
  for (;;) {
    const spaced = j;
    while (j < end && isSpace(xml.charCodeAt(j))) j += 1;
    const c = xml.charCodeAt(j);
    if (c === GT) {
      stack.push(name);
      reader.open(name, isProtected);
      return j + 1;
    }
    if (c === SLASH) {
      if (xml.charCodeAt(j + 1) !== GT) throw fail('a / inside a tag');
      stack.push(name);
      reader.open(name, isProtected);
      stack.pop();
      reader.close(name);
      return j + 2;
    }
    if (j >= end) throw fail('a tag cut off at the end');
    // An attribute: name S? = S? "value" or 'value', after whitespace.
    if (j === spaced) throw fail('an attribute without whitespace before it');
    const nameStart = j;
    while (j < end && !endsName(xml.charCodeAt(j))) j += 1;
    if (j === nameStart) throw fail('an attribute without a name');
    if (j - nameStart > MAX_NAME) throw fail('a name too long');
    const attribute = xml.slice(nameStart, j);
    while (j < end && isSpace(xml.charCodeAt(j))) j += 1;
    if (xml.charCodeAt(j) !== EQ) throw fail('an attribute without a value');
    j += 1;
    while (j < end && isSpace(xml.charCodeAt(j))) j += 1;
    const quote = xml.charCodeAt(j);
    if (quote !== QUOT && quote !== APOS) throw fail('an unquoted attribute value');
    // The value ends at its quote; past MAX_ATTRIBUTE it is damage, found without copying it.
    const close = xml.indexOf(quote === QUOT ? '"' : "'", j + 1);
    if (close < 0) throw fail('an unclosed attribute value');
    if (close - j - 1 > MAX_ATTRIBUTE) throw fail('an attribute value too long');
    if (attribute === 'Protected') isProtected = decodeEntities(xml.slice(j + 1, close)).toLowerCase() === 'true';
    j = close + 1;
  }
}

/** Text with entities, from `from` to `to`: handed over in pieces while the reader takes it, else only checked. */
function feedText(xml: string, from: number, to: number, reader: XmlReader): void {
  let at = from;
  while (at < to) {
    let stop = Math.min(to, at + CHUNK);
    if (stop < to) {
      // Not between & and its ;: an entity is at most 12 characters (&#x0010FFFF;).
      for (let k = stop - 1; k > at && k >= stop - 12; k -= 1) {
        const c = xml.charCodeAt(k);
        if (c === 59) break; // ;
        if (c === AMP) {
          stop = k;
          break;
        }
      }
    }
    if (reader.collecting()) {
      reader.text(decodeEntities(xml.slice(at, stop)));
    } else {
      // Only checked: each entity reference it holds, without copying the text (and without
      // indexOf, which would look past `stop` in a text that has no &).
      for (let k = at; k < stop; k += 1) {
        if (xml.charCodeAt(k) !== AMP) continue;
        const semi = xml.indexOf(';', k);
        if (semi < 0 || semi - k > 12) throw fail('a bare &');
        decodeEntities(xml.slice(k, semi + 1));
        k = semi;
      }
    }
    at = stop;
  }
}

/** CDATA: no entities; handed over in pieces while the reader takes it. */
function feedRaw(xml: string, from: number, to: number, reader: XmlReader): void {
  for (let at = from; at < to && reader.collecting(); at += CHUNK) reader.text(xml.slice(at, Math.min(to, at + CHUNK)));
}

/** After `<!DOCTYPE`: to its closing >, past an internal subset in [ ]; returns where it ends. */
function skipDoctype(xml: string, from: number): number {
  const gt = xml.indexOf('>', from);
  const bracket = xml.indexOf('[', from);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const closeBracket = xml.indexOf(']', bracket);
    const after = closeBracket < 0 ? -1 : xml.indexOf('>', closeBracket);
    if (after < 0) throw fail('an unclosed DOCTYPE');
    return after + 1;
  }
  if (gt < 0) throw fail('an unclosed DOCTYPE');
  return gt + 1;
}
